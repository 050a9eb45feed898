/**
 * MkDocs Material's admonitions (`!!! note "Title"`), collapsible blocks (`??? tip`) and content
 * tabs (`=== "Kubernetes"`) hold Markdown indented by four spaces. CommonMark reads that body as
 * an indented code block, so every rule would skip it. Before parsing, the marker is rewritten,
 * keeping every offset, as a bullet whose content column is the body's indentation (`!!!` →
 * `-  `): micromark then parses the body as the content of a list item. After parsing, those
 * items become `container` nodes, so that no rule mistakes them for a list.
 */
import type {List, Nodes, Parent, Root, RootContent} from 'mdast'

export interface Container {
  type: 'container'
  /** `admonition` (`!!!`), `details` (`???`, `???+`) or `tab` (`===`). */
  kind: 'admonition' | 'details' | 'tab'
  children: RootContent[]
  position?: List['position']
}

declare module 'mdast' {
  interface RootContentMap {
    container: Container
  }
  interface BlockContentMap {
    container: Container
  }
}

// A three-character marker and one space, then the type and title: the body's four-space
// indentation is then the list item's content column. (`???+ tip` puts its title one column
// further; its body stays code, as before.)
const marker = /^([ \t]*)(!!!|\?\?\?|===)[ ](?=\S)/
const fence = /^[ \t]{0,3}(`{3,}|~{3,})/

/** The text with container markers rewritten, and the offsets where they start. */
export function maskContainers(text: string): {text: string; starts: Map<number, Container['kind']>} {
  const starts = new Map<number, Container['kind']>()
  if (!text.includes('!!! ') && !text.includes('??? ') && !text.includes('=== ')) return {text, starts}
  let result = ''
  let inFence: string | undefined
  let offset = 0
  const lines = text.split(/(?<=\n)/)
  lines.forEach((line, index) => {
    const open = fence.exec(line)
    if (open && (!inFence || open[1]!.startsWith(inFence))) inFence = inFence ? undefined : open[1]![0]!.repeat(3)
    const found = inFence ? null : marker.exec(line)
    if (found) {
      const at = offset + found[1]!.length
      starts.set(at, found[2] === '!!!' ? 'admonition' : found[2] === '???' ? 'details' : 'tab')
      const rest = line.slice(found[0].length - 1)
      // A body right under the title would run on from it as one paragraph: the title line then
      // becomes a bare bullet, whose content column (two) still holds the four-space body.
      const bodyFollows = (lines[index + 1] ?? '').trim() !== ''
      result += `${found[1]}-  ${bodyFollows ? rest.replace(/[^\r\n]/g, ' ') : rest}`
    } else {
      result += line
    }
    offset += line.length
  })
  return {text: result, starts}
}

/** Turns the list items that came from container markers into `container` nodes. */
export function restoreContainers(tree: Root, starts: Map<number, Container['kind']>): void {
  if (starts.size === 0) return
  const walk = (parent: Parent): void => {
    const children: Nodes[] = []
    for (const child of parent.children as Nodes[]) {
      if (child.type === 'list' && child.children.some((item) => starts.has(item.position?.start.offset ?? -1))) {
        children.push(...split(child, starts))
      } else {
        children.push(child)
      }
    }
    ;(parent as {children: Nodes[]}).children = children
    for (const child of children) if ('children' in child) walk(child as Parent)
  }
  walk(tree)
}

// A list whose items are partly containers: each run of real items stays a list of its own.
function split(list: List, starts: Map<number, Container['kind']>): Nodes[] {
  const out: Nodes[] = []
  let run: List['children'] = []
  const flush = () => {
    if (run.length === 0) return
    const first = run[0]!.position
    const last = run[run.length - 1]!.position
    out.push({...list, children: run, position: first && last ? {start: first.start, end: last.end} : list.position})
    run = []
  }
  for (const item of list.children) {
    const kind = starts.get(item.position?.start.offset ?? -1)
    if (kind) {
      flush()
      out.push({type: 'container', kind, children: item.children, position: item.position})
    } else {
      run.push(item)
    }
  }
  flush()
  return out
}
