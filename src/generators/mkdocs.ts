/**
 * MkDocs (with Material's admonitions and tabs): Jinja runs before Markdown only with the
 * mkdocs-macros plugin, then Python-Markdown. Heading ids come from the `toc` extension, whose
 * `slugify` is configurable: the default folds accents to ASCII (NFKD) and drops what is left
 * over, `slugify_unicode` keeps Unicode, `pymdownx.slugs.slugify` normalizes (NFC by default),
 * strips tags and applies its `case`. Repeats and empty ids get `_1`, `_2` (Python-Markdown's
 * `unique`). Explicit ids need `attr_list`: `{: #id }`, `{ #id }`, `{#id}`.
 */
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {readText} from '../config/read-data.js'
import {defaultMaxFileSize, readTextFile} from '../source.js'
import {attributeRun} from './heading-ids.js'
import {labelledFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import {display, isMapping, readMapping} from './site-files.js'
import type {Slugger} from './types.js'

/**
 * The `slugify` named under `markdown_extensions: toc:` in `mkdocs.yml`. `default` is what MkDocs
 * uses when none is named (`markdown.extensions.toc.slugify`). The `pymdownx.slugs.u…`/`gfm` names
 * are pymdown-extensions' older fixed slugifiers.
 */
export type MkdocsSlugify =
  | 'default'
  | 'markdown.extensions.toc.slugify'
  | 'markdown.extensions.toc.slugify_unicode'
  | 'pymdownx.slugs.slugify'
  | 'pymdownx.slugs.uslugify'
  | 'pymdownx.slugs.uslugify_encoded'
  | 'pymdownx.slugs.uslugify_cased'
  | 'pymdownx.slugs.uslugify_cased_encoded'
  | 'pymdownx.slugs.gfm'
  | 'pymdownx.slugs.gfm_encoded'

/** The keyword arguments of `pymdownx.slugs.slugify` (`!!python/object/apply:… {kwds: {…}}`). */
export interface PymdownxSlugifyOptions {
  /** `none` (the default) keeps case, `lower` lowercases, `lower-ascii` lowercases A-Z only, `fold` case-folds. */
  case?: 'none' | 'lower' | 'lower-ascii' | 'fold'
  /** Percent-encode non-ASCII characters. */
  percent_encode?: boolean
  /** Unicode normalization form applied first (default `NFC`; `NFD` drops diacritics). */
  normalize?: 'NFC' | 'NFD' | 'NFKC' | 'NFKD'
}

export interface MkdocsSettings {
  /** The `toc` extension's `slugify` (default Python-Markdown's own). */
  mkdocsSlugify?: MkdocsSlugify
  /** The keyword arguments given to `pymdownx.slugs.slugify`. */
  mkdocsSlugifyOptions?: PymdownxSlugifyOptions
  /** The `toc` extension's `separator` (default `-`). */
  mkdocsSeparator?: string
  /** A `slugify` of the site's own (its Python name): automatic ids cannot be known. */
  customSlugify?: string
  /** Whether `attr_list` is among `markdown_extensions`, which makes `{ #id }` an id (default on). */
  mkdocsAttrList?: boolean
  /** Whether mkdocs-macros is among the `plugins` (default: assumed on, when mkdocs.yml was not read). */
  macros?: boolean
  /** Reference-link labels defined in the `auto_append` files of `pymdownx.snippets`: every page has them. */
  snippetDefinitions?: string[]
  /** The blog plugin's index pages (absolute), to which it appends the list of posts. */
  blogIndexes?: string[]
}

// attr_list: `{: #id }`, `{ #id }`, `{#id}`.
const headingSyntax = new RegExp(String.raw`[ \t]*\{:?[ \t]*(${attributeRun})[ \t]*\}[ \t]*$`)

export default createProfile<MkdocsSettings>({}, (settings) => ({
  name: 'mkdocs',
  title: 'MkDocs',
  extensions: ['md', 'markdown'],
  detect: {
    rank: 4,
    configName: 'mkdocs.yml',
    find: (folder) => {
      const file = ['mkdocs.yml', 'mkdocs.yaml'].find((name) => folder.files.has(name))
      return file ? {configPath: join(folder.path, file)} : undefined
    },
  },
  async readSite(configPath) {
    // mkdocs-macros gives pages `config`, the mkdocs.yml mapping, and its `extra:` keys at the top level.
    const config = await readMapping(configPath)
    const extra = isMapping(config.extra) ? config.extra : {}
    const settings: MkdocsSettings = {...(await tocSettings(configPath)), macros: usesMacros(config)}
    const definitions = snippetDefinitions(config, dirname(configPath))
    if (definitions.length > 0) settings.snippetDefinitions = definitions
    const blogs = blogIndexes(config, dirname(configPath))
    if (blogs.length > 0) settings.blogIndexes = blogs
    return {settings, variables: {...extra, config}}
  },
  sharedDefinitions: settings.snippetDefinitions ?? [],
  appendsContent: (path) => settings.blogIndexes?.includes(path) ?? false,
  // Without mkdocs-macros, MkDocs runs no templates.
  rendersTemplates: settings.macros !== false,
  literalTemplates: {
    where: 'on an MkDocs site without the mkdocs-macros plugin',
    expected: '`macros` in the `plugins` of mkdocs.yml',
  },
  macros: new Set([
    // Functions mkdocs-macros and Jinja define on every page.
    'macros_info',
    'now',
    'fix_url',
    'context',
    'pretty',
    'render_file',
    'include_file',
    'range',
    'lipsum',
    'dict',
    'cycler',
    'joiner',
    'namespace',
    'super',
    'caller',
    'varargs',
    'kwargs',
  ]),
  builtinVariables: {
    page: new Set([
      'meta',
      'file',
      'abs_url',
      'canonical_url',
      'edit_url',
      'is_homepage',
      'markdown',
      'toc',
      'parent',
      'children',
      'previous_page',
      'next_page',
      'url',
      'title',
      'content',
    ]),
  },
  blockAttributes: settings.mkdocsAttrList !== false,
  footnoteIds: labelledFootnoteIds,
  syntax: {containers: ['!!!', '???', '==='], attributeLists: settings.mkdocsAttrList !== false},
  unionSettings: [{}],
  slugger: (): Slugger | undefined =>
    // A slugify of the site's own: its ids cannot be known without running it.
    settings.customSlugify ? undefined : pythonMarkdownSlugger(slugifyOf(settings), settings.mkdocsSeparator ?? '-'),
  headings: {pattern: settings.mkdocsAttrList === false ? undefined : headingSyntax, text: 'rendered'},
}))

/**
 * Whether an `mkdocs.yml` turns on mkdocs-macros. Unknown (true) when it inherits plugins from
 * another file (`INHERIT`).
 */
function usesMacros(config: Record<string, unknown>): boolean {
  if ('INHERIT' in config) return true
  const plugins = config.plugins
  // MkDocs' default is the search plugin alone.
  if (plugins === undefined || plugins === null) return false
  const names = Array.isArray(plugins)
    ? plugins.map((plugin) => (isMapping(plugin) ? Object.keys(plugin)[0] : plugin))
    : isMapping(plugins)
      ? Object.keys(plugins)
      : [plugins]
  // `macros` or a plugin built on it (`mkdocs-macros-plugin` registers as `macros`; some sites
  // use a module name such as `mkdocs_macros`).
  return names.some((name) => typeof name !== 'string' || /macros/i.test(name))
}

const slugifyNames = new Set<string>([
  'markdown.extensions.toc.slugify',
  'markdown.extensions.toc.slugify_unicode',
  'pymdownx.slugs.slugify',
  'pymdownx.slugs.uslugify',
  'pymdownx.slugs.uslugify_encoded',
  'pymdownx.slugs.uslugify_cased',
  'pymdownx.slugs.uslugify_cased_encoded',
  'pymdownx.slugs.gfm',
  'pymdownx.slugs.gfm_encoded',
])
const pymdownxKeys = {
  case: new Set(['none', 'lower', 'lower-ascii', 'fold']),
  normalize: new Set(['NFC', 'NFD', 'NFKC', 'NFKD']),
}

/**
 * The `toc` settings and `attr_list`, from mkdocs.yml read as a YAML document, not as data:
 * `slugify: !!python/name:pymdownx.slugs.uslugify` holds its meaning in the tag, which plain data loses.
 */
async function tocSettings(path: string): Promise<MkdocsSettings> {
  const text = await readText(path, display(path))
  const {parseDocument, isMap, isScalar, isSeq} = await import('yaml')
  const document = parseDocument(text, {logLevel: 'silent', uniqueKeys: false})
  // An invalid mkdocs.yml was already reported when its variables were read.
  if (document.errors.length > 0 || !isMap(document.contents)) return {}
  const extensions = document.contents.get('markdown_extensions', true)
  // A list of names and one-key mappings (`- toc: {…}`), or a mapping of name to options.
  const entries: Array<[string, unknown]> = []
  if (isSeq(extensions)) {
    for (const item of extensions.items) {
      if (isScalar(item) && typeof item.value === 'string') entries.push([item.value, undefined])
      else if (isMap(item))
        for (const pair of item.items) if (isScalar(pair.key)) entries.push([String(pair.key.value), pair.value])
    }
  } else if (isMap(extensions)) {
    for (const pair of extensions.items) if (isScalar(pair.key)) entries.push([String(pair.key.value), pair.value])
  }
  const name = (entry: string) => entry.replace(/^markdown\.extensions\./, '')
  const settings: MkdocsSettings = {
    // `extra` bundles attr_list.
    mkdocsAttrList: entries.some(([entry]) => name(entry) === 'attr_list' || name(entry) === 'extra'),
  }
  const toc = entries.find(([entry]) => name(entry) === 'toc')?.[1]
  if (!isMap(toc)) return settings
  const separator = toc.get('separator')
  if (typeof separator === 'string') settings.mkdocsSeparator = separator
  const slugify = toc.get('slugify', true) as {tag?: string; toJSON?: () => unknown} | undefined
  const tag = /python\/(?:name|object\/apply|object\/new|object):([\w.]+)$/.exec(slugify?.tag ?? '')
  if (!tag) return settings
  const target = tag[1]!
  if (!slugifyNames.has(target)) {
    // A slugify of the site's own: its ids cannot be known without running it.
    settings.customSlugify = target
    return settings
  }
  settings.mkdocsSlugify = target as MkdocsSlugify
  const value = slugify?.toJSON?.()
  const kwds = isMapping(value) && isMapping(value.kwds) ? value.kwds : {}
  const kwdOptions: PymdownxSlugifyOptions = {}
  if (typeof kwds.case === 'string' && pymdownxKeys.case.has(kwds.case))
    kwdOptions.case = kwds.case as PymdownxSlugifyOptions['case']
  if (typeof kwds.normalize === 'string' && pymdownxKeys.normalize.has(kwds.normalize)) {
    kwdOptions.normalize = kwds.normalize as PymdownxSlugifyOptions['normalize']
  }
  if (typeof kwds.percent_encode === 'boolean') kwdOptions.percent_encode = kwds.percent_encode
  if (target === 'pymdownx.slugs.slugify') settings.mkdocsSlugifyOptions = kwdOptions
  return settings
}

type PythonSlugify = (text: string, separator: string) => string

function slugifyOf(settings: MkdocsSettings): PythonSlugify {
  switch (settings.mkdocsSlugify ?? 'default') {
    case 'default':
    case 'markdown.extensions.toc.slugify':
      return (text, separator) => tocSlugify(text, separator, false)
    case 'markdown.extensions.toc.slugify_unicode':
      return (text, separator) => tocSlugify(text, separator, true)
    case 'pymdownx.slugs.slugify': {
      const kwds = settings.mkdocsSlugifyOptions ?? {}
      return (text, separator) => pymdownxSlugify(text, separator, kwds)
    }
    case 'pymdownx.slugs.uslugify':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower'})
    case 'pymdownx.slugs.uslugify_encoded':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower', percent_encode: true})
    case 'pymdownx.slugs.uslugify_cased':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'none'})
    case 'pymdownx.slugs.uslugify_cased_encoded':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'none', percent_encode: true})
    case 'pymdownx.slugs.gfm':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower-ascii'})
    case 'pymdownx.slugs.gfm_encoded':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower-ascii', percent_encode: true})
  }
}

// Python's `\w` on str: letters, numbers and `_` (combining marks are not word characters).
const pythonNonWord = /[^\p{L}\p{N}_\s-]/gu
// Python's str.isspace(), a little wider than JavaScript's \s.
const pythonSpace = String.raw`\s\x1c-\x1f\x85`

/** Python-Markdown's `toc.slugify` (`unicode` false) and `toc.slugify_unicode` (true). */
export function tocSlugify(text: string, separator = '-', unicode = false): string {
  let value = text
  if (!unicode) value = value.normalize('NFKD').replace(/[^\x00-\x7f]/g, '')
  value = value
    .replace(pythonNonWord, '')
    .replace(new RegExp(`^[${pythonSpace}]+|[${pythonSpace}]+$`, 'g'), '')
    .toLowerCase()
  return value.replace(new RegExp(`[${escapeClass(separator)}${pythonSpace}]+`, 'g'), separator)
}

/** pymdown-extensions' `slugs.slugify(**kwds)` applied to one text. */
export function pymdownxSlugify(text: string, separator = '-', kwds: PymdownxSlugifyOptions = {}): string {
  let slug = text
    .normalize(kwds.normalize ?? 'NFC')
    .replace(/<\/?[^>]*>/g, '')
    .replace(new RegExp(`^[${pythonSpace}]+|[${pythonSpace}]+$`, 'g'), '')
  switch (kwds.case ?? 'none') {
    case 'lower':
      slug = slug.toLowerCase()
      break
    case 'lower-ascii':
      slug = slug.replace(/[A-Z]/g, (letter) => letter.toLowerCase())
      break
    case 'fold':
      // Close to Python's str.casefold() (ß becomes ss), not identical for every script.
      slug = slug.toUpperCase().toLowerCase()
      break
    case 'none':
      break
  }
  slug = slug.replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, separator)
  return kwds.percent_encode ? encodeURIComponent(slug) : slug
}

function pythonMarkdownSlugger(slugify: PythonSlugify, separator: string): Slugger {
  const used = new Set<string>()
  // Where each id's search for a free one last ended: the candidates from an id are always the
  // same and ids are never freed, so the search goes on from there instead of from the start.
  const searched = new Map<string, string>()
  return {
    slug(text) {
      // Python-Markdown's `unique`: an empty or taken id gets `_1`, or its `_n` suffix raised by one.
      const first = slugify(text, separator)
      let id = searched.get(first) ?? first
      while (!id || used.has(id)) {
        const numbered = /^([\s\S]*)_(\d+)$/.exec(id)
        id = numbered ? `${numbered[1]}_${Number(numbered[2]) + 1}` : `${id}_1`
      }
      if (id !== first) searched.set(first, id)
      used.add(id)
      return id
    },
    reset: () => {
      used.clear()
      searched.clear()
    },
    claim: (id) => void used.add(id),
  }
}

function escapeClass(text: string): string {
  return text.replace(/[\\\]^-]/g, '\\$&')
}

/** An extension's options in `markdown_extensions` (a list of names and one-key mappings, or a mapping). */
function extensionOptions(config: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const extensions = config.markdown_extensions
  const entries = Array.isArray(extensions) ? extensions : isMapping(extensions) ? [extensions] : []
  for (const entry of entries) {
    if (entry === name) return {}
    if (isMapping(entry) && name in entry) return isMapping(entry[name]) ? entry[name] : {}
  }
  return undefined
}

const definitionLine = /^ {0,3}\[([^\]\n]+)\]:[ \t]*\S/gm

/**
 * The reference definitions in `pymdownx.snippets`' `auto_append` files, which Python-Markdown
 * appends to every page: `[mkdocs.yml]: https://…` in `includes/mkdocs.md` defines the link on
 * every page. Files are looked for under each `base_path` (default: the folder of mkdocs.yml).
 */
function snippetDefinitions(config: Record<string, unknown>, root: string): string[] {
  const options = extensionOptions(config, 'pymdownx.snippets')
  if (!options || !Array.isArray(options.auto_append)) return []
  const bases =
    options.base_path === undefined ? ['.'] : Array.isArray(options.base_path) ? options.base_path : [options.base_path]
  const labels = new Set<string>()
  for (const file of options.auto_append) {
    if (typeof file !== 'string') continue
    for (const base of bases) {
      if (typeof base !== 'string') continue
      const path = resolve(root, base, file)
      if (!existsSync(path)) continue
      let text: string
      try {
        text = readTextFile(path, defaultMaxFileSize)
      } catch {
        continue
      }
      for (const match of text.matchAll(definitionLine)) labels.add(match[1]!)
      break
    }
  }
  return [...labels].sort()
}

/** The blog plugin's index page (`blog_dir`, default `blog`, under `docs_dir`), which lists the posts. */
function blogIndexes(config: Record<string, unknown>, root: string): string[] {
  const plugins = config.plugins
  const entries = Array.isArray(plugins)
    ? plugins
    : isMapping(plugins)
      ? Object.entries(plugins).map(([key, value]) => ({[key]: value}))
      : []
  const docsDir = typeof config.docs_dir === 'string' ? config.docs_dir : 'docs'
  const indexes: string[] = []
  for (const entry of entries) {
    const name = isMapping(entry) ? Object.keys(entry)[0] : entry
    if (name !== 'blog' && name !== 'material/blog') continue
    const options = isMapping(entry) && isMapping(entry[name]) ? entry[name] : {}
    const blogDir = typeof options.blog_dir === 'string' ? options.blog_dir : 'blog'
    indexes.push(resolve(root, docsDir, blogDir, 'index.md'))
  }
  return indexes
}
