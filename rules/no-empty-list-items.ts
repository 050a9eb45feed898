import type {Nodes, Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {docsUrl, isSilentMdx, noOptions, report, type Rule} from '../src/rule.js'

const id = 'no-empty-list-items'

const meta = {
  id,
  description: 'List items must have content.',
  recommended: true,
  url: docsUrl(id),
}

// Text a reader sees as nothing: white space, and GFM's task box `[ ]` when nothing follows it.
const blankText = /^\s*(?:\[[ xX]\])?\s*$/
const comment = /^(?:\s*<!--[\s\S]*?-->)+\s*$/
// The bullet or number that opens a list item.
const marker = /^(?:[*+-]|\d{1,9}[.)])/

const rule = {
  meta,
  parseOptions: noOptions,
  check(tree: Root, file: VFile) {
    const source = String(file.value)
    visit(tree, 'listItem', (item) => {
      // No position: a plugin made the node, so there is nothing for the author to fix.
      if (!item.position || !item.children.every(isBlank)) return
      report(file, meta, 'Unexpected empty list item, expected content', markerPosition(item.position, source))
    })
  },
} satisfies Rule<undefined>

export default rule

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
