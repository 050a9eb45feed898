/**
 * Typing inside a word of prose changes one text node and the positions after it, nothing else:
 * the language server then updates the previous tree instead of parsing the page again (parsing
 * is nearly all of a lint). Every other edit, and every edit this cannot prove harmless, parses
 * the page whole. "Harmless": the changed characters and the whole word around them are letters
 * and digits, between white space, in one line, inside a text node that no heading, reference
 * or definition depends on; the word itself must be found once in the node's text.
 */
import type {Nodes, Root} from 'mdast'
import type {Point} from 'unist'
import type {TemplateSpan} from '../template/index.js'

export interface ParsedPage {
  text: string
  tree: Root
  spans: TemplateSpan[]
}

const wordCharacter = /[\p{L}\p{N}]/u
const word = /^[\p{L}\p{N}]+$/u

/** The page's tree for `next`, updated from `previous` in place, or undefined when it must be parsed again. */
export function updateTree(previous: ParsedPage, next: string): ParsedPage | undefined {
  const before = previous.text
  if (before === next) return previous
  let start = 0
  const shortest = Math.min(before.length, next.length)
  while (start < shortest && before.charCodeAt(start) === next.charCodeAt(start)) start++
  let tail = 0
  while (
    tail < shortest - start &&
    before.charCodeAt(before.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)
  )
    tail++
  const removed = before.slice(start, before.length - tail)
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
  const wordAt = [...node.value.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${oldWord}(?![\\p{L}\\p{N}])`, 'gu'))]
  if (wordAt.length !== 1) return undefined
  const at = wordAt[0]!.index!
  node.value = node.value.slice(0, at) + newWord + node.value.slice(at + oldWord.length)

  const delta = next.length - before.length
  const line = lineOf(before, from)
  const points = new Set<Point>()
  collectPoints(previous.tree, points)
  for (const point of points) {
    if (point.offset === undefined || point.offset < oldTo) continue
    point.offset += delta
    if (point.line === line) point.column += delta
  }
  const spans = previous.spans.map((span) =>
    span.start >= oldTo ? {...span, start: span.start + delta, end: span.end + delta} : span,
  )
  // A new root: what was worked out from the old one (its anchors) is worked out again.
  return {text: next, tree: {...previous.tree}, spans}
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

/** Each point object once: a shared point must not be moved twice. */
function collectPoints(node: Nodes, points: Set<Point>): void {
  if (node.position) {
    points.add(node.position.start)
    points.add(node.position.end)
  }
  if ('children' in node) for (const child of node.children as Nodes[]) collectPoints(child, points)
}
