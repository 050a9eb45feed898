/**
 * The templates pages are written from (`templates` in the configuration, or found in the
 * repository by name), read into plain data for `no-template-residue`, with the boilerplate
 * learned from the pages on disk written from each: a sentence that more than half of them
 * (at least five) keep unchanged is meant to stay. Done once a run, before any page is linted,
 * and handed to every thread as data, so that the output is the same whatever the concurrency.
 */
import {createHash} from 'node:crypto'
import {statSync} from 'node:fs'
import {basename, dirname, extname, relative, resolve, sep} from 'node:path'
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
const templateExtensions = ['md', 'markdown', 'mdx', 'tmpl', 'tpl', 'gotmpl', 'j2', 'jinja', 'jinja2', 'liquid', 'njk', 'hbs', 'mustache', 'txt']
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

/** Lists the repository's template files and its Markdown pages, in one walk. */
export async function walkRepository(root: string, setting?: TemplateSetting): Promise<{templates: string[]; pages: string[]}> {
  const {glob} = await import('tinyglobby')
  const files = await glob(['**/*'], {cwd: root, ignore: skippedFolders, onlyFiles: true, dot: false, followSymbolicLinks: false})
  files.sort()
  const pages = files.filter((file) => hasExtension(file, pageExtensions)).map((file) => resolve(root, file))
  let templates: string[]
  if (setting) {
    const configured = await glob(setting.patterns, {cwd: setting.baseDir, onlyFiles: true, dot: true, absolute: true})
    templates = configured.map((path) => resolve(path)).sort()
  } else {
    templates = files.filter((file) => isTemplatePath(file)).map((file) => resolve(root, file))
  }
  return {templates, pages}
}

/** Reads one template into plain data. Undefined when it cannot be read or holds no text. */
export function readTemplate(path: string, display: string, scope: string, parse: Parse): TemplateData | undefined {
  let text: string | undefined
  try {
    // A regular file only, read up to the limit: never a device or a FIFO.
    const {bytes, size} = readRegularFile(path, maximumTemplateSize)
    if (size > maximumTemplateSize) return undefined
    text = decodeSource(bytes, maximumTemplateSize).value
  } catch {
    return undefined
  }
  if (text === undefined) return undefined
  return templateFromText(text, path, display, scope, parse)
}

/** A template's sentences (each at its line) and headings, from its text. */
export function templateFromText(text: string, path: string, display: string, scope: string, parse: Parse = createParser()): TemplateData {
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
  const sentences = normaliseAll(chunks.filter((chunk) => !chunk.heading).map((chunk) => chunk.text)).flatMap(splitSentences)
  return {sentences, headings}
}

/**
 * Learns each template's boilerplate from the pages written from it. Each page is read at most
 * once, and only when it shares a long enough run of words with some template in its scope.
 */
export function learnBoilerplate(templates: TemplateData[], pages: string[], templatePaths = new Set(templates.map((template) => template.path))): Map<string, TemplateData[]> {
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
    let raw: string
    try {
      raw = readTextFile(path, defaultMaxFileSize)
    } catch {
      continue
    }
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
  const {templates: paths, pages} = await walkRepository(root, setting)
  const stamp = stampOf([formatVersion, request.version ?? '', root, setting?.patterns ?? null, setting?.baseDir ?? null], paths, pages)
  let templates: TemplateData[]
  if (cached && cached.stamp === stamp && Array.isArray(cached.templates)) {
    templates = cached.templates
  } else {
    const parse = createParser()
    templates = []
    for (const path of paths) {
      const display = relative(root, path).split(sep).join('/')
      // A template the configuration names serves every page under the configuration's folder.
      const scope = setting ? setting.baseDir : templateScope(path, root)
      const template = readTemplate(path, display, scope, parse)
      if (template && template.sentences.length + template.headings.length > 0) templates.push(template)
    }
  }
  // Learning reads every page in a template's folder: done only for the templates some linted
  // page may come from (in a pre-commit run on a page written from none, for none at all).
  const unlearned = neededTemplates(templates, request.linted).filter((template) => template.pages === undefined)
  if (unlearned.length === 0) return {templates, pages, stamp}
  const likelyByPage = learnBoilerplate(unlearned, pages, new Set(templates.map((template) => template.path)))
  if (unlearned.length < templates.length) return {templates, pages, stamp}
  // Every template was looked for in every page: which ones each page may come from is known.
  const position = new Map(templates.map((template, index) => [template, index]))
  const likely: Record<string, number[]> = {}
  for (const [path, found] of likelyByPage) likely[path] = found.map((template) => position.get(template)!)
  return {templates, pages, stamp, likely}
}

// Beyond this many linted pages, every template is learned rather than each page read twice.
const fewPages = 50

function neededTemplates(templates: TemplateData[], linted: string[] | undefined): TemplateData[] {
  if (!linted || linted.length > fewPages || templates.length === 0) return templates
  const needed = new Set<TemplateData>()
  for (const path of linted) {
    const candidates = templatesFor(templates, path)
    if (candidates.length === 0) continue
    let text: string
    try {
      text = readTextFile(path, defaultMaxFileSize)
    } catch {
      continue
    }
    for (const template of likelyTemplates(candidates, text)) needed.add(template)
  }
  return templates.filter((template) => needed.has(template))
}

/** Changes when a template or a page is added, removed or edited; stat only, nothing read. */
function stampOf(settings: unknown[], templates: string[], pages: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(settings))
  for (const [kind, paths] of [['template', templates], ['page', pages]] as const) {
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
 * folder with `.git` above them), else the working folder when the pages are inside it.
 */
export function templatesRoot(paths: string[], cwd: string): string {
  let common = paths.length > 0 ? dirname(resolve(paths[0]!)) : resolve(cwd)
  for (const path of paths) while (!inside(resolve(path), common)) common = dirname(common)
  const root = repositoryRoot(common)
  if (root === common && inside(common, resolve(cwd))) return repositoryRoot(cwd)
  return root
}

/** `--print-config FILE`: the templates found, and the one the page at `path` was written from. */
export function describeTemplates(templates: TemplateData[], path: string): {found: string[]; chosen: string | null; learned: Record<string, unknown>} {
  const learned: Record<string, unknown> = {}
  for (const template of templates) {
    if (!template.pages) continue
    learned[template.display] = {pages: template.pages ?? 0, boilerplate: template.sentences.filter((sentence) => sentence.boilerplate).map((sentence) => sentence.line)}
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
