/** Tree helpers that several rules share. Exported to rules through rule.ts. */
import type {Heading, Nodes, Root, RootContent, Text} from 'mdast'
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
 * The position of `value.slice(start, end)` inside a text node. Exact when the node's value is
 * its source text on one line (nearly always); otherwise it falls back to the whole node.
 */
export function textSpanPosition(node: Text, start: number, end: number, source: string): Position | undefined {
  const position = node.position
  if (!position) return undefined
  const from = position.start.offset
  const to = position.end.offset
  if (from === undefined || to === undefined) return position
  const raw = source.slice(from, to)
  if (raw === node.value && !raw.slice(0, end).includes('\n')) {
    return {start: shift(position.start, start), end: shift(position.start, end)}
  }
  // Escapes or character references changed the text: look the span up in the source line.
  const needle = node.value.slice(start, end)
  const found = needle.includes('\n') ? -1 : raw.indexOf(needle)
  if (found !== -1 && !raw.slice(0, found).includes('\n')) {
    return {start: shift(position.start, found), end: shift(position.start, found + needle.length)}
  }
  return position
}

function shift(point: Point, by: number): Point {
  const moved: Point = {line: point.line, column: point.column + by}
  if (point.offset !== undefined) moved.offset = point.offset + by
  return moved
}

/** Whether a node is or contains a link a reader can follow. */
export function containsLink(node: Nodes): boolean {
  if (node.type === 'link' || node.type === 'linkReference') return true
  if (node.type === 'html') return /<a\s[^>]*href\s*=/i.test(node.value)
  if ('children' in node) return (node.children as Nodes[]).some(containsLink)
  return false
}
