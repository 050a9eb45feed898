/**
 * The anchors of a page: the ids a link's `#fragment` can point at once the page is rendered.
 *
 * A heading gets the ids the page's generator profile gives it (src/generators/): the explicit
 * id written in the syntax it reads, else its automatic id; definition terms get ids when the
 * profile says so. Without a known generator, the union profile gives every id any generator
 * might give, which can only make a link resolve, never fail.
 * HTML `id=` and `<a name=>` count everywhere. Template expressions are resolved against the
 * configured variables; when a heading's text cannot be known, or an include may add headings,
 * the set is incomplete.
 */
import {slug as githubSlug} from 'github-slugger'
import type {Heading, Nodes, Paragraph, Root, RootContent} from 'mdast'
import {attributeList, idsOf} from './generators/heading-ids.js'
import {unknownGenerator, type GeneratorProfile} from './generators/index.js'
import {yaml} from './lazy.js'
import type {Container} from './containers.js'
import type {Anchors} from './rule.js'

const tag = /<([A-Za-z][\w-]*)((?:\s+[^>]*)?)\/?>/g
const htmlAttribute = /(?:^|\s)(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi
const comment = /<!--[\s\S]*?(?:-->|$)/g
// A variable path with nothing after it: `site.name`, `page.versions[0]`, `site.data["x"].y`.
const variablePath = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_\d][\w-]*|\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])*$/
// Template tags and shortcodes that pull in other content, which may hold headings and ids.
const includeName = /^(?:include|include_relative|include_cached|render|readfile|partial|snippet|embed)/i
// MkDocs snippets (`--8<-- "file.md"`) and containers whose indented body remark reads as code.
const snippet = /^[ \t]*;?-{2,}8<-{2,}/m
const mkdocsContainer = /(?:^|\n)[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]+\S[^\n]*$/
// Components of Docusaurus', Starlight's and VitePress' themes that wrap the Markdown around them
// or show one thing, and add no headings.
const wrapperComponents = new Set([
  'Tabs',
  'TabItem',
  'Details',
  'Admonition',
  'CodeBlock',
  'BrowserWindow',
  'Aside',
  'Steps',
  'Card',
  'CardGrid',
  'LinkCard',
  'LinkButton',
  'Badge',
  'Icon',
  'FileTree',
  'Code',
])
const blockParents = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition'])
const headingLine = /^[ \t]{0,3}#{1,6}[ \t]+\S/m

/**
 * The anchors of one parsed page. `variables` are the configured template variables by
 * namespace (`site`, `page`); `frontMatter` is the page's parsed front matter (read from the
 * tree when not given), which defines `page.*`.
 */
export function collectAnchors(
  tree: Root,
  variables: Record<string, unknown>,
  frontMatter?: Record<string, unknown>,
  profile: GeneratorProfile = unknownGenerator,
  imported?: ImportedAnchors,
): Anchors {
  const known = carried.get(tree)
  // The front matter node is the same object: the page's `page.*` values did not change.
  if (known && known.variables === variables && known.profile === profile && known.matter === tree.children[0])
    return known.anchors
  const anchors = computeAnchors(tree, variables, frontMatter, profile, imported)
  carried.set(tree, {anchors, variables, profile, matter: tree.children[0]})
  return anchors
}

interface CarriedAnchors {
  anchors: Anchors
  variables: Record<string, unknown>
  profile: GeneratorProfile
  matter: Nodes | undefined
}

const carried = new WeakMap<Root, CarriedAnchors>()

/**
 * The anchors worked out for `from` hold for `to` too: the language server says so when an edit
 * changed only text no anchor depends on (see lsp/incremental.ts), so that typing in a long page
 * does not slug every heading again.
 */
export function carryAnchors(from: Root, to: Root): void {
  const known = carried.get(from)
  if (known) carried.set(to, known)
}

/**
 * The anchors of a page an MDX page imports (`import Env from './_env.mdx'`), by the import's
 * specifier; undefined when it cannot be read. Its headings and ids count where `<Env />` stands.
 */
export type ImportedAnchors = (specifier: string) => Anchors | undefined

// `import Name from './_partial.mdx'`: a page rendered where `<Name />` stands.
const pageImport = /\bimport\s+([A-Za-z_$][\w$]*)\s+from\s+['"]([^'"\n]+\.(?:mdx?|markdown))['"]/g

function computeAnchors(
  tree: Root,
  variables: Record<string, unknown>,
  frontMatter: Record<string, unknown> | undefined,
  profile: GeneratorProfile,
  imported: ImportedAnchors | undefined,
): Anchors {
  const ids = new Set<string>()
  const fromValues = new Set<string>()
  let usedValue = false
  const own = profile.headingIds()
  const matter = frontMatter ?? readFrontMatter(tree)
  let complete = true

  const resolve = (inner: string): string | undefined => {
    const expression = inner.replace(/^&\s*/, '').trim()
    if (!variablePath.test(expression)) return undefined
    const segments = [...expression.matchAll(/[A-Za-z_\d][\w-]*|"([^"]*)"|'([^']*)'/g)].map(
      (match) => match[1] ?? match[2] ?? match[0],
    )
    const [head, ...rest] = segments
    let value: unknown
    if (head === 'page') value = lookup(matter, rest) ?? lookup(variables['page'], rest)
    else value = lookup(variables, segments) ?? lookup(matter, segments)
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      usedValue = true
      return String(value)
    }
    return undefined
  }

  const heading = (node: Heading, next: RootContent | undefined): void => {
    usedValue = false
    const rendered = headingText(node, resolve, false)
    const source = headingText(node, resolve, true)
    if (rendered === undefined || source === undefined) {
      complete = false
      return
    }
    const found = own.heading(node, next, {
      rendered,
      source,
      typographic: () => headingText(node, resolve, false, true) ?? '',
    })
    if (found === undefined) complete = false
    else for (const id of found) if (id) ids.add(id)
    // A variable's value may be a secret (a token in a data file): its ids are never suggested.
    if (usedValue && found) for (const id of found) if (id) fromValues.add(id)
  }

  const html = (value: string, block: boolean): void => {
    const text = value.replace(comment, '')
    // A component (`<Partial />`) or Markdown inside HTML (`markdown="1"`) may hold headings;
    // Docusaurus' wrappers (`<Tabs>`, `<TabItem>`) only frame Markdown that is parsed as content.
    const component = /^\s*<\/?([A-Z][\w.]*)[\s/>]/.exec(text)
    if (block && ((component && !wrapperComponents.has(component[1]!)) || headingLine.test(text))) complete = false
    for (const match of text.matchAll(tag)) {
      const name = match[1]!.toLowerCase()
      for (const found of (match[2] ?? '').matchAll(htmlAttribute)) {
        if (found[1]!.toLowerCase() === 'name' && name !== 'a') continue
        const id = found[2] ?? found[3] ?? found[4] ?? ''
        if (/\{[{%]/.test(id)) complete = false
        else if (id) ids.add(id)
      }
    }
  }

  // The pages this page imports, by the name it renders them with.
  const imports = new Map<string, string>()
  for (const node of tree.children)
    if (node.type === 'mdxjsEsm') for (const match of node.value.matchAll(pageImport)) imports.set(match[1]!, match[2]!)

  let footnotes = 0
  let lastHeadingId: string | undefined
  let tabSets = 0
  let tabIndex = 0
  const walk = (parent: {type: string; children: Nodes[]}): void => {
    const children = parent.children
    children.forEach((node, index) => {
      switch (node.type) {
        case 'heading': {
          const before = ids.size
          heading(node, children[index + 1] as RootContent | undefined)
          lastHeadingId = ids.size > before ? [...ids][before] : lastHeadingId
          for (const child of node.children) if (child.type === 'html') html(child.value, false)
          return
        }
        case 'container':
          // pymdownx.tabbed: `__tabbed_1_2` by default; with its `slugify`, the tab's title as a
          // slug, after the nearest heading's id when `combine_header_slug` is on.
          if (node.kind === 'tab') {
            const title = tabTitle(node)
            const previous = children[index - 1]
            const sameSet = previous?.type === 'container' && previous.kind === 'tab'
            if (!sameSet) tabSets++
            tabIndex = sameSet ? tabIndex + 1 : 1
            ids.add(`__tabbed_${tabSets}_${tabIndex}`)
            for (const slug of title ? new Set([profile.slug(title), githubSlug(title)]) : []) {
              ids.add(slug)
              if (lastHeadingId) ids.add(`${lastHeadingId}-${slug}`)
            }
          }
          walk(node)
          return
        case 'html':
          html(node.value, blockParents.has(parent.type))
          return
        case 'footnoteDefinition':
          for (const id of profile.footnoteIds?.(node.label ?? node.identifier, ++footnotes) ?? []) ids.add(id)
          walk(node)
          return
        case 'mdxJsxFlowElement':
        case 'mdxJsxTextElement': {
          for (const attribute of node.attributes) {
            if (attribute.type !== 'mdxJsxAttribute' || attribute.name !== 'id') continue
            if (typeof attribute.value === 'string') ids.add(attribute.value)
            else complete = false
          }
          // As in HTML: a component other than a wrapper may render headings of its own; an
          // imported page renders its own, which count here.
          const name = node.name ?? ''
          const specifier = imports.get(name)
          const partial = specifier === undefined ? undefined : imported?.(specifier)
          if (partial) {
            for (const id of partial.ids) ids.add(id)
            if (!partial.complete) complete = false
          } else if (node.type === 'mdxJsxFlowElement' && /^[A-Z]/.test(name) && !wrapperComponents.has(name))
            complete = false
          walk(node)
          return
        }
        case 'paragraph':
          if (own.term) for (const term of definitionTerms(node, children[index + 1], resolve)) ids.add(own.term(term))
          walk(node)
          return
        case 'text':
          // `{: #id}` after a paragraph or span: kramdown, attr_list and goldmark's block attributes.
          if (profile.blockAttributes)
            for (const match of node.value.matchAll(attributeList)) for (const id of idsOf(match[1]!)) ids.add(id)
          if (snippet.test(node.value)) complete = false
          return
        case 'template':
          if (node.renders && node.kind !== 'expression' && includeName.test(node.name)) complete = false
          return
        case 'code': {
          // MkDocs admonitions and tabs indent their body, which Markdown reads as code.
          const before = children[index - 1]
          if (!node.lang && headingLine.test(node.value) && before?.type === 'paragraph') {
            const last = before.children.at(-1)
            if (last?.type === 'text' && mkdocsContainer.test(last.value)) complete = false
          }
          // An attribute list on the fence (SuperFences, Python-Markdown's fenced_code): ``` { .sh #example }.
          const info = `${node.lang ?? ''} ${node.meta ?? ''}`
          if (info.startsWith('{'))
            for (const match of info.matchAll(attributeList)) for (const id of idsOf(match[1]!)) ids.add(id)
          return
        }
        default:
          if ('children' in node) walk(node as {type: string; children: Nodes[]})
      }
    })
  }
  walk(tree)
  return fromValues.size > 0 ? {ids, complete, private: fromValues} : {ids, complete}
}

/**
 * The terms of a definition list (goldmark's extension, on in Hugo by default): the lines of a
 * paragraph before its first `: definition` line, or every line of a paragraph whose next
 * sibling is a definition after a blank line. CommonMark reads them all as one paragraph.
 */
function definitionTerms(
  node: Paragraph,
  next: Nodes | undefined,
  resolve: (inner: string) => string | undefined,
): string[] {
  const text = headingText(node, resolve, false)
  if (text === undefined || /^[ \t]*:[ \t]/.test(text)) return []
  const lines = text.split('\n')
  const definition = lines.findIndex((line) => /^[ \t]*:[ \t]+\S/.test(line))
  if (definition > 0)
    return lines
      .slice(0, definition)
      .map((line) => line.trim())
      .filter(Boolean)
  if (definition === -1 && next?.type === 'paragraph') {
    const first = next.children[0]
    if (first?.type === 'text' && /^[ \t]*:[ \t]+\S/.test(first.value))
      return lines.map((line) => line.trim()).filter(Boolean)
  }
  return []
}

/**
 * The text of a heading: as a browser shows it (`raw` false: text, code and link text) or as
 * its Markdown source reads (`raw` true: what kramdown slugs). Undefined when a template in it
 * cannot be resolved.
 */
function headingText(
  node: Nodes,
  resolve: (inner: string) => string | undefined,
  raw: boolean,
  typographic = false,
): string | undefined {
  let unknown = false
  const text = (node: Nodes): string => {
    switch (node.type) {
      case 'text':
        return typographic ? kramdownTypography(node.value) : node.value
      case 'inlineCode':
        return raw ? `\`${node.value}\`` : node.value
      case 'template': {
        if (!node.renders) return ''
        if (node.kind !== 'expression') {
          unknown = true
          return ''
        }
        const value = resolve(node.inner)
        if (value === undefined) unknown = true
        return value ?? ''
      }
      case 'html':
        return raw ? node.value : ''
      case 'image':
        return raw ? `![${node.alt ?? ''}](${node.url})` : ''
      case 'break':
        return raw ? '\n' : ''
      case 'link':
        return raw ? `[${children(node)}](${node.url})` : children(node)
      default:
        return 'children' in node ? children(node) : ''
    }
  }
  const children = (node: {children: Nodes[]}): string => node.children.map(text).join('')
  const value = children(node as {children: Nodes[]})
  return unknown ? undefined : value.trim()
}

// kramdown's typographic symbols, which its GFM parser puts in the text it slugs: dashes, an
// ellipsis and guillemets (a space beside `<<`/`>>` stays a space).
function kramdownTypography(text: string): string {
  return text
    .replace(/---/g, '\u2014')
    .replace(/--/g, '\u2013')
    .replace(/\.\.\./g, '\u2026')
    .replace(/<</g, '\u00AB')
    .replace(/>>/g, '\u00BB')
}

function lookup(root: unknown, segments: string[]): unknown {
  let value = root
  for (const key of segments) {
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)]
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key]
    } else return undefined
  }
  return value
}

/** The page's YAML front matter as a mapping; invalid YAML or another shape defines nothing. */
export function readFrontMatter(tree: Root): Record<string, unknown> {
  const node = tree.children[0]
  if (node?.type !== 'yaml') return {}
  // The same front matter as last time (an editor linting a page as the user types): parsed once.
  if (node.value === lastFrontMatter?.value) return lastFrontMatter.data
  let data: unknown
  try {
    data = yaml().parse(node.value)
  } catch {
    data = {}
  }
  const mapping =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  lastFrontMatter = {value: node.value, data: mapping}
  return mapping
}

let lastFrontMatter: {value: string; data: Record<string, unknown>} | undefined

/** A content tab's title: `=== "Docker"` → `Docker`. */
function tabTitle(node: Container): string | undefined {
  const first = node.children[0]
  if (first?.type !== 'paragraph' || first.children[0]?.type !== 'text') return undefined
  const line = first.children[0].value.split('\n')[0]!.trim()
  return /^"([^"]*)"/.exec(line)?.[1] ?? (line || undefined)
}
