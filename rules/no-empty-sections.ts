import path from 'node:path'
import type {Heading, Nodes, Root} from 'mdast'
import type {VFile} from 'vfile'
import {
  containsLink,
  demonstratedIn,
  docsUrl,
  headingsShownFrom,
  isSilentMdx,
  noOptions,
  report,
  type Rule,
  sections,
  type TemplateSpan,
} from '../src/rule.js'

const id = 'no-empty-sections'

const meta = {
  id,
  description: 'Sections must have content under their heading.',
  recommended: true,
  url: docsUrl(id),
}

// HTML a reader never sees: comments, closing tags, and empty anchors such as `<a name="x"></a>`.
const invisibleHtml = /^(?:\s|<!--[\s\S]*?-->|<\/[\w:-]+\s*>|<a(?:\s[^>]*)?>)*$/i
// A kramdown block attribute list or extension on its own (`{: .note}`, `{:toc}`) renders nothing.
const kramdownOnly = /^(?:\s*\{:[^}\n]*\}\s*)+$/
const maxQuote = 60
// Liquid, Jinja and custom tags (`if_version`, `endif_version`) that open, switch or close a branch.
const branchOpen = /^(?:if|unless|case|if_\w+|unless_\w+)$/
const branchSwitch = /^(?:else|elsif|elif|when|else_\w+|elsif_\w+)$/
const branchClose = /^(?:endif|endunless|endcase|endif_\w+|endunless_\w+)$/

const rule = {
  meta,
  parseOptions: noOptions,
  check(tree: Root, file: VFile) {
    const source = String(file.value)
    const spans = file.data.templateSpans ?? []
    const demonstrated = demonstratedIn(tree)
    const shownFrom = headingsShownFrom(tree)
    const appended = file.path ? (file.data.profile?.appendsContent(path.resolve(file.cwd, file.path)) ?? false) : false
    const all = sections(tree)
    // Whether each section, its subsections included, puts nothing on the page: decided from the
    // last section back, so that a section's subsections are known before the section itself.
    const empty = new Map<Heading, boolean>()
    const found: Array<{heading: Heading; expected: string}> = []
    for (let index = all.length - 1; index >= 0; index--) {
      const section = all[index]!
      const heading = section.heading
      empty.set(heading, false)
      if (!heading.position) continue
      if (!section.body.every(isBlank)) continue
      // A section whose subsections are all empty is empty too; one with any content is not.
      const subsections = section.content.filter((node): node is Heading => node.type === 'heading')
      if (!subsections.every((sub) => empty.get(sub) === true)) continue
      // A heading that is a link (`### [tbl.insert](https://…)`) sends the reader to its content.
      if (isTemplateTag(heading) || containsLink(heading)) continue
      // A heading that shows how a component renders, its source in a code block on the page.
      if (demonstrated(quote(heading, source, Infinity))) continue
      // A heading there to fill a table of contents that a component on the page shows.
      if (shownFrom !== undefined && (heading.position.start.offset ?? 0) > shownFrom) continue
      const last = tree.children.indexOf(heading) + section.body.length
      const next = tree.children[last + 1]
      // The block tag that follows is content, whatever Markdown made of it.
      if (next?.type === 'heading' && isTemplateTag(next)) continue
      if (next && isAlternative(spans, heading.position.end.offset, next.position?.start.offset)) continue
      // The generator appends content to the page (a blog index lists its posts).
      if (next === undefined && appended) continue
      empty.set(heading, true)
      const expected =
        next === undefined ? 'expected content before the end of the page' : 'expected content before the next heading'
      found.push({heading, expected})
    }
    for (const {heading, expected} of found.reverse()) {
      report(file, meta, `Unexpected empty section \`${quote(heading, source)}\`, ${expected}`, heading)
    }
  },
} satisfies Rule<undefined>

export default rule

// `{% mermaid %}` over a `---` line reads as a setext heading, but it is a block tag, not a title.
function isTemplateTag(heading: Heading): boolean {
  const visible = heading.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''))
  return visible.length > 0 && visible.every((child) => child.type === 'template' && child.kind !== 'expression')
}

// One heading per version, `{% if_version lte:2.5.x %}## Old{% endif_version %}{% if_version
// gte:2.6.x %}## New{% endif_version %}`: the branches share the content after the last one.
function isAlternative(spans: TemplateSpan[], from: number | undefined, to: number | undefined): boolean {
  if (from === undefined || to === undefined) return false
  let closed = false
  for (const span of spans) {
    if (span.start < from || span.end > to || span.kind !== 'tag') continue
    const name = span.name.toLowerCase()
    if (branchSwitch.test(name)) return true
    if (branchClose.test(name)) closed = true
    else if (closed && branchOpen.test(name)) return true
  }
  return false
}

// Nodes that put nothing on the rendered page where they stand.
function isBlank(node: Nodes): boolean {
  switch (node.type) {
    case 'paragraph':
      return node.children.every(isBlank)
    case 'text':
      return node.value.trim() === '' || kramdownOnly.test(node.value)
    case 'html':
      return invisibleHtml.test(node.value)
    case 'template':
      return !node.renders
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      return isSilentMdx(node)
    case 'definition':
    case 'footnoteDefinition':
    case 'thematicBreak':
      return true
    default:
      return false
  }
}

// The heading as written, on one line and cut to a readable length.
function quote(heading: Nodes, source: string, length = maxQuote): string {
  const start = heading.position?.start.offset
  const end = heading.position?.end.offset
  let text = start === undefined || end === undefined ? '' : source.slice(start, end)
  // Setext headings: keep the text line, not the underline.
  text = text
    .split(/\r?\n/)
    .filter((line) => !/^\s*(?:=+|-+)\s*$/.test(line))
    .join(' ')
  text = text.replace(/\s+/g, ' ').trim()
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
