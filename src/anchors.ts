/**
 * The anchors of a page: the ids a link's `#fragment` can point at once the page is rendered.
 *
 * With a known site generator, a heading gets the id that generator gives it (src/slugs.ts) or
 * the explicit id written in the syntax that generator reads: kramdown `{#id}` and `{: #id}`
 * (Jekyll), goldmark `{#id .class}` (Hugo), attr_list `{: #id }` (MkDocs, when enabled),
 * `{#custom-id}` (Docusaurus), none on GitHub; Hugo's definition terms get ids when
 * `autoDefinitionTermID` is on. Without one, a heading gets every id any generator might give
 * it (GitHub's, kramdown's, Python-Markdown's), which can only make a link resolve, never fail.
 * HTML `id=` and `<a name=>` count everywhere. Template expressions are resolved against the
 * configured variables; when a heading's text cannot be known, or an include may add headings,
 * the set is incomplete.
 */
import GithubSlugger from 'github-slugger'
import type {Heading, Nodes, Paragraph, Root, RootContent} from 'mdast'
import {yaml} from './lazy.js'
import type {Anchors} from './rule.js'
import {createSlugger, type Generator, type Slugger, type SluggerOptions} from './slugs.js'

/**
 * The site generator whose heading ids a page has, and how it is configured. Without one, a
 * heading gets every id any generator might give it (the union), which never reports a working
 * link as broken.
 */
export type AnchorProfile = Generator | {generator: Generator; options?: SluggerOptions}

// One attribute of an attribute list: `#id`, `.class` or `key=value`.
const attribute = String.raw`(?:[#.][\w:.-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))`
// `{#id}`, `{: #id .class}`, `{ #id }`, `{: id="x"}`; not `{:name: …}` (a kramdown definition).
const attributeList = new RegExp(String.raw`\{:?[ \t]*(${attribute}(?:[ \t]+${attribute})*)[ \t]*\}`, 'g')
const trailingAttributes = new RegExp(String.raw`[ \t]*\{:?[ \t]*(${attribute}(?:[ \t]+${attribute})*)[ \t]*\}[ \t]*$`)
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
// Components of Docusaurus' theme that wrap the Markdown around them and add no headings.
const wrapperComponents = new Set(['Tabs', 'TabItem', 'Details', 'Admonition', 'CodeBlock', 'BrowserWindow'])
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
  profile?: AnchorProfile,
): Anchors {
  // A page's anchors are needed by its own rule run and by links from other pages: work them out once.
  const key = profile === undefined ? '' : JSON.stringify(profile)
  let cached = computed.get(tree)
  if (!cached || cached.variables !== variables || cached.profile !== key || frontMatter) {
    cached = {variables, profile: key, anchors: computeAnchors(tree, variables, frontMatter, profile)}
    if (!frontMatter) computed.set(tree, cached)
  }
  return cached.anchors
}

const computed = new WeakMap<Root, {variables: Record<string, unknown>; profile: string; anchors: Anchors}>()

/** The anchors already worked out for this tree, if a rule asked for them. */
export function knownAnchors(tree: Root): Anchors | undefined {
  return computed.get(tree)?.anchors
}

function computeAnchors(
  tree: Root,
  variables: Record<string, unknown>,
  frontMatter?: Record<string, unknown>,
  profile?: AnchorProfile,
): Anchors {
  const ids = new Set<string>()
  const generator = typeof profile === 'string' ? profile : profile?.generator
  const options = typeof profile === 'object' ? (profile.options ?? {}) : {}
  const own = generator ? createSlugger(generator, options) : undefined
  const github = new GithubSlugger()
  const kramdown = new Counter('-')
  const python = new Counter('_')
  // Without a generator, also every id a generator's own slugger gives (each counts repeats itself).
  const others = generator
    ? []
    : unionProfiles.map(({generator: name, options: profileOptions}) => ({name, profileOptions, slugger: createSlugger(name, profileOptions)}))
  const matter = frontMatter ?? readFrontMatter(tree)
  let complete = true
  // Where an attribute list outside a heading sets an id (without a generator: anywhere but GitHub).
  const blockAttributes =
    generator === undefined ||
    generator === 'jekyll' ||
    (generator === 'mkdocs' && options.mkdocsAttrList !== false) ||
    (generator === 'hugo' && options.hugoBlockAttributes === true)
  const termIds = generator === 'hugo' && options.hugoDefinitionTermIds === true

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
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
    return undefined
  }

  const heading = (node: Heading, next: RootContent | undefined): void => {
    const rendered = headingText(node, resolve, false)
    const source = headingText(node, resolve, true)
    if (rendered === undefined || source === undefined) {
      complete = false
      return
    }
    // `{#id}`, `{: #id}` or `{ #id .class }` at the end of the heading's text, not inside its code.
    const explicit: string[] = []
    const last = node.children.at(-1)
    const attributes = last?.type === 'text' ? trailingAttributes.exec(last.value) : null
    if (attributes) explicit.push(...idsOf(attributes[1]!))
    const cut = (text: string): string => (attributes ? text.slice(0, text.length - attributes[0].length).trim() : text)
    if (generator && own) {
      const found = profileIds(node, next, generator, options, own, resolve)
      if (found === undefined) complete = false
      else for (const id of found) if (id) ids.add(id)
      return
    }
    // kramdown: `{: #id}` on the line right after the heading.
    if (next?.type === 'paragraph' && next.position && node.position && next.position.start.line === node.position.end.line + 1) {
      const first = next.children[0]
      const line = first?.type === 'text' ? first.value.split('\n')[0]! : ''
      if (/^\{:/.test(line)) explicit.push(...[...line.matchAll(attributeList)].flatMap((match) => idsOf(match[1]!)))
    }
    // GitHub knows no attribute lists: it slugs the braces with the rest of the text.
    const found = [github.slug(rendered)]
    if (explicit.length > 0) found.push(...explicit)
    else if (attributes) found.push(github.slug(cut(rendered)))
    if (explicit.length === 0) {
      found.push(
        kramdown.next(kramdownSlug(cut(source))),
        python.next(pythonSlug(cut(rendered))),
      )
    }
    for (const other of others) found.push(...(profileIds(node, next, other.name, other.profileOptions, other.slugger, resolve) ?? []))
    for (const id of found) if (id) ids.add(id)
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

  const walk = (parent: {type: string; children: Nodes[]}): void => {
    const children = parent.children
    children.forEach((node, index) => {
      switch (node.type) {
        case 'heading':
          heading(node, children[index + 1] as RootContent | undefined)
          for (const child of node.children) if (child.type === 'html') html(child.value, false)
          return
        case 'html':
          html(node.value, blockParents.has(parent.type))
          return
        case 'mdxJsxFlowElement':
        case 'mdxJsxTextElement': {
          for (const attribute of node.attributes) {
            if (attribute.type !== 'mdxJsxAttribute' || attribute.name !== 'id') continue
            if (typeof attribute.value === 'string') ids.add(attribute.value)
            else complete = false
          }
          // As in HTML: a component other than a wrapper may render headings of its own.
          const name = node.name ?? ''
          if (node.type === 'mdxJsxFlowElement' && /^[A-Z]/.test(name) && !wrapperComponents.has(name)) complete = false
          walk(node)
          return
        }
        case 'paragraph':
          if (termIds && own) for (const term of definitionTerms(node, children[index + 1], resolve)) ids.add(own.slug(term))
          walk(node)
          return
        case 'text':
          // `{: #id}` after a paragraph or span: kramdown, attr_list and goldmark's block attributes.
          if (blockAttributes) for (const match of node.value.matchAll(attributeList)) for (const id of idsOf(match[1]!)) ids.add(id)
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
          return
        }
        default:
          if ('children' in node) walk(node as {type: string; children: Nodes[]})
      }
    })
  }
  walk(tree)
  return {ids, complete}
}

/**
 * The ids one generator gives a heading: the explicit ids written in the syntax it reads, else
 * its own slug of the text it slugs (rendered text, or the heading's source for kramdown's own
 * input and goldmark, which slug the Markdown as written). Undefined when the id cannot be
 * known (an MkDocs site with a `slugify` of its own).
 */
function profileIds(
  node: Heading,
  next: RootContent | undefined,
  generator: Generator,
  options: SluggerOptions,
  slugger: Slugger,
  resolve: (inner: string) => string | undefined,
): string[] | undefined {
  const syntax = headingAttributes(generator, options)
  const last = node.children.at(-1)
  const attributes = syntax && last?.type === 'text' ? syntax.exec(last.value) : null
  // Docusaurus' forms hold the id itself; the others an attribute list.
  const explicit = !attributes ? [] : generator === 'docusaurus' ? [attributes[1] ?? attributes[2]!] : idsOf(attributes[1] ?? attributes[2] ?? '')
  // kramdown also reads a block attribute list on the line right after the heading.
  if (generator === 'jekyll' && next?.type === 'paragraph' && next.position && node.position && next.position.start.line === node.position.end.line + 1) {
    const first = next.children[0]
    const line = first?.type === 'text' ? first.value.split('\n')[0]! : ''
    if (/^\{:/.test(line)) explicit.push(...[...line.matchAll(attributeList)].flatMap((match) => idsOf(match[1]!)))
  }
  if (explicit.length > 0) {
    for (const id of explicit) slugger.claim(id)
    return explicit
  }
  if (generator === 'mkdocs' && options.customSlugify) return undefined
  const kramdownSource = generator === 'jekyll' && options.jekyllInput === 'kramdown'
  const source = kramdownSource || generator === 'hugo'
  const text = headingText(node, resolve, source, generator === 'jekyll' && !kramdownSource) ?? ''
  // Attributes stand at the end of the heading's last text, so they end the text whichever way it is read.
  const cut = attributes ? text.slice(0, Math.max(0, text.length - attributes[0].trimEnd().length)).trim() : text
  return [slugger.slug(cut)]
}

// One attribute without the `:` form: `#id`, `.class`, `key=value`.
const attributeRun = String.raw`${attribute}(?:[ \t]+${attribute})*`
const headingSyntax = {
  // kramdown: a header id `{#id}`, or an attribute list `{: #id .class}`.
  jekyll: new RegExp(String.raw`[ \t]*(?:\{(#[A-Za-z][\w:-]*)\}|\{:[ \t]*(${attributeRun})[ \t]*\})[ \t]*$`),
  // goldmark's heading attributes: `{#id .class key=value}`, no colon.
  hugo: new RegExp(String.raw`[ \t]*\{[ \t]*(${attributeRun})[ \t]*\}[ \t]*$`),
  // attr_list: `{: #id }`, `{ #id }`, `{#id}`.
  mkdocs: new RegExp(String.raw`[ \t]*\{:?[ \t]*(${attributeRun})[ \t]*\}[ \t]*$`),
  // Docusaurus: `{#custom-id}`, any characters up to the last `}` that no `{#` follows, or
  // `{/* #custom-id */}` (@docusaurus/utils parseMarkdownHeadingId).
  docusaurus: /[ \t]*(?:\{#((?:.(?!\{#|\}))*.)\}|\{\/\*[ \t]*#([^\s*]+)[ \t]*\*\/\})[ \t]*$/,
}

/** The heading attribute syntax a generator reads, or undefined when it reads none (GitHub). */
function headingAttributes(generator: Generator, options: SluggerOptions): RegExp | undefined {
  if (generator === 'github') return undefined
  if (generator === 'hugo' && options.hugoTitleAttributes === false) return undefined
  if (generator === 'mkdocs' && options.mkdocsAttrList === false) return undefined
  return headingSyntax[generator]
}

/**
 * The terms of a definition list (goldmark's extension, on in Hugo by default): the lines of a
 * paragraph before its first `: definition` line, or every line of a paragraph whose next
 * sibling is a definition after a blank line. CommonMark reads them all as one paragraph.
 */
function definitionTerms(node: Paragraph, next: Nodes | undefined, resolve: (inner: string) => string | undefined): string[] {
  const text = headingText(node, resolve, false)
  if (text === undefined || /^[ \t]*:[ \t]/.test(text)) return []
  const lines = text.split('\n')
  const definition = lines.findIndex((line) => /^[ \t]*:[ \t]+\S/.test(line))
  if (definition > 0) return lines.slice(0, definition).map((line) => line.trim()).filter(Boolean)
  if (definition === -1 && next?.type === 'paragraph') {
    const first = next.children[0]
    if (first?.type === 'text' && /^[ \t]*:[ \t]+\S/.test(first.value)) return lines.map((line) => line.trim()).filter(Boolean)
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
  return text.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/\.\.\./g, '\u2026').replace(/<</g, '\u00AB').replace(/>>/g, '\u00BB')
}

function idsOf(list: string): string[] {
  const ids: string[] = []
  for (const match of list.matchAll(new RegExp(attribute, 'g'))) {
    const token = match[0]
    if (token.startsWith('#')) ids.push(token.slice(1))
    else if (/^id=/i.test(token)) ids.push(token.slice(3).replace(/^["']|["']$/g, ''))
  }
  return ids
}

/** Numbers repeated slugs as kramdown (`-1`) and Python-Markdown (`_1`) do. */
// The generators' default ids, and Hugo's other two id types, for pages whose generator is unknown.
const unionProfiles: Array<{generator: Generator; options: SluggerOptions}> = [
  {generator: 'jekyll', options: {}},
  {generator: 'hugo', options: {}},
  {generator: 'hugo', options: {hugoAutoHeadingIDType: 'github-ascii'}},
  {generator: 'hugo', options: {hugoAutoHeadingIDType: 'blackfriday'}},
  {generator: 'mkdocs', options: {}},
]

class Counter {
  private readonly seen = new Map<string, number>()
  constructor(private readonly separator: string) {}
  next(slug: string): string {
    const count = this.seen.get(slug)
    this.seen.set(slug, (count ?? -1) + 1)
    return count === undefined ? slug : `${slug}${this.separator}${count + 1}`
  }
}

// kramdown-parser-gfm: lowercase, drop what is not a word character, dash or blank, blanks to dashes.
function kramdownSlug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- \t]/gu, '').replace(/[ \t]/g, '-')
}

// Python-Markdown's toc `slugify`: accents folded to ASCII, runs of dashes and blanks made one dash.
function pythonSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x00-\x7F]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-')
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

function readFrontMatter(tree: Root): Record<string, unknown> {
  const node = tree.children[0]
  if (node?.type !== 'yaml') return {}
  try {
    const data: unknown = yaml().parse(node.value)
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
