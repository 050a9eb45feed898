/**
 * Typing inside a word of prose changes one text node and the positions after it, nothing else:
 * the language server then updates the previous tree instead of parsing the page again (parsing
 * is nearly all of a lint). Every other edit, and every edit this cannot prove harmless, parses
 * the page whole. "Harmless": the changed characters and the whole word around them are letters
 * and digits, between white space, in one line, inside a text node that no heading, reference
 * or definition depends on; the word itself must be found once in the node's text.
 */
import type {Nodes, Root, RootContent} from 'mdast'
import type {Point} from 'unist'
import {VFile} from 'vfile'
import {carryAnchors} from '../anchors.js'
import type {Parse} from '../parse.js'
import type {TemplateSpan} from '../template/index.js'

export interface ParsedPage {
  text: string
  tree: Root
  spans: TemplateSpan[]
  /** Whether the tree holds link or footnote definitions, when known. */
  definitions?: boolean
}

const wordCharacter = /[\p{L}\p{N}]/u
const word = /^[\p{L}\p{N}]+$/u

/** The page's tree for `next`, updated from `previous` in place, or undefined when it must be parsed again. */
export function updateTree(previous: ParsedPage, next: string): ParsedPage | undefined {
  const before = previous.text
  if (before === next) return previous
  const {start, oldEnd} = changedRange(before, next)
  const tail = before.length - oldEnd
  const removed = before.slice(start, oldEnd)
  const inserted = next.slice(start, next.length - tail)
  if ((removed && !word.test(removed)) || (inserted && !word.test(inserted))) return undefined
  // The whole word around the change, before and after it.
  let from = start
  while (from > 0 && wordCharacter.test(before[from - 1]!)) from--
  let oldTo = before.length - tail
  while (oldTo < before.length && wordCharacter.test(before[oldTo]!)) oldTo++
  const newTo = oldTo + next.length - before.length
  const oldWord = before.slice(from, oldTo)
  const newWord = next.slice(from, newTo)
  if (!word.test(oldWord) || !word.test(newWord)) return undefined
  // Bounded by white space (or the page's ends): no delimiter, entity or marker next to it changes.
  if (from > 0 && !/[ \t\r\n]/.test(before[from - 1]!)) return undefined
  if (oldTo < before.length && !/[ \t\r\n]/.test(before[oldTo]!)) return undefined

  const found = textNodeAt(previous.tree, from, oldTo)
  if (!found) return undefined
  const {node, ancestors} = found
  if (
    ancestors.some((ancestor) =>
      ['heading', 'linkReference', 'imageReference', 'definition', 'footnoteDefinition', 'footnoteReference'].includes(
        ancestor.type,
      ),
    )
  )
    return undefined
  // A bracketed run of text could become a reference to a definition, or stop being one.
  if (
    ancestors.some((ancestor) => ancestor.type === 'paragraph' && sourceOf(ancestor, before).includes('[')) &&
    hasDefinitions(previous.tree)
  )
    return undefined
  const wordAt = wholeWordAt(node.value, oldWord)
  if (wordAt.length !== 1) return undefined
  const at = wordAt[0]!
  node.value = node.value.slice(0, at) + newWord + node.value.slice(at + oldWord.length)

  const delta = next.length - before.length
  const line = lineOf(before, from)
  for (const point of pointsFrom(previous.tree, oldTo)) {
    point.offset! += delta
    if (point.line === line) point.column += delta
  }
  const spans = previous.spans.map((span) =>
    span.start >= oldTo ? {...span, start: span.start + delta, end: span.end + delta} : span,
  )
  const tree: Root = {...previous.tree}
  // The anchors stay unless the word may be part of one (an attribute list, a definition term).
  const block = ancestors[1] ?? node
  const nextBlock = previous.tree.children[previous.tree.children.indexOf(block as RootContent) + 1]
  if (
    !/[{<]|8</.test(node.value) &&
    !definitionTermLine.test(sourceOf(block, before)) &&
    !(nextBlock && definitionTermLine.test(sourceOf(nextBlock, before)))
  )
    carryAnchors(previous.tree, tree)
  return {text: next, tree, spans, definitions: previous.definitions}
}

/** Where `word` stands in `value` as a whole word (no letter or digit on either side). */
function wholeWordAt(value: string, word: string): number[] {
  const found: number[] = []
  for (let at = value.indexOf(word); at !== -1; at = value.indexOf(word, at + 1)) {
    const previous = value.codePointAt(at - 1 - Number(at > 1 && isLowSurrogate(value.charCodeAt(at - 1))))
    const following = value.codePointAt(at + word.length)
    if (at > 0 && wordCharacter.test(String.fromCodePoint(previous!))) continue
    if (following !== undefined && wordCharacter.test(String.fromCodePoint(following))) continue
    found.push(at)
  }
  return found
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

function textNodeAt(
  tree: Root,
  from: number,
  to: number,
): {node: Extract<Nodes, {type: 'text'}>; ancestors: Nodes[]} | undefined {
  const ancestors: Nodes[] = []
  let current: Nodes = tree
  for (;;) {
    if (current.type === 'text') return {node: current, ancestors}
    if (!('children' in current)) return undefined
    const child: Nodes | undefined = (current.children as Nodes[]).find((candidate) => {
      const start = candidate.position?.start.offset
      const end = candidate.position?.end.offset
      return start !== undefined && end !== undefined && start <= from && to <= end
    })
    if (!child) return undefined
    ancestors.push(current)
    current = child
  }
}

function sourceOf(node: Nodes, text: string): string {
  return text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0)
}

function hasDefinitions(tree: Root): boolean {
  let found = false
  const walk = (node: Nodes): void => {
    if (found) return
    if (node.type === 'definition' || node.type === 'footnoteDefinition') found = true
    else if ('children' in node) for (const child of node.children as Nodes[]) walk(child)
  }
  walk(tree)
  return found
}

function lineOf(text: string, offset: number): number {
  let line = 1
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++
  return line
}

/**
 * The points at or after `offset`, each object once (a shared point must not be moved twice).
 * A node that ends before the offset holds none: only the nodes from the edit on are walked.
 */
function pointsFrom(tree: Nodes, offset: number): Set<Point> {
  const points = new Set<Point>()
  const walk = (node: Nodes): void => {
    const position = node.position
    if (position) {
      if (position.end.offset !== undefined && position.end.offset < offset) return
      if (position.start.offset !== undefined && position.start.offset >= offset) points.add(position.start)
      if (position.end.offset !== undefined) points.add(position.end)
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child)
  }
  walk(tree)
  return points
}

// Syntax whose reach a few blocks cannot bound (fences and containers run on, template tags pair
// up across blocks), or that the parser reads only at a page's start: an edit near it parses the
// page whole.
const unboundedSyntax = /```|~~~|:::|!!! |\?\?\? |=== |\{%|\{\{[<%/]|\{#|[\uE000-\uF8FF]/
// A line that makes the paragraph before it a definition list's terms, which get ids (goldmark).
const definitionTermLine = /^[ \t>*+\-\d.)]*:/m
// Nodes whose content gives the page ids (src/anchors.ts).
const anchorTypes = new Set(['heading', 'html', 'container', 'footnoteDefinition', 'definition', 'code', 'template'])
const blockTypesWithoutSplice = new Set(['yaml', 'toml', 'container', 'definition', 'footnoteDefinition'])

/**
 * The page's tree for `next` with only the top-level blocks the edit touches parsed again, with
 * the block before and after them (an edit can join a paragraph to its neighbour, or turn the line
 * under one into a setext underline), or undefined when the page must be parsed whole. The blocks
 * parsed again replace the old ones; the blocks after them move by the edit's length and lines.
 * The two neighbours must come out of the new parse exactly as they were: then the blocks outside
 * the span read the same text in the same state as before, and parse as before.
 */
export function spliceBlocks(
  previous: ParsedPage,
  next: string,
  parse: Parse,
  profile?: VFile['data']['profile'],
): ParsedPage | undefined {
  const before = previous.text
  if (before === next) return previous
  const {start, oldEnd} = changedRange(before, next)
  const blocks = previous.tree.children
  // A page that opens front matter without a block of it (unclosed, or closed by a line far down):
  // where it ends depends on text anywhere below.
  const opensFrontMatter = /^(?:---|\+\+\+)[ \t]*\r?\n/
  if (opensFrontMatter.test(before) !== opensFrontMatter.test(next)) return undefined
  if (opensFrontMatter.test(next) && !['yaml', 'toml'].includes(blocks[0]?.type ?? '')) return undefined
  // The blocks the change touches: from the first that ends at or after it to the last that starts at or before its end.
  let first = blocks.findIndex((block) => (block.position?.end.offset ?? -1) >= start)
  if (first === -1) first = blocks.length
  let last = -1
  for (let index = blocks.length - 1; index >= 0; index--)
    if ((blocks[index]!.position?.start.offset ?? Number.POSITIVE_INFINITY) <= oldEnd) {
      last = index
      break
    }
  // One block more on each side, when there is one: the neighbours that must not change.
  const from = Math.max(0, Math.min(first, last) - 1)
  const to = Math.min(blocks.length - 1, Math.max(first, last) + 1)
  if (to < from) return undefined
  const leading = from < Math.min(first, last)
  const trailing = to > Math.max(first, last)
  const span = blocks.slice(from, to + 1)
  if (span.some((block) => !block.position || blockTypesWithoutSplice.has(block.type))) return undefined
  const segmentStart = leading ? before.lastIndexOf('\n', blocks[from]!.position!.start.offset! - 1) + 1 : 0
  const oldSegmentEnd = trailing ? blocks[to]!.position!.end.offset! : before.length
  if (segmentStart > start || oldSegmentEnd < oldEnd) return undefined
  // The block after the span starts on a line of its own: columns after the span do not move.
  if (
    trailing &&
    to + 1 < blocks.length &&
    !before.slice(oldSegmentEnd, blocks[to + 1]!.position?.start.offset).includes('\n')
  )
    return undefined
  const delta = next.length - before.length
  const newSegmentEnd = oldSegmentEnd + delta
  const oldSegment = before.slice(segmentStart, oldSegmentEnd)
  const newSegment = next.slice(segmentStart, newSegmentEnd)
  if (unboundedSyntax.test(oldSegment) || unboundedSyntax.test(newSegment)) return undefined
  // Links to definitions elsewhere on the page: the span alone cannot resolve them.
  const definitions = previous.definitions ?? hasDefinitions(previous.tree)
  if (definitions && (oldSegment.includes('[') || newSegment.includes('['))) return undefined
  // Template spans: none may cross the span's edges, and every `{{`/`}}` in it must pair within it.
  if (previous.spans.some((span) => crosses(span, segmentStart) || crosses(span, oldSegmentEnd))) return undefined

  // The page's generator profile: which syntax the parser reads (`:::` containers) depends on it.
  const file = new VFile({path: 'segment.md', value: newSegment, data: profile ? {profile} : {}})
  const segmentTree = parse(file)
  const segmentSpans = file.data.templateSpans ?? []
  const braces = (newSegment.match(/\{\{/g) ?? []).length
  if (braces !== segmentSpans.length || (newSegment.match(/\}\}/g) ?? []).length !== braces) return undefined
  if (segmentSpans.some((span) => span.kind !== 'expression')) return undefined
  const parsed = segmentTree.children
  if (parsed.some((block) => blockTypesWithoutSplice.has(block.type)) || hasDefinitions(segmentTree)) return undefined
  if ((leading && parsed.length === 0) || (trailing && parsed.length < (leading ? 2 : 1))) return undefined

  const startLine = leading ? blocks[from]!.position!.start.line : 1
  const lineDelta = lineCount(newSegment) - lineCount(oldSegment)
  for (const point of pointsFrom(segmentTree, 0)) {
    point.offset! += segmentStart
    point.line += startLine - 1
  }
  // The neighbours, as they were (the one after moved by the edit).
  if (leading && !sameNode(parsed[0]!, blocks[from]!, 0, 0)) return undefined
  if (trailing && !sameNode(parsed.at(-1)!, blocks[to]!, delta, lineDelta)) return undefined

  // The old span's blocks are dropped; the root's end and the blocks after the span move.
  for (const point of pointsFrom(previous.tree, oldSegmentEnd)) {
    point.offset! += delta
    point.line += lineDelta
  }
  const tree: Root = {...previous.tree, children: [...blocks.slice(0, from), ...parsed, ...blocks.slice(to + 1)]}
  const changedBefore = blocks
    .slice(Math.min(first, last), Math.max(first, last) + 1)
    .filter((block) => block.position!.end.offset! >= start && block.position!.start.offset! <= oldEnd)
  const changedAfter = parsed.slice(leading ? 1 : 0, trailing ? -1 : undefined)
  if (
    !definitionTermLine.test(oldSegment) &&
    !definitionTermLine.test(newSegment) &&
    [...changedBefore, ...changedAfter].every(holdsNoAnchor)
  )
    carryAnchors(previous.tree, tree)
  if (!trailing && tree.position) {
    tree.position = {start: tree.position.start, end: {...segmentTree.position!.end}}
  }
  const spans = [
    ...previous.spans.filter((span) => span.end <= segmentStart),
    ...segmentSpans.map((span) => ({...span, start: span.start + segmentStart, end: span.end + segmentStart})),
    ...previous.spans
      .filter((span) => span.start >= oldSegmentEnd)
      .map((span) => ({...span, start: span.start + delta, end: span.end + delta})),
  ]
  return {text: next, tree, spans, definitions}
}

/** The page's tree for `next`: updated in place for a word typed in prose, else by parsing the blocks the edit touches. */
export function updatePage(
  previous: ParsedPage,
  next: string,
  parse: Parse,
  profile?: VFile['data']['profile'],
): ParsedPage | undefined {
  return updateTree(previous, next) ?? spliceBlocks(previous, next, parse, profile)
}

function changedRange(before: string, next: string): {start: number; oldEnd: number} {
  let start = 0
  const shortest = Math.min(before.length, next.length)
  while (start < shortest && before.charCodeAt(start) === next.charCodeAt(start)) start++
  let tail = 0
  while (
    tail < shortest - start &&
    before.charCodeAt(before.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)
  )
    tail++
  return {start, oldEnd: before.length - tail}
}

function crosses(span: TemplateSpan, offset: number): boolean {
  return span.start < offset && offset < span.end
}

function lineCount(text: string): number {
  let count = 0
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++
  return count
}

/** Whether `node` equals `old` in every field, `old`'s positions moved by `delta` characters and `lineDelta` lines. */
function sameNode(node: unknown, old: unknown, delta: number, lineDelta: number, key = ''): boolean {
  if (node === old) return true
  if (typeof node !== 'object' || typeof old !== 'object' || node === null || old === null)
    return Number.isNaN(node) && Number.isNaN(old)
  if (Array.isArray(node) !== Array.isArray(old)) return false
  const keys = Object.keys(node)
  if (keys.length !== Object.keys(old).length) return false
  if ((key === 'start' || key === 'end') && 'offset' in old && 'line' in old) {
    const point = old as Point
    const moved = node as Point
    return (
      moved.offset === (point.offset ?? 0) + delta &&
      moved.line === point.line + lineDelta &&
      moved.column === point.column
    )
  }
  return keys.every(
    (name) =>
      Object.hasOwn(old, name) &&
      sameNode((node as Record<string, unknown>)[name], (old as Record<string, unknown>)[name], delta, lineDelta, name),
  )
}

/**
 * The trees of the pages edited last, by key (a document's URI), so that the next lint of a page
 * updates its tree instead of parsing it whole. A tree is taken out while it is updated (the update
 * changes it in place) and put back after.
 */
export class KeptTrees {
  private readonly trees = new Map<string, ParsedPage>()
  /** How many parses were updates of a kept tree. */
  updates = 0
  constructor(private readonly limit: number) {}

  /** A parse for the page's text `text` that updates the page's kept tree when it can. */
  parseFor(key: string, text: string, parse: Parse): Parse {
    return (file) => {
      const previous = this.trees.get(key)
      this.trees.delete(key)
      const updated = previous ? updatePage(previous, text, parse, file.data.profile) : undefined
      let page: ParsedPage
      if (updated) {
        this.updates++
        file.data.templateSpans = updated.spans
        page = updated
      } else {
        const tree = parse(file)
        page = {text, tree, spans: file.data.templateSpans ?? []}
      }
      this.trees.set(key, page)
      if (this.trees.size > this.limit) this.trees.delete(this.trees.keys().next().value!)
      return page.tree
    }
  }

  forget(key: string): void {
    this.trees.delete(key)
  }

  clear(): void {
    this.trees.clear()
  }
}

/** Whether nothing in the block gives the page an anchor: no heading, HTML, container or footnote, no attribute list in its text. */
function holdsNoAnchor(node: Nodes): boolean {
  if (anchorTypes.has(node.type) && !(node.type === 'template' && node.kind === 'expression')) return false
  if (node.type === 'text' && /[{<]|8</.test(node.value)) return false
  return !('children' in node) || (node.children as Nodes[]).every(holdsNoAnchor)
}
