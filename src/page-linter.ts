/**
 * Lints pages one at a time and hands back plain data: the decoded text, the findings, the
 * page's anchors and what it read of other pages. The same code runs in the main thread and in
 * worker threads, so the output is the same whatever the concurrency.
 */
import {resolve} from 'node:path'
import {VFile} from 'vfile'
import {loadConfig} from './config/load.js'
import type {ResolvedConfig} from './config/resolve.js'
import {createDocumentIndex, type TextOverlay} from './documents.js'
import {describeIoError} from './errors.js'
import {fileError, lintFile, type LintSettings} from './lint.js'
import {toPlainMessages, type PlainMessage} from './messages.js'
import {preparePageSettings, type PageSettings} from './page-settings.js'
import {createParser, isMdxPath, loadMdx, parseModeOf, type Parse} from './parse.js'
import type {Anchors, DocumentIndex} from './rule.js'
import {collectBetweenPages} from './heap.js'
import {keepFindingLines} from './kept-lines.js'
import {decodeSource, readSource, type Source} from './source.js'
import type {TemplateData} from './template-residue.js'
import {templatesFor} from './templates.js'

/** Everything a thread needs to lint like the main thread; plain data, to be sent to a worker. */
export interface LinterSetup {
  cwd: string
  /** `--config`, as given. */
  config?: string
  /** `--rule`, as given. */
  rules?: string[]
  reportUnusedDisableDirectives: boolean
  maxFileSize: number
  /** Every page of the run, so that each thread loads the same sites. */
  paths: string[]
  /** Keep each page's whole text in its result (for `--fix`), not only the lines its findings stand on. */
  keepText?: boolean
  /** The templates pages may come from, found and learned once by the main thread. */
  templates?: TemplateData[]
  /** By page, the indexes of the templates its text on disk may come from, when the main thread worked them out. */
  likelyTemplates?: Record<string, number[]>
}

export interface PageTask {
  /** Position in the run, to put results back in order. */
  index: number
  /** Absolute path. */
  path: string
  /** The path shown in findings. */
  display: string
  /** The text or bytes, when they do not come from the file (standard input, git's index). */
  value?: string | Uint8Array
  /** Record what the page read of other pages, for the cache. */
  track: boolean
}

/** Something a page's findings depend on besides its own content. */
export interface Dependency {
  path: string
  /** `exists:true`/`exists:false`, or `content` for a page whose anchors were read. */
  state: string
}

export interface LintedPage {
  index: number
  /** The lines of the page's text its findings stand on (see kept-lines.ts); undefined when it could not be read. */
  value?: string
  /** Why the file could not be read. */
  readError?: string
  messages: PlainMessage[]
  anchors?: {ids: string[]; complete: boolean; private?: string[]}
  dependencies?: Dependency[]
}

export interface PageLinter {
  /** `parse`: parse the page this way instead (an editor's updated tree); default: the run's parser. */
  lint(task: PageTask, parse?: Parse): LintedPage
  /** The run's parser. */
  parse: Parse
  /** The settings (rules, variables, generator) of the page at this absolute path. */
  settingsFor(path: string): LintSettings
  /** The variables of every site the run's pages belong to, for the cache key. */
  siteVariables(): unknown[]
  /** Anchors another thread or the cache already knows: a link into that page does not parse it. */
  remember(path: string, anchors: Anchors): void
  /** Forgets what is known of the page at this path: it changed. */
  forget(path: string): void
  /** The anchors a link can point at in the page at this absolute path (an editor's buffer first). */
  anchors(path: string): Anchors | undefined
  /**
   * The results of these pages (by task index) were handed on: a rule that fails on one of them
   * from now on (a timer, a promise it left behind) is told to `onLate`, not added to a result
   * nobody reads any more.
   */
  handOver(indexes: Iterable<number>, onLate: (index: number, reason: string) => void): void
}

/** In a worker: resolves the configuration as the main thread did, then lints. */
export async function createPageLinterFromSetup(setup: LinterSetup): Promise<PageLinter> {
  return createPageLinter(setup, await loadConfig(setup.cwd, setup.config, setup.rules), [])
}

export async function createPageLinter(
  setup: LinterSetup,
  config: ResolvedConfig,
  notices: string[],
  overlay?: TextOverlay,
): Promise<PageLinter> {
  const {cwd, maxFileSize} = setup
  const parse = createParser()
  if (setup.paths.some(isMdxPath)) await loadMdx()
  const pages: PageSettings = await preparePageSettings(
    setup.paths,
    config,
    cwd,
    {parse, knownRules: config.knownRules, reportUnusedDisableDirectives: setup.reportUnusedDisableDirectives},
    notices,
  )
  // A generator may read `.md` pages as MDX too (Docusaurus 3).
  if (
    !setup.paths.some(isMdxPath) &&
    setup.paths.some((path) => parseModeOf(path, pages.settingsFor(path).profile).mdx)
  )
    await loadMdx()
  // Nothing is read until a rule follows a link; a page whose anchors a rule worked out while
  // linting it hands them over, so that a link into it later does not parse it again.
  const store = createDocumentIndex(parse, (path) => pages.settingsFor(path), maxFileSize, overlay)
  const handedOver = new Set<number>()
  let onLateFailure: ((index: number, reason: string) => void) | undefined
  return {
    handOver(indexes, onLate) {
      for (const index of indexes) handedOver.add(index)
      onLateFailure = onLate
    },
    remember: (path, anchors) => store.remember(path, anchors),
    forget: (path) => store.forget(path),
    anchors: (path) => store.anchorsOf(path),
    settingsFor: (path) => pages.settingsFor(path),
    siteVariables: () => pages.siteVariables(),
    parse,
    lint(task, parseOverride) {
      // The last page's tree is garbage now: memory stays bounded by what the run keeps.
      collectBetweenPages()
      let decoded: Source
      if (task.value === undefined) {
        try {
          decoded = readSource(task.path, maxFileSize)
        } catch (error) {
          return {index: task.index, readError: describeIoError(error), messages: []}
        }
      } else {
        // Standard input and git's index get the checks a file gets: size, binary data, UTF-8.
        const bytes = typeof task.value === 'string' ? Buffer.from(task.value) : task.value
        // More than the limit: standard input was read only that far, so its size is unknown.
        decoded = decodeSource(bytes, maxFileSize, bytes.length > maxFileSize ? Number.POSITIVE_INFINITY : bytes.length)
      }
      const file = new VFile({path: task.display, cwd, value: decoded.value ?? ''})
      for (const {reason, line, column, fatal} of decoded.problems) fileError(file, reason, line, column, fatal)
      const dependencies: Dependency[] | undefined = task.track ? [] : undefined
      let anchors: Anchors | undefined
      // The result exists before the rules run: a rule that fails later adds its finding to it.
      const page: LintedPage = {index: task.index, messages: []}
      const late = (reason: string) => {
        if (handedOver.has(task.index)) return onLateFailure?.(task.index, reason)
        page.messages.push({reason, line: 1, column: 1, ruleId: 'rule-error', source: 'docgap', fatal: true})
      }
      if (decoded.value !== undefined) {
        const settings = pages.settingsFor(task.path)
        lintFile(file, {
          ...settings,
          templates: setup.templates?.length ? pageTemplates(setup, task) : undefined,
          ...(parseOverride ? {parse: parseOverride} : {}),
          documents: dependencies ? trackDocuments(store, dependencies) : store,
          onLateFailure: late,
          onAnchors(found) {
            anchors = found
            store.remember(task.path, found)
          },
        })
      }
      page.messages.push(...toPlainMessages(file))
      page.value = setup.keepText ? (decoded.value ?? '') : keepFindingLines(decoded.value ?? '', page.messages)
      if (task.track && anchors)
        page.anchors = {
          ids: [...anchors.ids],
          complete: anchors.complete,
          ...(anchors.private ? {private: [...anchors.private]} : {}),
        }
      page.dependencies = dependencies
      return page
    },
  }
}

/** A document index that notes every page and path a page's rules looked at. */
function trackDocuments(index: DocumentIndex, dependencies: Dependency[]): DocumentIndex {
  return {
    exists(path) {
      const found = index.exists(path)
      dependencies.push({path, state: `exists:${found}`})
      return found
    },
    anchorsOf(path) {
      dependencies.push({path: resolve(path), state: 'content'})
      return index.anchorsOf(path)
    },
  }
}

/** The templates a page may come from: those the main thread found for its text on disk, else all in whose folder it is. */
function pageTemplates(setup: LinterSetup, task: PageTask): TemplateData[] {
  const templates = setup.templates!
  const known = task.value === undefined ? setup.likelyTemplates?.[resolve(task.path)] : undefined
  return known ? known.map((index) => templates[index]!) : templatesFor(templates, task.path)
}
