import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {
  bareShortcodeCall,
  docsUrl,
  forEachExpression,
  noOptions,
  type Rule,
  type RuleContext,
  type TemplateSpan,
} from '../src/rule.js'

const id = 'no-literal-template-syntax'

const meta = {
  id,
  description: 'Template expressions must not stand where the site generator shows them as written.',
  recommended: true,
  url: docsUrl(id),
}

export default {
  meta,
  parseOptions: noOptions,
  check(tree: Root, file: VFile, _options: undefined, context: RuleContext) {
    const {profile, templateSpans: spans} = context
    // `{{ }}` that is code of the generator's own (Vue, JSX) is never literal text.
    if (profile.expressionsAreCode || !spans.some((span) => span.kind === 'expression')) return
    let codeRanges: Array<[number, number]> | undefined
    const literal = profile.literalTemplates ?? {where: `on a ${profile.title} site`, expected: 'no template syntax'}
    forEachExpression(tree, file, spans, (span, position) => {
      // `{{ ref page.md }}`: a Hugo shortcode call without its `<` `>`. No template language reads
      // it as an expression (Liquid and Jinja render an empty variable), so it is wrong on any site.
      const shortcode = bareShortcodeCall(span.inner)
      if (shortcode) {
        context.report(
          `Unexpected shortcode call without its delimiters \`${shorten(span.value)}\`, expected \`{{< ${shortcode} … >}}\`: it is shown as written`,
          position,
        )
        return
      }
      // Templates that run: the expression renders.
      if (profile.rendersTemplates) return
      // Shortcodes whose body shows template code on purpose (`{{< highlight >}}{{ .Title }}{{< /highlight >}}`).
      if (profile.codeShortcodes.size > 0) {
        codeRanges ??= codeShortcodeRanges(spans, profile.codeShortcodes)
        if (codeRanges.some(([from, to]) => span.start >= from && span.end <= to)) return
      }
      context.report(
        `Unexpected template expression \`${shorten(span.value)}\` ${literal.where}, expected ${literal.expected}: ${profile.title} shows it as written`,
        position,
      )
    })
  },
} satisfies Rule<undefined>

/** The stretches between a code shortcode and its closing tag. */
function codeShortcodeRanges(spans: readonly TemplateSpan[], names: ReadonlySet<string>): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  const open = new Map<string, number>()
  for (const span of spans) {
    if (span.kind !== 'shortcode') continue
    const name = span.name.toLowerCase()
    if (names.has(name) && !open.has(name)) open.set(name, span.end)
    else if (name.startsWith('/') && open.has(name.slice(1))) {
      ranges.push([open.get(name.slice(1))!, span.start])
      open.delete(name.slice(1))
    }
  }
  return ranges
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 57)}…` : line
}
