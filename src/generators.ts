/**
 * Site generators: which one builds a page (found by looking upward from it for the generator's
 * own config file) and the template variables that generator provides from its configuration.
 *
 * Detection reads each folder once (one `readdir`) and remembers the answer for every folder on
 * the way up, so linting a tree costs O(folders), not O(files).
 */
import {existsSync, readdirSync, statSync, type Dirent} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {basename, dirname, extname, join, relative, resolve, sep} from 'node:path'
import {DocgapError} from './errors.js'
import {parseData, readText} from './config/read-data.js'
import type {HugoAutoHeadingIDType, MkdocsSlugify, PymdownxSlugifyOptions, SluggerOptions} from './slugs.js'

export const generatorNames = ['github', 'jekyll', 'hugo', 'mkdocs', 'docusaurus'] as const
export type GeneratorName = (typeof generatorNames)[number]

export interface DetectedGenerator {
  name: GeneratorName
  /** Why, for `--print-config`: `mkdocs.yml at ../mkdocs.yml` (paths relative to the working directory). */
  reason: string
  /** The site's root: the folder holding its config file. */
  root?: string
  /** The config file, absolute. */
  configPath?: string
}

/** What one folder holds, whatever lies above it. */
interface Found {
  name: Exclude<GeneratorName, 'github'>
  configPath: string
  /** Hugo's `config.toml` counts only beside `content/`. */
  besideContent?: boolean
}

const mkdocsFiles = ['mkdocs.yml', 'mkdocs.yaml']
const docusaurusFiles = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((ext) => `docusaurus.config.${ext}`)
const hugoFiles = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json']
const jekyllFiles = ['_config.yml', '_config.yaml']

/** Folder → its own generator config (null: none). Independent of where the search stops. */
const folderCache = new Map<string, Found | null>()
/** `stopAt` NUL folder → nearest config at or above the folder (null: none). */
const upwardCache = new Map<string, Found | null>()

/** Forgets every folder read: for long-lived processes (watch mode, editors) and tests. */
export function clearGeneratorCache(): void {
  folderCache.clear()
  upwardCache.clear()
}

/**
 * The generator that builds the file at this absolute path: the nearest folder at or above it
 * (up to `stopAt`, inclusive; the filesystem root when not given) holding `mkdocs.yml`,
 * `docusaurus.config.{js,mjs,cjs,ts,mts,cts}`, `hugo.{toml,yaml,json}` (or `config.toml` or a
 * `config/_default/` folder beside a `content/` folder) or `_config.yml`, checked in that order within one folder; else `github`.
 */
export function detectGenerator(fileAbsPath: string, stopAt?: string): DetectedGenerator {
  const start = dirname(resolve(fileAbsPath))
  const stop = stopAt === undefined ? undefined : resolve(stopAt)
  const found = nearest(start, stop)
  const cwd = process.cwd()
  if (!found) {
    const from = display(relative(cwd, start)) || '.'
    const to = stop === undefined ? 'the filesystem root' : display(relative(cwd, stop)) || '.'
    return {
      name: 'github',
      reason: `no _config.yml, hugo.toml, mkdocs.yml or docusaurus.config.* from ${from} up to ${to}`,
    }
  }
  const where = display(relative(cwd, found.configPath)) || found.configPath
  const file = basename(found.configPath)
  return {
    name: found.name,
    reason: found.besideContent ? `${file} beside content/ at ${where}` : `${file} at ${where}`,
    root: dirname(found.configPath),
    configPath: found.configPath,
  }
}

function nearest(start: string, stop: string | undefined): Found | null {
  const prefix = `${stop ?? ''}\0`
  const visited: string[] = []
  let folder = start
  let result: Found | null = null
  for (;;) {
    const cached = upwardCache.get(prefix + folder)
    if (cached !== undefined) {
      result = cached
      break
    }
    visited.push(folder)
    const own = inFolder(folder)
    if (own) {
      result = own
      break
    }
    const parent = dirname(folder)
    // `stopAt` is the last folder read; a file outside it is searched only up to the root.
    if (folder === stop || parent === folder) break
    folder = parent
  }
  for (const path of visited) upwardCache.set(prefix + path, result)
  return result
}

function inFolder(folder: string): Found | null {
  const cached = folderCache.get(folder)
  if (cached !== undefined) return cached
  let entries: Dirent[]
  try {
    entries = readdirSync(folder, {withFileTypes: true})
  } catch {
    // Unreadable or gone: it holds nothing we can use.
    folderCache.set(folder, null)
    return null
  }
  const files = new Set<string>()
  const folders = new Set<string>()
  for (const entry of entries) {
    const kind = entryKind(folder, entry)
    if (kind === 'file') files.add(entry.name)
    else if (kind === 'folder') folders.add(entry.name)
  }
  const first = (names: string[]) => names.find((name) => files.has(name))
  let found: Found | null = null
  const mkdocs = first(mkdocsFiles)
  const docusaurus = first(docusaurusFiles)
  const hugo = first(hugoFiles)
  const jekyll = first(jekyllFiles)
  if (mkdocs) found = {name: 'mkdocs', configPath: join(folder, mkdocs)}
  else if (docusaurus) found = {name: 'docusaurus', configPath: join(folder, docusaurus)}
  else if (hugo) found = {name: 'hugo', configPath: join(folder, hugo)}
  else if (files.has('config.toml') && folders.has('content')) {
    found = {name: 'hugo', configPath: join(folder, 'config.toml'), besideContent: true}
  } else if (folders.has('config') && folders.has('content') && hugoConfigDirectory(folder)) {
    found = {name: 'hugo', configPath: hugoConfigDirectory(folder)!, besideContent: true}
  } else if (jekyll) found = {name: 'jekyll', configPath: join(folder, jekyll)}
  folderCache.set(folder, found)
  return found
}

// Hugo's config directory (`config/_default/`), as Docsy and other large sites lay it out.
// The main file first; a folder with only per-key files (`markup.toml`, `params.toml`) counts too.
const hugoDirectoryFiles = ['hugo', 'config', 'markup', 'params'].flatMap((name) => ['toml', 'yaml', 'yml', 'json'].map((ext) => `${name}.${ext}`))

/** The main file of Hugo's `config/_default/` folder in this site folder, if there is one. */
function hugoConfigDirectory(folder: string): string | undefined {
  const directory = join(folder, 'config', '_default')
  for (const name of hugoDirectoryFiles) {
    try {
      if (statSync(join(directory, name)).isFile()) return join(directory, name)
    } catch {
      // Not this one.
    }
  }
  return undefined
}

/** A symbolic link counts as what it points to; a broken one as nothing. */
function entryKind(folder: string, entry: Dirent): 'file' | 'folder' | undefined {
  if (entry.isFile()) return 'file'
  if (entry.isDirectory()) return 'folder'
  if (!entry.isSymbolicLink()) return undefined
  try {
    const stats = statSync(join(folder, entry.name))
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : undefined
  } catch {
    return undefined
  }
}

function display(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

/** How a site builds its pages: generator (undefined: unknown), heading-id options and site variables. */
export interface SiteProfile {
  generator: GeneratorName | undefined
  slugs: SluggerOptions
  variables?: Record<string, unknown>
}

/** The profile of the site whose generator config was found: its variables and heading-id options. */
export async function loadSite(detected: DetectedGenerator): Promise<SiteProfile> {
  const variables = await generatorVariables(detected)
  return {
    generator: detected.name,
    slugs: await headingIdOptions(detected),
    variables: Object.keys(variables).length > 0 ? variables : undefined,
  }
}

/**
 * How the detected site makes heading ids, from its generator's config file:
 * - Jekyll: `kramdown.input` (`GFM`, Jekyll's default, or `kramdown`), `kramdown.auto_id_prefix`
 *   and `kramdown.auto_ids`.
 * - Hugo: `markup.goldmark.parser.autoHeadingIDType`, `autoDefinitionTermID` and
 *   `attribute.title`/`attribute.block` (keys in any case, as Hugo reads them).
 * - MkDocs: the `toc` extension's `slugify` (a `!!python/name:` or `!!python/object/apply:` tag,
 *   read from the tag itself) and `separator`, and whether `attr_list` is enabled.
 * Settings of an unexpected type are ignored: the generator's default stands.
 */
export async function headingIdOptions(detected: DetectedGenerator): Promise<SluggerOptions> {
  const {configPath} = detected
  if (!configPath) return {}
  if (detected.name === 'jekyll') return jekyllOptions(await readMapping(configPath))
  if (detected.name === 'hugo') return hugoOptions(await readHugoConfig(configPath))
  if (detected.name === 'mkdocs') return mkdocsOptions(configPath)
  return {}
}

function jekyllOptions(config: Record<string, unknown>): SluggerOptions {
  const kramdown = isMapping(config.kramdown) ? config.kramdown : {}
  const options: SluggerOptions = {}
  if (typeof kramdown.input === 'string' && /^kramdown$/i.test(kramdown.input.trim())) options.jekyllInput = 'kramdown'
  if (typeof kramdown.auto_id_prefix === 'string' && kramdown.auto_id_prefix) options.autoIdPrefix = kramdown.auto_id_prefix
  if (kramdown.auto_ids === false) options.autoIds = false
  return options
}

async function readHugoConfig(path: string): Promise<Record<string, unknown>> {
  // In `config/_default/`, each top-level key may have a file of its own: `markup.toml` holds
  // what `hugo.toml` would hold under `[markup]`.
  const inDirectory = basename(dirname(path)) === '_default' && basename(dirname(dirname(path))) === 'config'
  const name = basename(path, extname(path))
  const config = inDirectory && name !== 'hugo' && name !== 'config' ? {} : await readHugoFile(path)
  if (inDirectory) {
    for (const ext of ['toml', 'yaml', 'yml', 'json']) {
      const markup = join(dirname(path), `markup.${ext}`)
      if (existsSync(markup)) return {...config, markup: await readHugoFile(markup)}
    }
  }
  return config
}

async function readHugoFile(path: string): Promise<Record<string, unknown>> {
  if (extname(path).toLowerCase() !== '.toml') return readMapping(path)
  const shown = display(relative(process.cwd(), path)) || path
  const text = await readText(path, shown)
  // Loaded only for a Hugo site with a TOML config.
  const {parse} = await import('smol-toml')
  try {
    return parse(text) as Record<string, unknown>
  } catch (error) {
    throw new DocgapError(`${shown}: invalid TOML: ${(error as Error).message.split('\n')[0]}`)
  }
}

const hugoIdTypes = new Set<HugoAutoHeadingIDType>(['github', 'github-ascii', 'blackfriday'])

function hugoOptions(config: Record<string, unknown>): SluggerOptions {
  // Hugo's config keys are case-insensitive: `autoHeadingIDType` and `autoheadingidtype` alike.
  const parser = keyPath(config, ['markup', 'goldmark', 'parser'])
  const options: SluggerOptions = {}
  if (!isMapping(parser)) return options
  const type = keyPath(parser, ['autoHeadingIDType'])
  if (typeof type === 'string' && hugoIdTypes.has(type.toLowerCase() as HugoAutoHeadingIDType)) {
    options.hugoAutoHeadingIDType = type.toLowerCase() as HugoAutoHeadingIDType
  }
  if (keyPath(parser, ['autoHeadingID']) === false) options.autoIds = false
  if (keyPath(parser, ['autoDefinitionTermID']) === true) options.hugoDefinitionTermIds = true
  if (keyPath(parser, ['attribute', 'title']) === false) options.hugoTitleAttributes = false
  if (keyPath(parser, ['attribute', 'block']) === true) options.hugoBlockAttributes = true
  return options
}

/** The value at a path of keys, each matched without regard to case. */
function keyPath(root: unknown, keys: string[]): unknown {
  let value = root
  for (const key of keys) {
    if (!isMapping(value)) return undefined
    const lower = key.toLowerCase()
    const found = Object.keys(value).find((name) => name.toLowerCase() === lower)
    if (found === undefined) return undefined
    value = value[found]
  }
  return value
}

const mkdocsSlugifyNames = new Set<string>([
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
 * mkdocs.yml read as a YAML document, not as data: `slugify: !!python/name:pymdownx.slugs.uslugify`
 * holds its meaning in the tag, which plain data loses.
 */
async function mkdocsOptions(path: string): Promise<SluggerOptions> {
  const shown = display(relative(process.cwd(), path)) || path
  const text = await readText(path, shown)
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
      else if (isMap(item)) for (const pair of item.items) if (isScalar(pair.key)) entries.push([String(pair.key.value), pair.value])
    }
  } else if (isMap(extensions)) {
    for (const pair of extensions.items) if (isScalar(pair.key)) entries.push([String(pair.key.value), pair.value])
  }
  const name = (entry: string) => entry.replace(/^markdown\.extensions\./, '')
  const options: SluggerOptions = {
    // `extra` bundles attr_list.
    mkdocsAttrList: entries.some(([entry]) => name(entry) === 'attr_list' || name(entry) === 'extra'),
  }
  const toc = entries.find(([entry]) => name(entry) === 'toc')?.[1]
  if (!isMap(toc)) return options
  const separator = toc.get('separator')
  if (typeof separator === 'string') options.mkdocsSeparator = separator
  const slugify = toc.get('slugify', true) as {tag?: string; toJSON?: () => unknown} | undefined
  const tag = /python\/(?:name|object\/apply|object\/new|object):([\w.]+)$/.exec(slugify?.tag ?? '')
  if (!tag) return options
  const target = tag[1]!
  if (!mkdocsSlugifyNames.has(target)) {
    // A slugify of the site's own: its ids cannot be known without running it.
    options.customSlugify = target
    return options
  }
  options.mkdocsSlugify = target as MkdocsSlugify
  const value = slugify?.toJSON?.()
  const kwds = isMapping(value) && isMapping(value.kwds) ? value.kwds : {}
  const kwdOptions: PymdownxSlugifyOptions = {}
  if (typeof kwds.case === 'string' && pymdownxKeys.case.has(kwds.case)) kwdOptions.case = kwds.case as PymdownxSlugifyOptions['case']
  if (typeof kwds.normalize === 'string' && pymdownxKeys.normalize.has(kwds.normalize)) {
    kwdOptions.normalize = kwds.normalize as PymdownxSlugifyOptions['normalize']
  }
  if (typeof kwds.percent_encode === 'boolean') kwdOptions.percent_encode = kwds.percent_encode
  if (target === 'pymdownx.slugs.slugify') options.mkdocsSlugifyOptions = kwdOptions
  return options
}

/**
 * The variables the detected generator provides from its own configuration:
 * - Jekyll: `site`, the `_config.yml` mapping, with `site.data` from the data folder (`_data/`, or
 *   the config's `data_dir`) when there is one: YAML, JSON, CSV and TSV files by name, folders as
 *   nested mappings.
 * - MkDocs (mkdocs-macros): `config`, the `mkdocs.yml` mapping, and its `extra:` keys at the top level.
 * - Hugo, Docusaurus, GitHub: none.
 * A config file that cannot be read or parsed is a DocgapError naming it.
 */
export async function generatorVariables(detected: DetectedGenerator): Promise<Record<string, unknown>> {
  const {configPath} = detected
  if (!configPath) return {}
  if (detected.name === 'jekyll') {
    const site = {...(await readMapping(configPath))}
    const root = dirname(configPath)
    const dataDir = typeof site.data_dir === 'string' && site.data_dir.trim() !== '' ? site.data_dir : '_data'
    const data = await readDataFolder(resolve(root, dataDir), 0)
    // Without a data folder `site.data` stays unset: the rule then takes any `site.data.*` as given.
    if (data) site.data = data
    return {site}
  }
  if (detected.name === 'mkdocs') {
    const config = await readMapping(configPath)
    const extra = isMapping(config.extra) ? config.extra : {}
    return {...extra, config}
  }
  return {}
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** A YAML or JSON file whose top level must be a mapping (empty: `{}`). */
async function readMapping(path: string): Promise<Record<string, unknown>> {
  const shown = display(relative(process.cwd(), path)) || path
  const data = await parseData(await readText(path, shown), path, shown)
  if (data === null || data === undefined) return {}
  if (!isMapping(data)) throw new DocgapError(`${shown}: expected a mapping at the top level`)
  return data
}

/** A data folder this deep or holding this many entries is not a Jekyll `_data/` folder. */
const maxDataDepth = 16
const maxDataEntries = 10_000

/** Jekyll's data folder as a mapping, or undefined when there is no such folder. */
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
      const shown = display(relative(process.cwd(), path)) || path
      const value = await parseData(await readText(path, shown), path, shown)
      result[key] = value ?? {}
    } else if (ext === '.csv' || ext === '.tsv') {
      const shown = display(relative(process.cwd(), path)) || path
      result[key] = parseTable(await readText(path, shown), ext === '.tsv' ? '\t' : ',')
    }
  }
  return result
}

/** Jekyll's key for a data file or folder: its name without punctuation, spaces as `_`. */
function dataKey(name: string): string {
  return name.replace(/[^\w\s-]+/g, '').trim().replace(/\s+/g, '_')
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
