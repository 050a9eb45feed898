/**
 * Jekyll: Liquid runs before Markdown, then kramdown. Jekyll's default kramdown input is `GFM`
 * (kramdown-parser-gfm): ids lowercase, drop what is not a word character (letter, mark, decimal
 * digit, connector), `-`, space or tab, which become `-`; repeats `-1`, `-2` counted per base
 * id; an empty id stays empty (no `id`). With `kramdown.input: kramdown`, kramdown's own
 * `auto_ids`: leading non-letters dropped, ASCII letters, digits, spaces and dashes kept, spaces
 * to `-`, empty becomes `section`. Explicit ids: `{#id}` and `{: #id}`, on the heading or on the
 * line after it.
 */
import type {Dirent} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {dirname, extname, join, resolve} from 'node:path'
import {parseData, readText} from '../config/read-data.js'
import {attributeRun, noSlugger} from './heading-ids.js'
import {labelledFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import {display, isMapping, readMapping} from './site-files.js'
import type {Slugger} from './types.js'

export interface JekyllSettings {
  /** kramdown's `input` (default `GFM`, as Jekyll sets it). */
  jekyllInput?: 'GFM' | 'kramdown'
  /** kramdown's `auto_id_prefix` (default empty). */
  autoIdPrefix?: string
  /** kramdown's `auto_ids`: false gives headings no automatic id. */
  autoIds?: boolean
}

// Jekyll's `Configuration::DEFAULTS`, plus `url`, which `jekyll serve` and GitHub Pages set.
const jekyllDefaultConfigKeys = [
  'source',
  'destination',
  'collections_dir',
  'cache_dir',
  'plugins_dir',
  'layouts_dir',
  'data_dir',
  'includes_dir',
  'safe',
  'include',
  'exclude',
  'keep_files',
  'encoding',
  'markdown_ext',
  'strict_front_matter',
  'show_drafts',
  'limit_posts',
  'future',
  'unpublished',
  'whitelist',
  'plugins',
  'markdown',
  'highlighter',
  'lsi',
  'excerpt_separator',
  'incremental',
  'detach',
  'port',
  'host',
  'baseurl',
  'url',
  'show_dir_listing',
  'permalink',
  'paginate_path',
  'timezone',
  'quiet',
  'verbose',
  'defaults',
  'liquid',
  'kramdown',
]

/** What Jekyll's Liquid gives every page, shared with GitHub Pages, which builds with Jekyll. */
export const jekyllTemplates = {
  builtinVariables: {
    site: new Set([
      'data',
      'time',
      'pages',
      'posts',
      'related_posts',
      'static_files',
      'html_pages',
      'html_files',
      'collections',
      'documents',
      'categories',
      'tags',
      // Jekyll's default configuration (empty unless set, which is what a theme's `{{ site.baseurl }}` expects).
      ...jekyllDefaultConfigKeys,
      // GitHub Pages' repository metadata (jekyll-github-metadata), set on every GitHub Pages build.
      'github',
    ]),
    page: new Set(['content', 'url', 'path', 'id', 'dir', 'name', 'date', 'excerpt', 'collection', 'next', 'previous']),
    // `{{ jekyll.environment }}` and, on paginated index pages, `paginator.*` (jekyll-paginate).
    jekyll: new Set(['version', 'environment']),
    paginator: new Set([
      'page',
      'per_page',
      'posts',
      'total_posts',
      'total_pages',
      'previous_page',
      'previous_page_path',
      'next_page',
      'next_page_path',
    ]),
  },
  // `layout.*` is the front matter of the page's layout, a file docgap does not read.
  opaqueNamespaces: new Set(['layout']),
  // A file in `_includes` is rendered with the parameters of each `{% include %}` of it.
  includeParameters: true,
}

// kramdown: a header id `{#id}`, or an attribute list `{: #id .class}`.
const headingSyntax = new RegExp(String.raw`[ \t]*(?:\{(#[A-Za-z][\w:-]*)\}|\{:[ \t]*(${attributeRun})[ \t]*\})[ \t]*$`)

export default createProfile<JekyllSettings>({}, (settings) => ({
  name: 'jekyll',
  title: 'Jekyll',
  extensions: ['md', 'markdown'],
  detect: {
    rank: 1,
    configName: '_config.yml',
    find: (folder) => {
      const file = ['_config.yml', '_config.yaml'].find((name) => folder.files.has(name))
      return file ? {configPath: join(folder.path, file)} : undefined
    },
  },
  async readSite(configPath) {
    const config = await readMapping(configPath)
    const site = {...config}
    const dataDir = typeof site.data_dir === 'string' && site.data_dir.trim() !== '' ? site.data_dir : '_data'
    const data = await readDataFolder(resolve(dirname(configPath), dataDir), 0)
    // Without a data folder `site.data` stays unset: the rule then takes any `site.data.*` as given.
    if (data) site.data = data
    return {settings: jekyllSettings(config), variables: {site}}
  },
  ...jekyllTemplates,
  frontMatterDefaults: pageDefaults,
  blockAttributes: true,
  footnoteIds: labelledFootnoteIds,
  syntax: {attributeLists: true},
  unionSettings: [{}],
  slugger: (): Slugger => {
    // Automatic ids turned off: a heading has only the id written on it.
    if (settings.autoIds === false) return noSlugger()
    const prefix = settings.autoIdPrefix ?? ''
    return settings.jekyllInput === 'kramdown' ? kramdownSlugger(prefix) : kramdownGfmSlugger(prefix)
  },
  headings: {
    pattern: headingSyntax,
    nextLine: true,
    text: settings.jekyllInput === 'kramdown' ? 'source' : 'typographic',
  },
}))

/**
 * The front matter `_config.yml`'s `defaults` give a page: the `values` of each entry whose
 * `scope.path` holds the page, later entries over earlier ones. A scope's `type` is not checked
 * (pages, posts, collections), nor a glob in its path: either only widens what counts as set.
 */
function pageDefaults(variables: Readonly<Record<string, unknown>>, path: string): Record<string, unknown> | undefined {
  const site = variables.site
  if (!isMapping(site) || !Array.isArray(site.defaults)) return undefined
  const page = path.replace(/\\/g, '/')
  let values: Record<string, unknown> | undefined
  for (const entry of site.defaults as unknown[]) {
    if (!isMapping(entry) || !isMapping(entry.values)) continue
    const scope = isMapping(entry.scope) ? entry.scope : {}
    const folder = typeof scope.path === 'string' ? scope.path.replace(/^(?:\.?\/)+|\/+$/g, '') : ''
    if (folder && !folder.includes('*') && !page.includes(`/${folder}/`) && !page.endsWith(`/${folder}`)) continue
    values = {...values, ...entry.values}
  }
  return values
}

/** `kramdown.input`, `kramdown.auto_id_prefix` and `kramdown.auto_ids` from `_config.yml`. */
function jekyllSettings(config: Record<string, unknown>): JekyllSettings {
  const kramdown = isMapping(config.kramdown) ? config.kramdown : {}
  const settings: JekyllSettings = {}
  if (typeof kramdown.input === 'string' && /^kramdown$/i.test(kramdown.input.trim())) settings.jekyllInput = 'kramdown'
  if (typeof kramdown.auto_id_prefix === 'string' && kramdown.auto_id_prefix)
    settings.autoIdPrefix = kramdown.auto_id_prefix
  if (kramdown.auto_ids === false) settings.autoIds = false
  return settings
}

// kramdown-parser-gfm: Ruby's \p{Word} is letters, marks, decimal digits and connector punctuation.
const kramdownGfmDrop = /[^\p{L}\p{M}\p{Nd}\p{Pc}\- \t]/gu

function kramdownGfmSlugger(prefix: string): Slugger {
  const counts = new Map<string, number>()
  return {
    slug(text) {
      const base = text.toLowerCase().replace(kramdownGfmDrop, '').replace(/[ \t]/g, '-')
      const count = (counts.get(base) ?? -1) + 1
      counts.set(base, count)
      const id = count > 0 ? `${base}-${count}` : base
      return id ? prefix + id : ''
    },
    reset: () => counts.clear(),
    claim: () => {},
  }
}

function kramdownSlugger(prefix: string): Slugger {
  const counts = new Map<string, number>()
  return {
    slug(text) {
      let base = text
        .replace(/^[^a-zA-Z]+/gm, '')
        .replace(/[^a-zA-Z0-9 -]/g, '')
        .replace(/ /g, '-')
        .toLowerCase()
      if (!base) base = 'section'
      const count = counts.get(base)
      counts.set(base, count === undefined ? 0 : count + 1)
      return prefix + (count === undefined ? base : `${base}-${count + 1}`)
    },
    reset: () => counts.clear(),
    claim: () => {},
  }
}

/** A data folder this deep or holding this many entries is not a Jekyll `_data/` folder. */
const maxDataDepth = 16
const maxDataEntries = 10_000

/**
 * Jekyll's data folder as a mapping (`site.data`), or undefined when there is no such folder:
 * YAML, JSON, CSV and TSV files by name, folders as nested mappings.
 */
async function readDataFolder(folder: string, depth: number): Promise<Record<string, unknown> | undefined> {
  let entries: Dirent[]
  try {
    entries = await readdir(folder, {withFileTypes: true})
  } catch {
    return undefined
  }
  const result: Record<string, unknown> = {}
  // Sorted, so that `a.yml` and `a.json` resolve the same way on every system (the later one wins).
  const sorted = entries.filter((entry) => !entry.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const entry of sorted.slice(0, maxDataEntries)) {
    const path = join(folder, entry.name)
    // Symbolic links are not followed (as in Jekyll's safe mode): no loops, nothing outside the site.
    if (entry.isDirectory()) {
      if (depth >= maxDataDepth) continue
      const nested = await readDataFolder(path, depth + 1)
      if (nested) result[dataKey(entry.name)] = nested
      continue
    }
    if (!entry.isFile()) continue
    const ext = extname(entry.name).toLowerCase()
    const key = dataKey(entry.name.slice(0, entry.name.length - ext.length))
    if (ext === '.yml' || ext === '.yaml' || ext === '.json') {
      const shown = display(path)
      const value = await parseData(await readText(path, shown), path, shown)
      result[key] = value ?? {}
    } else if (ext === '.csv' || ext === '.tsv') {
      result[key] = parseTable(await readText(path, display(path)), ext === '.tsv' ? '\t' : ',')
    }
  }
  return result
}

/** Jekyll's key for a data file or folder: its name without punctuation, spaces as `_`. */
function dataKey(name: string): string {
  return name
    .replace(/[^\w\s-]+/g, '')
    .trim()
    .replace(/\s+/g, '_')
}

/** CSV/TSV with a header row, as Jekyll reads it: one mapping per row, keyed by the headers. */
export function parseTable(text: string, delimiter: string): Array<Record<string, string>> {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRow = () => {
    row.push(field)
    field = ''
    if (row.length > 1 || row[0] !== '') rows.push(row)
    row = []
  }
  for (; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === delimiter) {
      row.push(field)
      field = ''
    } else if (char === '\n') endRow()
    else if (char !== '\r') field += char
  }
  if (field !== '' || row.length > 0) endRow()
  const [header, ...body] = rows
  if (!header) return []
  return body.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])))
}
