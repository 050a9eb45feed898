/**
 * Template-aware parsing.
 *
 * Site generators render templates before Markdown: Jekyll runs Liquid first, Hugo expands
 * shortcodes first, mkdocs-macros runs Jinja first. So docgap finds the template spans
 * (`{{ … }}`, `{% … %}`, `{{< … >}}`, `{{% … %}}`, `{{/* … * /}}`, `{# … #}`) before Markdown
 * parsing and masks them, keeping every offset, line and column:
 *
 * - a span that renders something (an output, an include, a shortcode) becomes a run of one
 *   private-use character, which Markdown reads as a word; after parsing, the run becomes a
 *   `template` node, or its original text again inside code, HTML and URLs;
 * - a span that renders nothing (`{% if %}`, `{% endif_version %}`, comments) becomes spaces
 *   when only white space follows it on its line, so that it neither splits a list nor counts
 *   as prose; when text follows it on the same line, spaces would turn that text into an
 *   indented code block, so it is masked like a rendering span and marked `renders: false`.
 *
 * Each span gets its own private-use character (cycling through U+E000–U+F8FF, skipping any the
 * page itself uses), so that a run in any node value says which span it came from.
 */
import type {Nodes, Parent, Root} from 'mdast'
import type {Point, Position} from 'unist'

export type TemplateKind = 'expression' | 'tag' | 'shortcode' | 'comment'

export interface TemplateSpan {
  kind: TemplateKind
  /** Source text, delimiters included. */
  value: string
  /** Text between the delimiters, with whitespace-control dashes and outer white space removed. */
  inner: string
  /** Tag or shortcode name (`include`, `endif`, `note`, `/note`); empty for expressions and comments. */
  name: string
  /** Whether the generator puts something a reader sees in its place. */
  renders: boolean
  /** Offsets into the parsed text (after a byte order mark, if any, was removed). */
  start: number
  end: number
}

/** A template span that stands in the Markdown where a reader would see its output. */
export interface Template {
  type: 'template'
  kind: TemplateKind
  name: string
  value: string
  inner: string
  renders: boolean
  position?: Position
}

declare module 'mdast' {
  interface PhrasingContentMap {
    template: Template
  }
  interface RootContentMap {
    template: Template
  }
}

declare module 'vfile' {
  interface DataMap {
    /** Every template span of the page, in source order, those that render nothing included. */
    templateSpans: TemplateSpan[]
  }
}

// Tags that output nothing where they stand: control flow, assignments, comments. Custom tags
// follow the same naming (`if_version`, `endnavtab`), so prefixes cover them too.
const silentTags = new Set([
  'assign',
  'break',
  'capture',
  'case',
  'comment',
  'continue',
  'else',
  'elsif',
  'elif',
  'for',
  'if',
  'liquid',
  'raw',
  'tablerow',
  'unless',
  'when',
  'set',
  'macro',
  'call',
  'block',
  'extends',
  'import',
  'from',
  'with',
  'filter',
  'do',
  'increment_silent',
  'doc',
])
const silentPrefixes = ['end', 'if_', 'unless_', 'else', 'elsif_']

export function tagRenders(name: string): boolean {
  const lower = name.toLowerCase()
  if (silentTags.has(lower)) return false
  return !silentPrefixes.some((prefix) => lower.startsWith(prefix))
}

const opener = /\{[{%#]/g
const rawEnd = /\{%-?\s*endraw\s*-?%\}/g
const commentEnd = /\{%-?\s*endcomment\s*-?%\}/g
// Longer than this and an unclosed `{{` has probably met an unrelated `}}` further on.
const maxSpanLength = 4000

/** Finds the template spans of a Markdown page; `from` skips front matter. */
export function findTemplateSpans(text: string, from = 0): TemplateSpan[] {
  const spans: TemplateSpan[] = []
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return spans
  const find = nextFinder(text)
  opener.lastIndex = from
  let match: RegExpExecArray | null
  while ((match = opener.exec(text))) {
    const start = match.index
    const span = spanAt(text, start, find)
    if (!span) {
      opener.lastIndex = start + 1
      continue
    }
    if (span.kind === 'tag' && (span.name === 'raw' || span.name === 'comment')) {
      const close = find(span.name === 'raw' ? rawEnd : commentEnd, span.end)
      if (!close) {
        // Unclosed, it is most likely written about (in code or prose), not used: reading it to
        // the end of the file would hide the rest of the page from every rule.
        spans.push(span)
        opener.lastIndex = span.end
        continue
      }
      const closeEnd = close.index + close[0].length
      if (span.name === 'comment') {
        // The whole comment renders nothing; one span covers it.
        spans.push({...span, kind: 'comment', value: text.slice(start, closeEnd), end: closeEnd})
      } else {
        // Raw text is shown as written: only its two tags are template syntax.
        spans.push(span)
        spans.push(makeTag(text, close.index, closeEnd))
      }
      opener.lastIndex = closeEnd
      continue
    }
    spans.push(span)
    opener.lastIndex = span.end
  }
  return spans
}

/**
 * The next match of a string or pattern at or after an offset, remembered: the spans are found
 * left to right, so each search starts where the last one for the same target found nothing or
 * found a match that is still ahead. Without it, `{% ` written 80,000 times with no `%}` made
 * each opener search to the end of the page: time quadratic in its length.
 */
type Find = (target: string | RegExp, from: number) => {index: number; 0: string} | null

function nextFinder(text: string): Find {
  const found = new Map<string | RegExp, {from: number; match: {index: number; 0: string} | null}>()
  return (target, from) => {
    const last = found.get(target)
    if (last && last.from <= from && (last.match === null || last.match.index >= from)) return last.match
    let match: {index: number; 0: string} | null
    if (typeof target === 'string') {
      const index = text.indexOf(target, from)
      match = index === -1 ? null : {index, 0: target}
    } else {
      target.lastIndex = from
      match = target.exec(text)
    }
    found.set(target, {from, match})
    return match
  }
}

function spanAt(text: string, start: number, find: Find): TemplateSpan | undefined {
  const two = text.slice(start, start + 3)
  let close: string
  let kind: TemplateKind
  if (two === '{{<') {
    close = text.startsWith('{{</*', start) ? '*/>}}' : '>}}'
    kind = 'shortcode'
  } else if (two === '{{%') {
    close = '%}}'
    kind = 'shortcode'
  } else if (text.startsWith('{{/*', start)) {
    close = '*/}}'
    kind = 'comment'
  } else if (text.startsWith('{{', start)) {
    close = '}}'
    kind = 'expression'
  } else if (text.startsWith('{%', start)) {
    close = '%}'
    kind = 'tag'
  } else if (/^\{#[-\s]/.test(two)) {
    // Jinja comment. `{#id}` heading ids have no white space after `{#`, so they never match.
    close = '#}'
    kind = 'comment'
  } else {
    return undefined
  }
  const closeAt = find(close, start + 2)?.index ?? -1
  if (closeAt === -1 || closeAt - start > maxSpanLength) return undefined
  const end = closeAt + close.length
  if (kind === 'tag') return makeTag(text, start, end)
  const value = text.slice(start, end)
  if (kind === 'comment') return {kind, value, inner: '', name: '', renders: false, start, end}
  if (kind === 'shortcode') {
    const inner = trimInner(value.slice(3, -3).replace(/^\/\*|\*\/$/g, ''))
    const name = /^\/?[\w.-]+/.exec(inner)?.[0] ?? ''
    // `{{</* x */>}}` shows the shortcode itself; closing shortcodes show nothing of their own.
    const renders = value.startsWith('{{</*') || !name.startsWith('/')
    return {kind, value, inner, name, renders, start, end}
  }
  const inner = trimInner(value.slice(2, -2))
  return {kind, value, inner, name: '', renders: true, start, end}
}

function makeTag(text: string, start: number, end: number): TemplateSpan {
  const value = text.slice(start, end)
  const inner = trimInner(value.slice(2, -2))
  const name = /^[\w-]+/.exec(inner)?.[0] ?? ''
  return {kind: 'tag', value, inner, name, renders: tagRenders(name), start, end}
}

function trimInner(inner: string): string {
  return inner.replace(/^-/, '').replace(/-$/, '').trim()
}

const firstMask = 0xe000
const maskCount = 0xf8ff - 0xe000 + 1
const maskPattern = /[\uE000-\uF8FF]/

export interface MaskedText {
  text: string
  spans: TemplateSpan[]
  /** The mask character of each span, by index into `spans`; '' for spans masked as spaces. */
  masks: string[]
}

/** Masks the template spans of `text` as described at the top of this file. */
export function maskTemplates(text: string, from = 0): MaskedText {
  const spans = findTemplateSpans(text, from)
  if (spans.length === 0) return {text, spans, masks: []}
  const used = maskPattern.test(text) ? new Set(text.match(/[\uE000-\uF8FF]/g)) : undefined
  const parts: string[] = []
  const masks: string[] = []
  let code = firstMask
  let last = 0
  for (const span of spans) {
    parts.push(text.slice(last, span.start))
    const restOfLine = /^[^\r\n]*/.exec(text.slice(span.end, span.end + 200))?.[0] ?? ''
    if (!span.renders && restOfLine.trim() === '') {
      masks.push('')
      const blank = span.value.replace(/[^\r\n]/g, ' ')
      // Between two rows of a table a blank line would end the table: keep it a row of its own.
      parts.push(betweenTableRows(text, span) ? `|${blank.slice(1)}` : blank)
    } else {
      let mask = String.fromCharCode(code)
      while (used?.has(mask)) {
        code = firstMask + ((code - firstMask + 1) % maskCount)
        mask = String.fromCharCode(code)
      }
      code = firstMask + ((code - firstMask + 1) % maskCount)
      masks.push(mask)
      // A span over several lines keeps each line's indentation: inside a list item, a content
      // tab or an admonition, a line that lost it would end the container (and a code block in it).
      parts.push(span.value.replace(/(\n[ \t]*)|[^\r\n]/g, (char, indent: string | undefined) => indent ?? mask))
    }
    last = span.end
  }
  parts.push(text.slice(last))
  return {text: parts.join(''), spans, masks}
}

const tableRow = /^[ \t]*\|/

/** Whether a span stands alone on its line, right after a table row and before another. */
function betweenTableRows(text: string, span: TemplateSpan): boolean {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1
  if (text.slice(lineStart, span.start).trim() !== '' || span.value.includes('\n')) return false
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1
  const previous = lineStart === 0 ? '' : text.slice(previousStart, lineStart - 1)
  const lineEnd = text.indexOf('\n', span.end)
  const nextEnd = lineEnd === -1 ? -1 : text.indexOf('\n', lineEnd + 1)
  const next = lineEnd === -1 ? '' : text.slice(lineEnd + 1, nextEnd === -1 ? text.length : nextEnd)
  // The next line may be another tag (`{% endif %}`): it becomes a row in its turn.
  return tableRow.test(previous) && (tableRow.test(next) || /^[ \t]*\{%/.test(next))
}

type ToPoint = (offset: number) => Point | undefined

/**
 * Puts the template spans back into a tree parsed from masked text: `template` nodes in text,
 * original text in code, HTML, front matter and URLs.
 */
export function restoreTemplates(tree: Root, masked: MaskedText, toPoint: ToPoint, original: string): void {
  if (masked.spans.length === 0) return
  const spaceMasked = masked.spans.filter((_, index) => !masked.masks[index])
  const multiLine = masked.spans.filter((span, index) => masked.masks[index] && span.value.includes('\n'))
  const byMask = new Map<string, TemplateSpan[]>()
  masked.masks.forEach((mask, index) => {
    if (!mask) return
    const list = byMask.get(mask)
    const span = masked.spans[index]!
    if (list) list.push(span)
    else byMask.set(mask, [span])
  })
  const spanFor = (mask: string, near: number): TemplateSpan | undefined => {
    const list = byMask.get(mask)
    if (!list) return undefined
    if (list.length === 1) return list[0]
    // The same character is reused only every 6,400 spans: take the nearest (the list is in source order).
    const after = firstAtOrAfter(list, near)
    const before = list[after - 1]
    const next = list[after]
    if (!before) return next
    if (!next) return before
    return Math.abs(next.start - near) < Math.abs(before.start - near) ? next : before
  }
  const unmask = (value: string, near: number): string =>
    value.replace(/([\uE000-\uF8FF])(?:\1|\r?\n[ \t]*)*\1|[\uE000-\uF8FF]/g, (run) => {
      const span = spanFor(run[0]!, near)
      // A run that lost characters (indentation stripped in code) cannot be mapped back exactly.
      return span && run.length === span.value.length ? span.value : run
    })

  const walk = (node: Nodes): void => {
    const near = node.position?.start.offset ?? 0
    if ('url' in node && maskPattern.test(node.url)) node.url = unmask(node.url, near)
    if ('title' in node && node.title && maskPattern.test(node.title)) node.title = unmask(node.title, near)
    if ('alt' in node && node.alt && maskPattern.test(node.alt)) node.alt = unmask(node.alt, near)
    if (node.type === 'text') return
    if (node.type === 'code' && node.position) {
      const {start, end} = node.position
      // Spans masked as spaces left no character to map back, and a span over several lines lost
      // its indentation with the block's: take those lines from the source. Binary searches:
      // the spans are in source order, and a page may hold many spans and many code blocks.
      const startsInside = (spans: TemplateSpan[]) => {
        const first = start.offset === undefined ? undefined : spans[firstAtOrAfter(spans, start.offset)]
        return first !== undefined && end.offset !== undefined && first.start < end.offset
      }
      if (
        start.offset !== undefined &&
        end.offset !== undefined &&
        (startsInside(spaceMasked) || startsInside(multiLine))
      ) {
        node.value = restoreCodeLines(node.value, masked.text, original, start.offset, end.offset)
      }
    }
    if ('value' in node && typeof node.value === 'string' && maskPattern.test(node.value)) {
      node.value = unmask(node.value, near)
    }
    if (!('children' in node)) return
    const parent = node as Parent
    let index = 0
    while (index < parent.children.length) {
      const child = parent.children[index]!
      if (child.type === 'text' && maskPattern.test(child.value)) {
        const replacement = splitText(child, spanFor, toPoint)
        parent.children.splice(index, 1, ...(replacement as typeof parent.children))
        index += replacement.length
      } else {
        walk(child)
        index++
      }
    }
  }
  walk(tree)
}

/** The index of the first span (of spans in source order) that starts at or after `offset`. */
export function firstAtOrAfter(spans: readonly TemplateSpan[], offset: number): number {
  let low = 0
  let high = spans.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (spans[middle]!.start < offset) low = middle + 1
    else high = middle
  }
  return low
}

type TextNode = Extract<Nodes, {type: 'text'}>

/**
 * A code block's value with its lines taken from the original source. Masking keeps every line
 * the same length, and each line of a code block's value is the end of its source line (the
 * fence's indentation removed), so the same line ends of the original are the original value.
 */
function restoreCodeLines(value: string, maskedText: string, original: string, start: number, end: number): string {
  const maskedLines = maskedText.slice(start, end).split(/\r?\n|\r/)
  const originalLines = original.slice(start, end).split(/\r?\n|\r/)
  const valueLines = value.split('\n')
  // Fenced blocks start with their fence line; indented blocks with their first line of code.
  for (const first of [1, 0]) {
    const masked = maskedLines.slice(first, first + valueLines.length)
    if (masked.length !== valueLines.length || !masked.every((line, index) => line.endsWith(valueLines[index]!)))
      continue
    return valueLines
      .map((line, index) => {
        const source = originalLines[first + index]!
        return line === '' ? '' : source.slice(source.length - line.length)
      })
      .join('\n')
  }
  return value
}

function splitText(
  node: TextNode,
  spanFor: (mask: string, near: number) => TemplateSpan | undefined,
  toPoint: ToPoint,
): Array<TextNode | Template> {
  const out: Array<TextNode | Template> = []
  const value = node.value
  const near = node.position?.start.offset ?? 0
  const run = /([\uE000-\uF8FF])(?:\1|\r?\n[ \t]*)*\1|[\uE000-\uF8FF]/g
  let last = 0
  let lastEnd: Point | undefined = node.position?.start
  let match: RegExpExecArray | null
  while ((match = run.exec(value))) {
    const span = spanFor(match[0][0]!, near)
    if (!span) continue
    const start = toPoint(span.start)
    const end = toPoint(span.end)
    if (match.index > last) {
      out.push(textNode(value.slice(last, match.index), lastEnd, start))
    }
    const template: Template = {
      type: 'template',
      kind: span.kind,
      name: span.name,
      value: span.value,
      inner: span.inner,
      renders: span.renders,
    }
    if (start && end) template.position = {start, end}
    out.push(template)
    last = match.index + match[0].length
    lastEnd = end
  }
  if (last < value.length) out.push(textNode(value.slice(last), lastEnd, node.position?.end))
  return out
}

function textNode(value: string, start: Point | undefined, end: Point | undefined): TextNode {
  const node: TextNode = {type: 'text', value}
  if (start && end) node.position = {start, end}
  return node
}
