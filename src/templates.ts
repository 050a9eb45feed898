/**
 * The templates pages are written from (`templates` in the configuration, or found in the
 * repository by name), read into plain data for `no-template-residue`, with the boilerplate
 * learned from the pages on disk written from each: a sentence that more than half of them
 * (at least five) keep unchanged is meant to stay. Done once a run, before any page is linted,
 * and handed to every thread as data, so that the output is the same whatever the concurrency.
 */
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, statSync, type Dirent} from 'node:fs'
import {basename, dirname, extname, isAbsolute, join, relative, resolve, sep} from 'node:path'
import ignore, {type Ignore} from 'ignore'
import {VFile} from 'vfile'
import {location} from 'vfile-location'
import {createParser, type Parse} from './parse.js'
import type {ResolvedConfig} from './config/resolve.js'
import {repositoryRoot} from './repository.js'
import {decodeSource, defaultMaxFileSize, readRegularFile, readTextFile} from './source.js'
import {
  comesFrom,
  compareWithTemplate,
  countWords,
  minimumMatchWords,
  minimumResidueWords,
  normaliseAll,
  likelyTemplates,
  chooseTemplate,
  pageHeadings,
  normaliseHeading,
  rawChunks,
  sentenceIndex,
  splitSentences,
  textBlocks,
  locateSentence,
  type TemplateData,
  type TemplateSentence,
} from './template-residue.js'

export const ruleId = 'no-template-residue'

// Text formats a template may be written in: Markdown, or Markdown inside a template language.
const templateExtensions = [
  'md',
  'markdown',
  'mdx',
  'tmpl',
  'tpl',
  'gotmpl',
  'j2',
  'jinja',
  'jinja2',
  'liquid',
  'njk',
  'hbs',
  'mustache',
  'txt',
]
const pageExtensions = ['md', 'markdown', 'mdx']
// `0000-template.md`, `001-proposal-template.md`, `_template.md`, `TEMPLATE.md`, `template-how-to.md`;
// not `working-with-templates.md` or `pod-template-spec.md`, pages about templates.
const templateName = /(?:^|[-_. ])template$|^[_.]?template(?:[-_. ]|$)/i
// `templates`, `NNNN-kep-template`, `template-pages`; not `no-template-residue`.
const templateFolder = /(?:^|[-_. ])templates?$|^[_.]?templates?(?:[-_. ]|$)/i
// A folder of templates: its templates serve the whole repository.
const collectionFolder = /^[._]?templates?$/i
const skippedFolders = ['**/node_modules/**', '**/.git/**', '**/vendor/**']
// When at least this many pages come from a template, what most of them keep is boilerplate.
const minimumPagesToLearn = 5
const maximumTemplateSize = 512 * 1024

export interface TemplateSetting {
  /** Globs of the `templates` key, relative to `baseDir`. */
  patterns: string[]
  baseDir: string
  /** Where the key was set, for messages. */
  display: string
}

export interface FoundTemplates {
  templates: TemplateData[]
  /** The repository's pages they were learned from. */
  pages: string[]
  /** What the cache checks before reusing what was learned. */
  stamp: string
  /**
   * By page (absolute path, as read from disk), the indexes of the templates it may come from,
   * when every page was looked at: the rule then tests only those.
   */
  likely?: Record<string, number[]>
  /** Why no template was looked for (`--print-config` says it; a lint run stays silent). */
  skipped?: string
}

// Changes when what is learned, or how, changes.
const formatVersion = 1

function stem(path: string): string {
  let name = basename(path)
  while (extname(name)) name = name.slice(0, -extname(name).length)
  return name
}

function hasExtension(path: string, extensions: string[]): boolean {
  return extensions.includes(extname(path).slice(1).toLowerCase())
}

/** Whether a file found on disk is a template: by its name, its folder's name, or in Hugo's `archetypes/`. */
export function isTemplatePath(relativePath: string): boolean {
  const segments = relativePath.split('/')
  if (segments.some((segment) => segment.startsWith('.'))) return false
  if (!hasExtension(relativePath, templateExtensions)) return false
  const folders = segments.slice(0, -1)
  if (folders.some((folder) => templateFolder.test(folder))) return true
  if (folders.includes('archetypes') && hasExtension(relativePath, pageExtensions)) return true
  return templateName.test(stem(segments.at(-1)!))
}

/** The folder whose pages may come from a template (absolute). */
export function templateScope(path: string, root: string): string {
  const segments = relative(root, path).split(sep)
  const folders = segments.slice(0, -1)
  const archetypes = folders.indexOf('archetypes')
  if (archetypes >= 0 && !folders.slice(0, archetypes).some((folder) => templateFolder.test(folder))) {
    return resolve(root, ...folders.slice(0, archetypes))
  }
  const outer = folders.findIndex((folder) => templateFolder.test(folder))
  if (outer >= 0) return collectionFolder.test(folders[outer]!) ? root : resolve(root, ...folders.slice(0, outer))
  return folders.length === 0 ? root : resolve(root, ...folders)
}

// Folders a walk never enters besides hidden ones: installed packages and vendored code.
const skippedFolderNames = new Set(['node_modules', 'vendor'])
const ignoreFileNames = ['.gitignore', '.docgapignore']
// A walk that meets more entries than this is not of a docs repository (a home folder, say): discovery is skipped.
export const maximumWalkEntries = 20_000

export interface WalkLimits {
  /** The configuration's `ignores`, relative to `ignoresBase`. */
  ignores?: string[]
  ignoresBase?: string
  maximumEntries?: number
}

/**
 * Every file under `root`, relative with forward slashes and sorted; hidden folders,
 * `node_modules`, `vendor` and what `.gitignore`, `.docgapignore` or `ignores` ignore left out.
 * Undefined when the walk meets more than `maximumEntries` entries.
 */
export function walkFiles(root: string, limits: WalkLimits = {}): string[] | undefined {
  const maximum = limits.maximumEntries ?? maximumWalkEntries
  const scopes: Array<{folder: string; matcher: Ignore}> = []
  if (limits.ignores?.length) {
    scopes.push({folder: resolve(limits.ignoresBase ?? root), matcher: ignore().add(limits.ignores)})
  }
  const ignored = (path: string, folder: boolean) =>
    scopes.some((scope) => {
      const rel = relative(scope.folder, path)
      if (!rel || rel.startsWith('..') || isAbsolute(rel)) return false
      return scope.matcher.ignores(rel.split(sep).join('/') + (folder ? '/' : ''))
    })
  const files: string[] = []
  let entries = 0
  const visit = (folder: string): boolean => {
    let listing: Dirent[]
    try {
      listing = readdirSync(folder, {withFileTypes: true})
    } catch {
      return true
    }
    entries += listing.length
    if (entries > maximum) return false
    for (const name of ignoreFileNames) {
      if (!listing.some((entry) => entry.name === name && entry.isFile())) continue
      try {
        scopes.push({folder, matcher: ignore().add(readTextFile(join(folder, name), defaultMaxFileSize))})
      } catch {
        // An unreadable ignore file: the lint itself reports it.
      }
    }
    for (const entry of listing) {
      if (entry.name.startsWith('.')) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (skippedFolderNames.has(entry.name) || ignored(path, true)) continue
        if (!visit(path)) return false
      } else if (entry.isFile() && !ignored(path, false)) {
        files.push(relative(root, path).split(sep).join('/'))
      }
    }
    return true
  }
  if (!visit(resolve(root))) return undefined
  return files.sort()
}

/** Lists the repository's template files and its Markdown pages, in one walk; undefined when too large to walk. */
export async function walkRepository(
  root: string,
  setting?: TemplateSetting,
  limits?: WalkLimits,
): Promise<{templates: string[]; pages: string[]} | undefined> {
  const files = walkFiles(root, limits)
  if (!files) return undefined
  const pages = files.filter((file) => hasExtension(file, pageExtensions)).map((file) => resolve(root, file))
  let templates: string[]
  if (setting) {
    const {glob} = await import('tinyglobby')
    const options = {cwd: setting.baseDir, ignore: skippedFolders, onlyFiles: true, dot: true, absolute: true}
    const configured = await glob(setting.patterns, options)
    templates = configured.map((path) => resolve(path)).sort()
  } else {
    templates = files.filter((file) => isTemplatePath(file)).map((file) => resolve(root, file))
  }
  return {templates, pages}
}

/** A template's text; undefined when it cannot be read or is too large. */
function readTemplateText(path: string): string | undefined {
  try {
    // A regular file only, read up to the limit: never a device or a FIFO.
    const {bytes, size} = readRegularFile(path, maximumTemplateSize)
    if (size > maximumTemplateSize) return undefined
    return decodeSource(bytes, maximumTemplateSize).value
  } catch {
    return undefined
  }
}

/** Reads one template into plain data. Undefined when it cannot be read or holds no text. */
export function readTemplate(path: string, display: string, scope: string, parse: Parse): TemplateData | undefined {
  const text = readTemplateText(path)
  return text === undefined ? undefined : templateFromText(text, path, display, scope, parse)
}

/** A page's text: the one given (standard input) or its disk copy; undefined when unreadable. */
function pageSource(path: string, texts?: Map<string, string>): string | undefined {
  const given = texts?.get(path)
  if (given !== undefined) return given
  try {
    return readTextFile(path, defaultMaxFileSize)
  } catch {
    return undefined
  }
}

function lintedTexts(paths: string[], texts?: Map<string, string>): Array<{path: string; text: string}> {
  const pages: Array<{path: string; text: string}> = []
  for (const path of paths) {
    const text = pageSource(resolve(path), texts)
    if (text !== undefined) pages.push({path: resolve(path), text})
  }
  return pages
}

/**
 * Whether a page may come from a template, from the template's raw text, unparsed: a looser
 * test than `likelyTemplates` (one sentence, or a heading, is enough), so that it never leaves
 * out a template the parsed test would keep.
 */
export function mayComeFrom(templateText: string, pageText: string): boolean {
  const chunks = rawChunks(templateText)
  const headings = chunks.filter((chunk) => chunk.heading).map((chunk) => normaliseHeading(chunk.text, true))
  const sentences = normaliseAll(
    chunks.filter((chunk) => !chunk.heading).map((chunk) => chunk.text),
    true,
  )
    .flatMap(splitSentences)
    .filter((sentence) => countWords(sentence) >= minimumMatchWords)
    .map((text) => ({text, line: 0, words: countWords(text)}))
  const worded = headings.filter((heading) => countWords(heading) > 0)
  const rough: TemplateData = {path: '', display: '', scope: '', sentences, headings: worded}
  return likelyTemplates([rough], pageText, 1).length > 0
}

/** A template's sentences (each at its line) and headings, from its text. */
export function templateFromText(
  text: string,
  path: string,
  display: string,
  scope: string,
  parse: Parse = createParser(),
): TemplateData {
  const file = new VFile({path, value: text})
  const tree = parse(file)
  const lines = location(file)
  const sentences: TemplateSentence[] = []
  const seen = new Set<string>()
  for (const block of textBlocks(tree, text, true)) {
    let from = block.start
    for (const sentence of block.sentences) {
      const at = locateSentence(text, from, block.end, sentence)
      if (at !== undefined) from = at
      const words = countWords(sentence)
      if (words < minimumResidueWords || seen.has(sentence)) continue
      seen.add(sentence)
      sentences.push({text: sentence, line: lines.toPoint(at ?? block.start)?.line ?? 1, words})
    }
  }
  const headings: string[] = []
  for (const node of tree.children) {
    if (node.type !== 'heading') continue
    const [start, end] = [node.position?.start.offset, node.position?.end.offset]
    if (start === undefined || end === undefined) continue
    const heading = normaliseHeading(text.slice(start, end), true)
    // A heading that is all template syntax (`# {{ .Title }}`) says nothing about the page.
    if (countWords(heading) > 0) headings.push(heading)
  }
  return {path, display, scope, sentences, headings}
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep)
}

/** What a page on disk says, as the learning compares it: sentences and headings, without parsing it. */
export function pageText(text: string): {sentences: string[]; headings: string[]} {
  const chunks = rawChunks(text)
  const headings = chunks.filter((chunk) => chunk.heading).map((chunk) => normaliseHeading(chunk.text))
  const sentences = normaliseAll(chunks.filter((chunk) => !chunk.heading).map((chunk) => chunk.text)).flatMap(
    splitSentences,
  )
  return {sentences, headings}
}

/**
 * Learns each template's boilerplate from the pages written from it. Each page is read at most
 * once, and only when it shares a long enough run of words with some template in its scope.
 */
export function learnBoilerplate(
  templates: TemplateData[],
  pages: string[],
  templatePaths = new Set(templates.map((template) => template.path)),
  texts?: Map<string, string>,
): Map<string, TemplateData[]> {
  // What the word test found for each page: the rule need not run it again on the same text.
  const likelyByPage = new Map<string, TemplateData[]>()
  const kept = new Map<TemplateData, {pages: number; sentences: Map<TemplateSentence, number>}>()
  for (const template of templates) kept.set(template, {pages: 0, sentences: new Map()})
  for (const path of pages) {
    if (templatePaths.has(path)) continue
    const candidates = templates.filter((template) => inside(path, template.scope))
    if (candidates.length === 0) {
      likelyByPage.set(path, candidates)
      continue
    }
    const raw = pageSource(path, texts)
    if (raw === undefined) continue
    const likely = likelyTemplates(candidates, raw)
    likelyByPage.set(path, likely)
    if (likely.length === 0) continue
    const {sentences, headings} = pageText(raw)
    const joined = sentences.join('\n')
    for (const template of likely) {
      if (!comesFrom(compareWithTemplate(template, sentences, headings, joined))) continue
      const entry = kept.get(template)!
      entry.pages++
      const index = sentenceIndex(template)
      const found = new Set<TemplateSentence>()
      for (const sentence of sentences) for (const match of index.find(sentence, joined)) found.add(match)
      for (const sentence of found) entry.sentences.set(sentence, (entry.sentences.get(sentence) ?? 0) + 1)
    }
  }
  for (const [template, entry] of kept) {
    template.pages = entry.pages
    if (entry.pages < minimumPagesToLearn) continue
    for (const [sentence, count] of entry.sentences) if (count * 2 > entry.pages) sentence.boilerplate = true
  }
  return likelyByPage
}

export interface TemplatesRequest {
  /** The repository's root: where templates are looked for, and what their names are relative to. */
  root: string
  setting?: TemplateSetting
  /** What an earlier run learned (`--cache`): reused while no template or page on disk changed. */
  cached?: CachedTemplates
  /** docgap's version: what another version learned is not reused. */
  version?: string
  /** The pages being linted (absolute): boilerplate is learned only for templates they may come from. */
  linted?: string[]
  /** A linted page's text when it is not its disk copy's (`--stdin-filename`), by absolute path. */
  texts?: Map<string, string>
  /**
   * Parse only the templates some linted page shares words with (the page's words tested
   * against the template's raw text first). Off for `--print-config`, which lists them all,
   * and with `--cache`, which keeps every template parsed.
   */
  prefilter?: boolean
  /** The configuration's `ignores` (relative to `ignoresBase`): ignored files are neither templates nor pages. */
  ignores?: string[]
  ignoresBase?: string
}

/** What is learned, as the cache keeps it. */
export interface CachedTemplates {
  /** Every template and page by path, size and modification time. */
  stamp: string
  templates: TemplateData[]
}

/** Finds, reads and learns the templates of a repository. */
export async function loadTemplates(request: TemplatesRequest): Promise<FoundTemplates> {
  const {root, setting, cached} = request
  const walked = await walkRepository(root, setting, {ignores: request.ignores, ignoresBase: request.ignoresBase})
  if (!walked) {
    const skipped = `more than ${maximumWalkEntries} files and folders under ${root}: templates are not looked for`
    return {templates: [], pages: [], stamp: '', skipped}
  }
  const {templates: paths, pages} = walked
  let stamp = stampOf(
    [formatVersion, request.version ?? '', root, setting?.patterns ?? null, setting?.baseDir ?? null],
    paths,
    pages,
  )
  let templates: TemplateData[]
  if (cached && cached.stamp === stamp && Array.isArray(cached.templates)) {
    templates = cached.templates
  } else {
    const parse = createParser()
    templates = []
    const few = request.prefilter && request.linted && request.linted.length <= fewPages
    const linted = few ? lintedTexts(request.linted!, request.texts) : undefined
    let partial = false
    for (const path of paths) {
      const display = relative(root, path).split(sep).join('/')
      // A template the configuration names serves every page under the configuration's folder.
      const scope = setting ? setting.baseDir : templateScope(path, root)
      const text = readTemplateText(path)
      if (text === undefined) continue
      // Parsing a template costs more than testing every linted page's words against its raw text.
      if (linted && !linted.some((page) => inside(page.path, scope) && mayComeFrom(text, page.text))) {
        partial = true
        continue
      }
      const template = templateFromText(text, path, display, scope, parse)
      if (template.sentences.length + template.headings.length > 0) templates.push(template)
    }
    // Some templates left out: what is kept must not pass for the whole set in a later run.
    if (partial) stamp = `${stamp}~partial`
  }
  // Learning reads every page in a template's folder: done only for the templates some linted
  // page may come from (in a pre-commit run on a page written from none, for none at all).
  const unlearned = neededTemplates(templates, request.linted, request.texts).filter(
    (template) => template.pages === undefined,
  )
  if (unlearned.length === 0) return {templates, pages, stamp}
  const likelyByPage = learnBoilerplate(
    unlearned,
    pages,
    new Set(templates.map((template) => template.path)),
    request.texts,
  )
  if (unlearned.length < templates.length) return {templates, pages, stamp}
  // Every template was looked for in every page: which ones each page may come from is known.
  const position = new Map(templates.map((template, index) => [template, index]))
  const likely: Record<string, number[]> = {}
  for (const [path, found] of likelyByPage) likely[path] = found.map((template) => position.get(template)!)
  return {templates, pages, stamp, likely}
}

// Beyond this many linted pages, every template is learned rather than each page read twice.
const fewPages = 50

function neededTemplates(
  templates: TemplateData[],
  linted: string[] | undefined,
  texts?: Map<string, string>,
): TemplateData[] {
  if (!linted || linted.length > fewPages || templates.length === 0) return templates
  const needed = new Set<TemplateData>()
  for (const path of linted) {
    const candidates = templatesFor(templates, path)
    if (candidates.length === 0) continue
    const text = pageSource(path, texts)
    if (text === undefined) continue
    for (const template of likelyTemplates(candidates, text)) needed.add(template)
  }
  return templates.filter((template) => needed.has(template))
}

/** Changes when a template or a page is added, removed or edited; stat only, nothing read. */
function stampOf(settings: unknown[], templates: string[], pages: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(settings))
  for (const [kind, paths] of [
    ['template', templates],
    ['page', pages],
  ] as const) {
    for (const path of paths) {
      let state = 'missing'
      try {
        const stats = statSync(path)
        state = `${stats.size}:${stats.mtimeMs}`
      } catch {
        // A file gone between the walk and now: its state says so.
      }
      hash.update(`${kind}\0${path}\0${state}\n`)
    }
  }
  return hash.digest('base64url').slice(0, 24)
}

/** The templates a page may come from: those whose scope holds it; none for a template itself. */
export function templatesFor(templates: TemplateData[], path: string): TemplateData[] {
  const absolute = resolve(path)
  if (templates.some((template) => template.path === absolute)) return []
  return templates.filter((template) => inside(absolute, template.scope))
}

/** Whether any page of the run has the rule on: otherwise no template is looked for. */
export function ruleRuns(config: ResolvedConfig, paths: string[]): boolean {
  const seen = new Set<unknown>()
  for (const path of paths) {
    const file = config.forFile(path)
    if (seen.has(file)) continue
    seen.add(file)
    if (file.rules.some(({rule}) => rule.meta.id === ruleId)) return true
  }
  return false
}

/**
 * Where templates are looked for: the repository that holds the run's pages (the nearest
 * folder with `.git` above them), else the config file's folder when it holds them, else the
 * folder the pages share.
 */
export function templatesRoot(paths: string[], cwd: string, configFolder?: string): string {
  let common = paths.length > 0 ? dirname(resolve(paths[0]!)) : resolve(cwd)
  for (const path of paths) while (!inside(resolve(path), common)) common = dirname(common)
  const repository = repositoryRoot(common)
  if (existsSync(join(repository, '.git'))) return repository
  // No repository: the pages' own folder, or the config file's when it holds them; never the
  // whole working folder (run from a home folder on one page, that would be every file in it).
  if (configFolder && inside(common, resolve(configFolder))) return resolve(configFolder)
  return common
}

/** `--print-config FILE`: the templates found, and the one the page at `path` was written from. */
export function describeTemplates(
  templates: TemplateData[],
  path: string,
): {found: string[]; chosen: string | null; learned: Record<string, unknown>} {
  const learned: Record<string, unknown> = {}
  for (const template of templates) {
    if (!template.pages) continue
    learned[template.display] = {
      pages: template.pages ?? 0,
      boilerplate: template.sentences.filter((sentence) => sentence.boilerplate).map((sentence) => sentence.line),
    }
  }
  let chosen: string | null = null
  const candidates = templatesFor(templates, path)
  let text: string | undefined
  try {
    const {bytes, size} = readRegularFile(path, maximumTemplateSize * 8)
    text = decodeSource(bytes, maximumTemplateSize * 8, size).value
  } catch {
    text = undefined
  }
  if (text !== undefined && candidates.length > 0) {
    const likely = likelyTemplates(candidates, text)
    if (likely.length > 0) {
      const tree = createParser()(new VFile({path, value: text}))
      const sentences = textBlocks(tree, text).flatMap((block) => block.sentences)
      chosen = chooseTemplate(likely, sentences, pageHeadings(tree, text))?.template.display ?? null
    }
  }
  return {found: templates.map((template) => template.display), chosen, learned}
}
