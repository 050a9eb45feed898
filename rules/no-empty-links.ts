import type {Definition, Image, ImageReference, Link, LinkReference, Nodes, Parent, Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {checkKeys, docsUrl, optionObject, regexList, report, type Rule} from '../src/rule.js'

const id = 'no-empty-links'

const meta = {
  id,
  description: 'Links and images must have a target a reader can follow.',
  recommended: true,
  url: docsUrl(id),
}

export interface Options {
  /** Reference labels a site plugin resolves (mkdocs-autorefs, for example): never undefined. */
  ignoreReferences: RegExp[]
}

const defaults: Options = {ignoreReferences: []}

// Words writers put where the address will go.
const placeholderTarget =
  /^#?(?:todo|tbd|tba|tk|fixme|xxx+|link|url|href|placeholder|(?:add|insert)[-_ ]?(?:a[-_ ]?)?(?:link|url)|(?:link|url)[-_ ]?(?:here|tbd|todo|to[-_ ]?come))$/i
// A scheme and nothing after it.
const schemeOnly = /^https?:\/*$/i
// Words and spaces only, no path, extension, query or anchor: `link to KIC doc`.
const prose = /^[\p{L}\p{N}'’,;&-]+(?:\s+[\p{L}\p{N}'’,;&-]+)+$/u
// `[text][ref]` and `[text][]` that remark left as text because nothing defines `ref`.
const reference = /(!?)\[((?:[^[\]\n]|\n(?![ \t]*\n)){1,200})\]\[([^[\]\n]{0,200})\]/g
// `[text](prose target)`: CommonMark refuses a destination with spaces, so it stays text.
const proseLink = /(!?)\[((?:[^[\]\n]|\n(?![ \t]*\n)){1,200})\]\(([^()\n]{1,200})\)/g
// What a template span becomes in the scan: text, but not text a label can be compared on.
const templateFill = '\u0001'
// An included file named like a list of links (`{% include links.md %}`, `--8<-- "refs.md"`) may
// define the references of the page.
const linkInclude = /^(?:include|include_relative|include_cached|readfile|snippet)\b.*(?:link|ref)/i
const snippetLine = /^[ \t]*-{1,2}8<-{1,2}[ \t]+["']?[^\n]*(?:link|ref)/im
// Backslash escapes hide the bracket that follows them.
const escape = /\\[!-/:-@[-`{-~]/g
// Nodes whose source the text scan must not look into: code, HTML, and links remark did read.
// They become letters, not spaces: `[`code`][ref]` still has link text.
const opaque = new Set([
  'inlineCode',
  'html',
  'link',
  'image',
  'linkReference',
  'imageReference',
  'footnoteReference',
  'inlineMath',
  'template',
  'mdxTextExpression',
  'mdxJsxTextElement',
])

const rule = {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['ignoreReferences'])
    return {ignoreReferences: regexList(options, 'ignoreReferences', 'u') ?? []}
  },
  check(tree: Root, file: VFile, options?: Options) {
    const settings = options ?? defaults
    const source = String(file.value)

    visit(tree, (node) => {
      if ((node.type === 'link' || node.type === 'image') && node.position) checkTarget(node, file, source)
    })

    const defined = new Set<string>()
    // Definitions the generator appends to every page (MkDocs snippets' `auto_append`).
    for (const label of file.data.profile?.sharedDefinitions ?? []) defined.add(normalize(label))
    const definitions = new Map<string, Definition>()
    visit(tree, 'definition', (node) => {
      defined.add(normalize(node.label ?? node.identifier))
      if (!definitions.has(node.identifier)) definitions.set(node.identifier, node)
    })
    // `[text][frag]` with `[frag]: #`: the reference resolves, to nowhere.
    visit(tree, (node) => {
      if ((node.type !== 'linkReference' && node.type !== 'imageReference') || !node.position) return
      const definition = definitions.get(node.identifier)
      if (definition) checkReferenceTarget(node, definition, file, source)
    })
    let place: ReturnType<typeof location> | undefined
    const toPosition = (from: number, to: number): Position | undefined => {
      place ??= location(file)
      const start = place.toPoint(from)
      const end = place.toPoint(to)
      return start && end ? {start, end} : undefined
    }
    const includesLinks =
      snippetLine.test(source) ||
      (file.data.templateSpans ?? []).some((span) => span.renders && linkInclude.test(span.inner))
    visit(tree, (node) => {
      if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return
      const scan = scannable(node, source, file)
      if (!scan) return
      for (const match of scan.text.matchAll(reference)) {
        const [whole, bang, text, ref] = match
        const label = ref!.trim() === '' ? text! : ref!
        const before = scan.text[match.index - 1] ?? ''
        if (!bang && /[\p{L}\p{N}_\])]/u.test(before)) continue // `array[0][1]`, `a][b][c]`
        if (includesLinks || !looksLikeLabel(text!) || !looksLikeLabel(label) || label.includes(templateFill)) continue
        if (defined.has(normalize(label)) || settings.ignoreReferences.some((pattern) => pattern.test(label))) continue
        const from = scan.start + match.index
        const position = toPosition(from, from + whole.length)
        if (!position) continue
        report(
          file,
          meta,
          `Unexpected undefined reference \`${shown(source.slice(from, from + whole.length))}\`, expected a definition \`[${shown(label.trim())}]: …\``,
          position,
        )
      }
      for (const match of scan.text.matchAll(proseLink)) {
        const [whole, bang, , target] = match
        if (!prose.test(target!.trim())) continue
        const from = scan.start + match.index
        const position = toPosition(from, from + whole.length)
        if (!position) continue
        const kind = bang ? 'image' : 'link'
        report(file, meta, `Unexpected ${kind} target \`${shown(target!.trim())}\`, expected a URL or path`, position)
      }
    })
  },
} satisfies Rule<Options>

export default rule

function checkTarget(node: Link | Image, file: VFile, source: string): void {
  const url = node.url.trim()
  // `{{ page.version }}`, `{% link x.md %}`, `{{< ref "x" >}}`: the generator writes the address.
  if (/\{[{%]/.test(url)) return
  const kind = node.type === 'image' ? 'image' : 'link'
  const written = shown(source.slice(node.position!.start.offset, node.position!.end.offset))
  if (url === '' || url === '#') {
    // `[Back to top](#)` goes where it says.
    if (url === '#' && node.type === 'link' && /\btop\b/i.test(plainText(node))) return
    const what = node.type === 'image' ? 'source' : 'target'
    report(file, meta, `Unexpected ${kind} with no ${what} \`${written}\`, expected a URL or path`, node)
    return
  }
  if (placeholderTarget.test(url) || schemeOnly.test(url) || prose.test(url)) {
    report(file, meta, `Unexpected ${kind} target \`${shown(url)}\`, expected a URL or path`, node)
  }
}

function checkReferenceTarget(
  node: LinkReference | ImageReference,
  definition: Definition,
  file: VFile,
  source: string,
): void {
  const url = definition.url.trim()
  if (/\{[{%]/.test(url)) return
  const kind = node.type === 'imageReference' ? 'image' : 'link'
  const written = shown(source.slice(node.position!.start.offset, node.position!.end.offset))
  if (url === '' || url === '#') {
    if (url === '#' && node.type === 'linkReference' && /\btop\b/i.test(plainText(node))) return
    const what = kind === 'image' ? 'source' : 'target'
    report(
      file,
      meta,
      `Unexpected ${kind} with no ${what} \`${written}\`, expected a URL or path in \`[${shown(definition.label ?? definition.identifier)}]: …\``,
      node,
    )
    return
  }
  if (placeholderTarget.test(url) || schemeOnly.test(url)) {
    report(file, meta, `Unexpected ${kind} target \`${shown(url)}\` of \`${written}\`, expected a URL or path`, node)
  }
}

interface Scan {
  text: string
  start: number
}

/**
 * The block's source with everything but its text blanked out, offsets kept: code, HTML, links
 * remark read, template spans and escaped characters cannot hold a link remark left as text.
 */
function scannable(node: Parent, source: string, file: VFile): Scan | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return undefined
  const raw = source.slice(start, end)
  if (!raw.includes('][') && !raw.includes('](')) return undefined
  return {text: blankRanges(raw, start, node, file), start}
}

function blankRanges(raw: string, start: number, node: Parent, file: VFile): string {
  const chars = raw.split('')
  const blank = (from: number | undefined, to: number | undefined, fill = ' '): void => {
    if (from === undefined || to === undefined) return
    for (let index = Math.max(from - start, 0); index < Math.min(to - start, chars.length); index++) {
      if (chars[index] !== '\n') chars[index] = fill
    }
  }
  const walk = (parent: Parent): void => {
    for (const child of parent.children as Nodes[]) {
      if (opaque.has(child.type)) {
        blank(child.position?.start.offset, child.position?.end.offset, child.type === 'template' ? templateFill : 'x')
      } else if ('children' in child) walk(child)
    }
  }
  walk(node)
  // Template spans that render nothing have no node; blank them too.
  for (const span of file.data.templateSpans ?? []) {
    if (span.end > start && span.start < start + raw.length)
      blank(span.start, span.end, span.renders ? templateFill : ' ')
  }
  return chars.join('').replace(escape, '  ')
}

// Brackets in prose that are not a link: task boxes, footnotes, regex classes, `[TOC]`, numbers.
function looksLikeLabel(text: string): boolean {
  const trimmed = text.trim()
  if (trimmed === '' || /^[ xX]$/.test(text)) return false
  if (trimmed.startsWith('^')) return false
  // Character classes and ranges: `[a-z]`, `[0-9]`, `[\w]`.
  if (/^\S-\S$|\\/.test(trimmed)) return false
  return true
}

// CommonMark label matching: case-folded, inner white space collapsed.
function normalize(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase()
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if (node.type === 'image') return node.alt ?? ''
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : ''
}

function shown(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine
}
