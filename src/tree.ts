/** Tree helpers that several rules share. Exported to rules through rule.ts. */
import type {Heading, Nodes, Root, RootContent} from 'mdast'
import type {Point, Position} from 'unist'

export interface Section {
  heading: Heading
  /** Nodes after the heading up to the next heading of any rank. */
  body: RootContent[]
  /** Nodes after the heading up to the next heading of the same or a higher rank (subsections included). */
  content: RootContent[]
}

/** The sections of a page: one per top-level heading, in order. */
export function sections(tree: Root): Section[] {
  const result: Section[] = []
  const children = tree.children
  children.forEach((node, index) => {
    if (node.type !== 'heading') return
    let bodyEnd = index + 1
    while (bodyEnd < children.length && children[bodyEnd]!.type !== 'heading') bodyEnd++
    let contentEnd = bodyEnd
    while (contentEnd < children.length) {
      const next = children[contentEnd]!
      if (next.type === 'heading' && next.depth <= node.depth) break
      contentEnd++
    }
    result.push({
      heading: node,
      body: children.slice(index + 1, bodyEnd),
      content: children.slice(index + 1, contentEnd),
    })
  })
  return result
}

/**
 * The position of `value.slice(start, end)` of a text (or HTML) node in the source. The value
 * differs from the source where escapes, character references or line prefixes (`> `, list
 * indentation) were removed, so the two are walked side by side; when they cannot be matched,
 * the whole node is the place.
 */
export function textSpanPosition(
  node: {value: string; position?: Position},
  start: number,
  end: number,
  source: string,
): Position | undefined {
  const position = node.position
  const from = position?.start.offset
  const to = position?.end.offset
  if (!position || from === undefined || to === undefined) return position
  const offsets = sourceOffsets(node.value, source, from, to)
  if (!offsets || end <= start) return position
  return {
    start: pointAt(offsets, source, position.start, offsets.starts[start]!),
    end: pointAt(offsets, source, position.start, offsets.ends[end - 1]!),
  }
}

interface Offsets {
  starts: number[]
  ends: number[]
  /** Offsets where a line starts within the node, worked out on first use. */
  lineStarts?: number[]
}

// The offsets of the text nodes of the page being linted, worked out once per node: a rule that
// reports many matches in one long text node would otherwise walk the node again for each.
let cachedSource: string | undefined
let cachedOffsets = new Map<string, {value: string; offsets: Offsets | undefined}>()

const characterReference = /^&(?:#[xX][\da-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z\d]{1,31});/
// What Markdown strips from the start of a continued line: indentation and block quote markers.
const linePrefix = /[ \t>\r\n]/

/**
 * The source offsets (from `from` to `to`) where each character of `value` starts and ends,
 * or undefined when the value is not the source with escapes, character references and line
 * prefixes taken out.
 */
export function sourceOffsets(value: string, source: string, from: number, to: number): Offsets | undefined {
  if (source !== cachedSource) {
    cachedSource = source
    cachedOffsets = new Map()
  }
  const key = `${from}:${to}`
  const cached = cachedOffsets.get(key)
  if (cached && cached.value === value) return cached.offsets
  const offsets = computeOffsets(value, source, from, to)
  cachedOffsets.set(key, {value, offsets})
  return offsets
}

function computeOffsets(value: string, source: string, from: number, to: number): Offsets | undefined {
  const starts: number[] = []
  const ends: number[] = []
  let at = from
  for (let index = 0; index < value.length; index++) {
    const char = value[index]!
    for (;;) {
      if (at >= to) return undefined
      const reference = source[at] === '&' ? characterReference.exec(source.slice(at, at + 40)) : null
      if (reference && (char !== '&' || reference[0] === '&amp;' || source[at + 1] !== value[index + 1])) {
        starts[index] = at
        at += reference[0].length
        ends[index] = at
        // A reference to a character outside the BMP stands for two code units.
        if (/[\uD800-\uDBFF]/.test(char) && index + 1 < value.length) {
          index++
          starts[index] = starts[index - 1]!
          ends[index] = at
        }
        break
      }
      if (source[at] === char) {
        starts[index] = at
        ends[index] = ++at
        break
      }
      if (source[at] === '\\' && source[at + 1] === char) {
        starts[index] = at
        at += 2
        ends[index] = at
        break
      }
      if (!linePrefix.test(source[at]!)) return undefined
      at++
    }
  }
  return {starts, ends}
}

function pointAt(offsets: Offsets, source: string, origin: Point, offset: number): Point {
  const lineStarts = (offsets.lineStarts ??= findLineStarts(
    source,
    origin.offset!,
    offsets.ends[offsets.ends.length - 1] ?? origin.offset!,
  ))
  // The number of line starts at or before `offset`: a binary search.
  let low = 0
  let high = lineStarts.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (lineStarts[middle]! <= offset) low = middle + 1
    else high = middle
  }
  if (low === 0) return {line: origin.line, column: origin.column + (offset - origin.offset!), offset}
  return {line: origin.line + low, column: offset - lineStarts[low - 1]! + 1, offset}
}

// Line endings as micromark counts them: LF, CRLF, and a lone CR.
function findLineStarts(source: string, from: number, to: number): number[] {
  const starts: number[] = []
  for (let index = from; index < to; index++) {
    const char = source.charCodeAt(index)
    if (char === 10 || (char === 13 && source.charCodeAt(index + 1) !== 10)) starts.push(index + 1)
  }
  return starts
}

/** Whether a node is or contains a link a reader can follow. */
export function containsLink(node: Nodes): boolean {
  if (node.type === 'link' || node.type === 'linkReference') return true
  if (node.type === 'html') return /<a\s[^>]*href\s*=/i.test(node.value)
  // MDX: `<a href>`, and components that link (`<Link to>`, Starlight's `<LinkCard href>`).
  if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
    if (
      node.attributes.some((attribute) => attribute.type === 'mdxJsxAttribute' && /^(?:href|to)$/.test(attribute.name))
    )
      return true
  }
  if ('children' in node) return (node.children as Nodes[]).some(containsLink)
  return false
}

const mdxCommentOnly = /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n?\s*)+$/

/**
 * MDX that puts nothing on the page where it stands: `import`/`export` statements and
 * `{/* comments *\/}`. Other expressions and JSX render something docgap cannot see.
 */
export function isSilentMdx(node: Nodes): boolean {
  const type = node.type as string
  if (type === 'mdxjsEsm') return true
  if (type !== 'mdxFlowExpression' && type !== 'mdxTextExpression') return false
  return mdxCommentOnly.test((node as {value: string}).value)
}

/** Text shorter than this is too common to say that a code block shows it. */
const minDemonstrated = 20

/**
 * Whether text of the page also stands in one of its code blocks: the rendered half of a
 * code-and-result pair (MkDocs Material's `<div class="result">`, VitePress' Input and Output,
 * a `<Preview>` beside its source), where lorem ipsum and bare headings are the example, not
 * unfinished work. White space is ignored; short text never counts.
 */
export function demonstratedIn(tree: Root): (text: string) => boolean {
  let shown: string | undefined
  return (text) => {
    const wanted = text.replace(/\s+/g, ' ').trim()
    if (wanted.length < minDemonstrated) return false
    if (shown === undefined) {
      const values: string[] = []
      const collect = (node: Nodes): void => {
        if (node.type === 'code') values.push(node.value.replace(/\s+/g, ' '))
        else if ('children' in node) for (const child of node.children as Nodes[]) collect(child)
      }
      collect(tree)
      shown = values.join('\n')
    }
    return shown.includes(wanted)
  }
}

// An MDX attribute expression that reads the page's `toc` (its headings), not `props.toc`.
const readsToc = /(?:^|[^\w$.])toc\b/
// The same, as an attribute in MDX source: `<TOCInline toc={toc} />`.
const tocProp = /<[A-Z][\w.]*\s[^>]*=\{[^}]*(?<![\w$.])toc\b/

/**
 * Where an MDX element first renders the page's own headings, as Docusaurus' `<TOCInline
 * toc={toc} />` does with the `toc` every MDX page exports (in an `mdx-code-block` fence too): the
 * headings after it, and the filler under them, show what the component renders. Undefined when
 * no element does.
 */
export function headingsShownFrom(tree: Root): number | undefined {
  let found: number | undefined
  const walk = (node: Nodes): void => {
    if (found !== undefined) return
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const shows = node.attributes.some(
        (attribute) =>
          attribute.type === 'mdxJsxAttribute' &&
          typeof attribute.value === 'object' &&
          attribute.value !== null &&
          readsToc.test(attribute.value.value),
      )
      if (shows && node.position) {
        found = node.position.start.offset
        return
      }
    }
    // Docusaurus renders an `mdx-code-block` fence as the MDX it holds.
    if (node.type === 'code' && node.lang === 'mdx-code-block' && tocProp.test(node.value) && node.position) {
      found = node.position.start.offset
      return
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child)
  }
  walk(tree)
  return found
}

/**
 * The short paragraphs (four words at most) that are the whole body of a section whose heading a
 * component shows (see `headingsShownFrom`): `## Example section` over `Lorem ipsum`, there to
 * fill the table of contents; a sentence under such a heading is still read.
 */
export function fillerUnderShownHeadings(tree: Root): Set<Nodes> {
  const from = headingsShownFrom(tree)
  const filler = new Set<Nodes>()
  if (from === undefined) return filler
  for (const {heading, body} of sections(tree)) {
    const offset = heading.position?.start.offset
    if (offset === undefined || offset < from) continue
    const content = body.filter((node) => !(node.type === 'html' || node.type === 'thematicBreak'))
    const only = content.length === 1 ? content[0]! : undefined
    if (only?.type === 'paragraph' && words(only) <= 4) filler.add(only)
  }
  return filler
}

function words(node: Nodes): number {
  const text = (node: Nodes): string =>
    'value' in node && typeof node.value === 'string'
      ? node.value
      : 'children' in node
        ? (node.children as Nodes[]).map(text).join(' ')
        : ''
  return text(node).split(/\s+/).filter(Boolean).length
}
