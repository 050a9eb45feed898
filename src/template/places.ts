/**
 * Where a page's template expressions stand: in text (`template` nodes in prose, headings, table
 * cells and link text) and in the URLs, titles and alt text of links and images, which keep
 * their original text. Expressions that are not template syntax are left out: GitHub Actions'
 * `${{ … }}` and double braces in TeX math.
 */
import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {firstAtOrAfter, type TemplateSpan} from './spans.js'

/** Calls `each` with every `{{ … }}` expression of the page outside code and HTML, and where it stands. */
export function forEachExpression(
  tree: Root,
  file: VFile,
  spans: readonly TemplateSpan[],
  each: (span: TemplateSpan, position: Position) => void,
): void {
  const source = String(file.value)
  // Two rules ask on every page: the tree is walked for the first only.
  let known = placesOf.get(tree)
  if (!known || known.spans !== spans || known.source !== source) {
    known = {spans, source, places: expressionPlaces(tree, source, spans)}
    placesOf.set(tree, known)
  }
  for (const [span, position] of known.places) each(span, position)
}

const placesOf = new WeakMap<
  Root,
  {spans: readonly TemplateSpan[]; source: string; places: Array<[TemplateSpan, Position]>}
>()

function expressionPlaces(tree: Root, source: string, spans: readonly TemplateSpan[]): Array<[TemplateSpan, Position]> {
  const places: Array<[TemplateSpan, Position]> = []
  const expressions = spans.filter((span) => span.kind === 'expression')
  if (expressions.length === 0) return places
  const check = (span: TemplateSpan, position: Position | undefined): void => {
    if (!position) return
    // `${{ x }}` is a GitHub Actions expression, shown as written on the page it documents.
    if (source[span.start - 1] === '$') return
    if (inMath(source, span)) return
    places.push([span, position])
  }

  const byStart = new Map(expressions.map((span) => [span.start, span]))
  const seen = new Set<number>()
  visit(tree, 'template', (node) => {
    if (node.kind !== 'expression' || !node.position) return
    const start = node.position.start.offset
    if (start === undefined) return
    seen.add(start)
    const span = byStart.get(start)
    if (span) check(span, node.position)
  })

  // URLs, titles and alt text keep their original text: find their spans by offset.
  let place: ReturnType<typeof location> | undefined
  visit(tree, (node) => {
    if (!['link', 'image', 'definition', 'linkReference', 'imageReference'].includes(node.type)) return
    const from = node.position?.start.offset
    const to = node.position?.end.offset
    if (from === undefined || to === undefined) return
    for (let index = firstAtOrAfter(expressions, from); index < expressions.length; index++) {
      const span = expressions[index]!
      if (span.start >= to) break
      if (span.end > to || seen.has(span.start)) continue
      seen.add(span.start)
      place ??= location(source)
      const start = place.toPoint(span.start)
      const end = place.toPoint(span.end)
      check(span, start && end ? {start, end} : node.position)
    }
  })
  return places
}

/**
 * Whether a span sits inside TeX math (`$\\frac{{a}}{b}$`, `$$…$$`), which uses double braces for
 * grouping: an odd number of `$$`, or of `$`, before it in its block of text, and one after it; or
 * an open `\\[` or `\\(` before it (LaTeX's own delimiters, which Hugo's passthrough, MathJax and
 * KaTeX read) and its close after it.
 */
function inMath(source: string, span: TemplateSpan): boolean {
  const paragraph = /\n[ \t]*\r?\n/g
  let from = Math.max(0, span.start - 4000)
  paragraph.lastIndex = from
  for (let match = paragraph.exec(source); match && match.index < span.start; match = paragraph.exec(source)) {
    from = match.index + match[0].length
  }
  paragraph.lastIndex = span.end
  const to = paragraph.exec(source)?.index ?? source.length
  const written = source.slice(from, span.start)
  const following = source.slice(span.end, Math.min(to, span.end + 4000))
  if (inLatexDelimiters(written, following, '\\[', '\\]') || inLatexDelimiters(written, following, '\\(', '\\)'))
    return true
  const before = written.replace(/\\\$/g, '')
  if (!before.includes('$')) return false
  const after = following.replace(/\\\$/g, '')
  if ((before.match(/\$\$/g) ?? []).length % 2 === 1) return after.includes('$$')
  return (before.replace(/\$\$/g, '').match(/\$/g) ?? []).length % 2 === 1 && after.includes('$')
}

/** Whether `open` comes after the last `close` in `before`, and `close` follows in `after`. */
function inLatexDelimiters(before: string, after: string, open: string, close: string): boolean {
  const opened = before.lastIndexOf(open)
  return opened !== -1 && opened > before.lastIndexOf(close) && after.includes(close)
}
