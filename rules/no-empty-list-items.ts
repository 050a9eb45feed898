import type {Nodes, Parent, Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {docsUrl, isSilentMdx, noOptions, report, textSpanPosition, type Rule} from '../src/rule.js'

const id = 'no-empty-list-items'

const meta = {
  id,
  description: 'List items must have content.',
  recommended: true,
  url: docsUrl(id),
  fixable: true,
}

// Text a reader sees as nothing: white space, and GFM's task box `[ ]` when nothing follows it.
const blankText = /^\s*(?:\[[ xX]\])?\s*$/
const comment = /^(?:\s*<!--[\s\S]*?-->)+\s*$/
// The bullet or number that opens a list item.
const marker = /^(?:[*+-]|\d{1,9}[.)])/
// A line of a paragraph that holds only a marker: an empty item cannot interrupt a paragraph, so
// CommonMark folds it into the text above as a lazy continuation and a stray `*` or `2.` renders.
// A bare number ends many a hard-wrapped sentence (`… we created\n3.`): only bullets count outside lists.
const lazyBullet = /\n[ \t]*([*+-])[ \t]*(?=\n|$)/g
const lazyMarker = /\n[ \t]*([*+-]|\d{1,9}[.)])[ \t]*(?=\n|$)/g
// A lone `-` under a line of text makes it a setext heading instead.
const dashUnderline = /\n[ \t]*-[ \t]*$/

const rule = {
  meta,
  parseOptions: noOptions,
  check(tree: Root, file: VFile) {
    const source = String(file.value)
    // Paragraphs that sit directly in a list item.
    const itemParagraphs = new Set<Parent>()
    visit(tree, 'listItem', (item) => {
      for (const child of item.children) if (child.type === 'paragraph') itemParagraphs.add(child)
    })
    visit(tree, 'list', (list) => {
      for (const [index, item] of list.children.entries()) {
        // No position: a plugin made the node, so there is nothing for the author to fix.
        if (!item.position || !item.children.every(isBlank)) continue
        const message = report(
          file,
          meta,
          'Unexpected empty list item, expected content',
          markerPosition(item.position, source),
        )
        // Removing the first item of a numbered list would change the number the list starts at,
        // and removing a comment would lose a note someone left there.
        const start = item.position.start.offset ?? 0
        const written = source.slice(start, item.position.end.offset ?? start)
        if (!(list.ordered && index === 0) && !written.includes('<!--')) {
          const range = removableLines(item.position, source)
          if (range) message.fix = {range, text: ''}
        }
      }
    })
    visit(tree, (node, _, parent) => {
      if (node.type === 'heading') {
        // `- [ ] Install\n  -`: inside a list item, a lone `-` line turns the text above into a heading.
        if (parent?.type !== 'listItem' || node.depth !== 2 || !node.position) return
        const start = node.position.start.offset
        const end = node.position.end.offset
        if (start === undefined || end === undefined || !dashUnderline.test(source.slice(start, end))) return
        const line = node.position.end.line
        const column = node.position.end.column - 1
        const place = {start: {line, column, offset: end - 1}, end: node.position.end}
        report(file, meta, 'Unexpected empty list item folded into the line above, expected content', place)
        return
      }
      if (node.type !== 'text' || !node.position || !node.value.includes('\n')) return
      const pattern = parent && itemParagraphs.has(parent) ? lazyMarker : lazyBullet
      const last = parent?.children[parent.children.length - 1] === node
      for (const found of node.value.matchAll(pattern)) {
        // At the end of the text, the line goes on in the next node (`*[a link](…)`) unless it is the last.
        if (found.index + found[0].length === node.value.length && !last) continue
        const from = found.index + found[0].indexOf(found[1]!)
        const place = textSpanPosition(node, from, from + found[1]!.length, source)
        // `\*` is an escaped, literal mark the writer meant to show.
        const offset = place?.start.offset
        if (!place || offset === undefined || source[offset] === '\\' || source[offset - 1] === '\\') continue
        report(file, meta, 'Unexpected empty list item folded into the line above, expected content', place)
      }
    })
  },
} satisfies Rule<undefined>

export default rule

/**
 * The whole lines of an item, when nothing else stands on them and what follows is a blank line,
 * the end of the page or another item: then removing them leaves every other block as it was
 * (a paragraph right after it could otherwise join the previous item's text).
 */
function removableLines(position: Position, source: string): [number, number] | undefined {
  const start = position.start.offset
  const end = position.end.offset
  if (start === undefined || end === undefined) return undefined
  const lineStart = source.lastIndexOf('\n', start - 1) + 1
  if (source.slice(lineStart, start).trim() !== '') return undefined
  const newline = source.indexOf('\n', end)
  const lineEnd = newline === -1 ? source.length : newline
  if (source.slice(end, lineEnd).trim() !== '') return undefined
  if (newline === -1) return lineStart > 0 ? [lineStart - 1, source.length] : [0, source.length]
  const nextEnd = source.indexOf('\n', newline + 1)
  const next = source.slice(newline + 1, nextEnd === -1 ? source.length : nextEnd)
  if (next.trim() !== '' && !/^\s*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)/.test(next)) return undefined
  return [lineStart, newline + 1]
}

// A nested list is never blank here: its own empty items are reported instead of their parent.
function isBlank(node: Nodes): boolean {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return node.children.every(isBlank)
    case 'text':
      return blankText.test(node.value)
    case 'html':
      return comment.test(node.value)
    case 'template':
      return !node.renders
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      return isSilentMdx(node)
    default:
      return false
  }
}

// The item itself when it fits on one line, otherwise its marker, so the finding stays on the bullet.
function markerPosition(position: Position, source: string): Position {
  if (position.end.line === position.start.line) return position
  const offset = position.start.offset
  const found = offset === undefined ? null : marker.exec(source.slice(offset, offset + 12))
  if (!found || offset === undefined) return position
  const length = found[0].length
  return {
    start: position.start,
    end: {line: position.start.line, column: position.start.column + length, offset: offset + length},
  }
}
