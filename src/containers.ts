/**
 * MkDocs Material's admonitions (`!!! note "Title"`), collapsible blocks (`??? tip`) and content
 * tabs (`=== "Kubernetes"`) hold Markdown indented by four spaces. CommonMark reads that body as
 * an indented code block, so every rule would skip it. Before parsing, the marker is rewritten,
 * keeping every offset, as a bullet whose content column is the body's indentation (`!!!` →
 * `-  `): micromark then parses the body as the content of a list item. After parsing, those
 * items become `container` nodes, so that no rule mistakes them for a list.
 *
 * `:::` containers are handled after them (see `maskColonContainers`).
 */
import type {List, Nodes, Parent, Root, RootContent} from 'mdast'

export interface Container {
  type: 'container'
  /**
   * `admonition` (`!!!`, `::: tip`), `details` (`???`, `???+`, `::: details`), `tab` (`===`) or
   * `group` (VitePress' `::: code-group`, whose code blocks show as tabs).
   */
  kind: 'admonition' | 'details' | 'tab' | 'group'
  /** The type word of a `:::` container as written (`tip`, `note`, `code-group`). */
  name?: string
  /** The title written on its marker line (`::: tip Title`, `:::note[Title]`), not part of its children. */
  title?: string
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

/**
 * `:::` containers: VitePress' markdown-it containers (`::: tip Title`, `::: details`,
 * `::: code-group`), Docusaurus admonitions (`:::note[Title]`, `:::tip Title`) and Starlight
 * asides (`:::caution[Title]`), nested by using more colons outside. Their body is ordinary
 * Markdown, but CommonMark reads the marker lines as text: run together with the body as one
 * paragraph, or as a lazy line of a list inside. The marker lines are blanked before parsing
 * (offsets kept), so the body parses as the blocks it is, and the blocks between a pair of markers
 * are then wrapped in a `container` node.
 */
export interface ColonContainer {
  /** Offset of the opening marker's first colon, and of the end of its line (newline excluded). */
  start: number
  openEnd: number
  /** Offset of the closing marker's line start and of its end; the text's end when it is never closed. */
  closeStart: number
  end: number
  /** The word after the colons (`tip`, `details`, `code-group`) and the title written after it. */
  name: string
  title?: string
}

// After any block-quote markers and indentation: three or more colons, the type word, then a
// title in brackets (`[Title]`), attributes in braces, or words after a space.
const colonOpen = /^((?:[ \t]*>)*[ \t]*)(:{3,})[ \t]*([A-Za-z][\w-]*)(.*?)[ \t]*$/
const colonClose = /^((?:[ \t]*>)*[ \t]*)(:{3,})[ \t]*$/
const fenceOpen = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})(.*)$/

/** The text with `:::` marker lines blanked (same length), and the containers they delimit. */
export function maskColonContainers(text: string): {text: string; containers: ColonContainer[]} {
  const containers: ColonContainer[] = []
  if (!text.includes(':::')) return {text, containers}
  const open: Array<{container: ColonContainer; colons: number}> = []
  let fence: string | undefined
  let result = ''
  let offset = 0
  for (const line of text.split(/(?<=\n)/)) {
    const content = line.replace(/\r?\n$/, '')
    const lineEnd = offset + content.length
    const fenced = fenceOpen.exec(content)
    let blank: number | undefined
    if (fence) {
      // A fence closes with the same character, at least as many, and nothing after.
      if (fenced && fenced[1]![0] === fence[0] && fenced[1]!.length >= fence.length && fenced[2]!.trim() === '')
        fence = undefined
    } else if (fenced && !(fenced[1]![0] === '`' && fenced[2]!.includes('`'))) {
      fence = fenced[1]!
    } else if (content.includes(':::')) {
      const close = colonClose.exec(content)
      const opening = close ? null : colonOpen.exec(content)
      if (close && open.length > 0) {
        // It closes the innermost container it is long enough for, and those opened inside it.
        const colons = close[2]!.length
        let at = open.length - 1
        while (at >= 0 && colons < open[at]!.colons) at--
        if (at >= 0) {
          for (const entry of open.splice(at)) {
            entry.container.closeStart = offset
            entry.container.end = lineEnd
          }
          blank = close[1]!.length
        }
      } else if (opening) {
        const rest = opening[4]!.trim()
        const bracket = /^\[(.*)\]/.exec(rest)
        const title = bracket ? bracket[1]!.trim() : rest.startsWith('{') ? '' : rest
        const container: ColonContainer = {
          start: offset + opening[1]!.length,
          openEnd: lineEnd,
          closeStart: text.length,
          end: text.length,
          name: opening[3]!,
          ...(title ? {title} : {}),
        }
        containers.push(container)
        open.push({container, colons: opening[2]!.length})
        blank = opening[1]!.length
      }
    }
    result +=
      blank === undefined
        ? line
        : line.slice(0, blank) + line.slice(blank, content.length).replace(/\S/g, ' ') + line.slice(content.length)
    offset += line.length
  }
  return {text: result, containers}
}

type Place = (offset: number) => {line: number; column: number; offset?: number} | undefined

/** Wraps the blocks between each pair of `:::` markers in a `container` node, inner ones first. */
export function wrapColonContainers(tree: Root, containers: ColonContainer[], place: Place): void {
  const inside = [...containers].sort((a, b) => a.end - a.start - (b.end - b.start))
  for (const container of inside) {
    const start = place(container.start)
    const end = place(container.end)
    const node: Container = {
      type: 'container',
      kind: colonKind(container.name),
      name: container.name,
      ...(container.title === undefined ? {} : {title: container.title}),
      children: [],
      ...(start && end
        ? {position: {start: {...start, offset: container.start}, end: {...end, offset: container.end}}}
        : {}),
    }
    wrapIn(tree, container, node)
  }
}

function colonKind(name: string): Container['kind'] {
  if (name === 'details') return 'details'
  if (name === 'code-group') return 'group'
  return 'admonition'
}

const startOf = (node: Nodes) => node.position?.start.offset ?? -1
const endOf = (node: Nodes) => node.position?.end.offset ?? -1

// The blocks of the body are siblings in the deepest parent that holds the first of them.
function wrapIn(parent: Parent, container: ColonContainer, node: Container): void {
  const children = parent.children as Nodes[]
  const inBody = (child: Nodes) => startOf(child) > container.openEnd && startOf(child) < container.closeStart
  const first = children.findIndex(inBody)
  if (first >= 0) {
    let last = first
    while (last + 1 < children.length && inBody(children[last + 1]!)) last++
    node.children = children.slice(first, last + 1) as RootContent[]
    children.splice(first, last - first + 1, node)
    return
  }
  const holder = children.find(
    (child) => 'children' in child && startOf(child) <= container.openEnd && endOf(child) > container.openEnd,
  )
  if (holder) return wrapIn(holder as Parent, container, node)
  // An empty container: it stands where its markers are.
  const at = children.findIndex((child) => startOf(child) > container.start)
  children.splice(at < 0 ? children.length : at, 0, node)
}
