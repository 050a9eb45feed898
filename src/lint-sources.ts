/**
 * The first stage of a run: which pages to lint (paths, `--stdin`, `--changed`, `--staged`), then
 * their findings, from the cache where it still holds, from the linter (in threads) otherwise.
 */
import {basename, dirname, relative, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import type {ResolvedConfig} from './config/resolve.js'
import {describeIoError} from './errors.js'
import {discoverFiles, ignoreReason, type Discovery, type DiscoveryOptions} from './files.js'
import type {ChangedLines} from './git.js'
import {compareMessages, type ConfiguredRule} from './lint.js'
import {restoreMessages} from './messages.js'
import {createPageLinter, type LintedPage, type LinterSetup, type PageTask} from './page-linter.js'
import {cappedConcurrency, lintPages, threadCount, type Concurrency} from './pool.js'
import {keepFindingLines} from './kept-lines.js'
import {settleRules} from './rule-guard.js'
import {decodeSource, defaultMaxFileSize, readRegularFile} from './source.js'
import type {TemplateData} from './template-residue.js'
import type {CachedTemplates, FoundTemplates} from './templates.js'
import type {CacheFile} from './cache.js'
import {version} from './version.js'

/** A page to lint: a path on disk, or text from standard input or git's index. */
export interface Source {
  path: string
  display: string
  value?: string | Uint8Array
  /** Lines to report on; undefined for all. */
  lines?: ChangedLines
  /** Rules whose findings are reported; undefined for all. */
  rules?: string[]
}

/** What decides which pages a run lints and how. */
export interface SourceOptions {
  cwd: string
  paths: string[]
  config?: string
  /** `--rule id=severity`, as given. */
  rules?: string[]
  /** False with `--no-ignore`. */
  useIgnores: boolean
  /** Lint this text (read from standard input) instead of files; `paths` are not used. */
  stdin?: {text: string | Uint8Array; filename?: string}
  /** Lint the Markdown files changed since this git ref (`true`: the default base), changed lines only. */
  changed?: string | true
  /** Lint the Markdown files staged for commit, as staged, changed lines only. */
  staged?: boolean
  /**
   * `--pre-commit`: the named files are what the pre-commit framework passes; when they are all
   * part of the commit (or changed since `fromRef`, on pre-push), changed lines only.
   */
  preCommit?: {fromRef?: string}
  /** Report `docgap-disable` comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean
  /** Files larger than this many bytes are reported, not linted. */
  maxFileSize?: number
  /** Reuse the findings of unchanged files from the cache file, and update it. */
  cache?: boolean
  /** `--fix` (`write`: fix files in place) or `--fix-dry-run` (`dry-run`: print the changes as a diff). */
  fix?: 'write' | 'dry-run'
  /** The cache file (default `.docgapcache` in the working directory). */
  cacheLocation?: string
  /** Threads to lint with (`--concurrency`); default `auto`. The output is the same whatever it is. */
  concurrency?: Concurrency
  /** Called as pages are linted, for a progress line. */
  progress?: (done: number, total: number) => void
  /**
   * A rule failed on a page after the run counted its findings (a timer or a promise it left
   * behind): the notice to print. Default: added to the run's notices.
   */
  onLateFailure?: (notice: string) => void
}

export interface LintedSources {
  /** One per page that could be read, in the sources' order; `value` holds the page's text. */
  files: VFile[]
  /** The lines to report on, for pages of `--changed` and `--staged`. */
  changed: Map<VFile, ChangedLines>
  /** The rules to report, for pages checked only for the links a change broke. */
  onlyRules: Map<VFile, string[]>
  /** Every rule that ran on some page: a page no override matches decides the severity shown. */
  ranRules: ConfiguredRule[]
  /** A page could not be read (exit 2 at the end). */
  ioError: boolean
  /** What `--fix-dry-run` would change, as a unified diff. */
  fixDiff: string
  /** Called when the findings are counted: a rule that fails after this is a notice, not a finding. */
  countFindings(): void
}

export async function gatherSources(
  options: SourceOptions,
  discovery: DiscoveryOptions,
): Promise<{sources: Source[]; warnings: string[]; errors?: string[]}> {
  const {cwd} = discovery
  const warnings: string[] = []
  if (options.stdin) {
    const display = options.stdin.filename ?? '<stdin>'
    // As ESLint does: text for an ignored path is not linted, and the user is told why.
    const reason = options.stdin.filename ? await ignoreReason(options.stdin.filename, discovery) : undefined
    if (reason) {
      warnings.push(`${display}: not linted, because ${reason} ignores it (use --no-ignore to lint it)`)
      return {sources: [], warnings}
    }
    return {sources: [{path: resolve(cwd, display), display, value: options.stdin.text}], warnings}
  }
  if (options.changed || options.staged) {
    const git = await import('./git.js')
    const removed: string[] = []
    const entries: Source[] = options.staged
      ? (await git.stagedFiles(cwd, discovery.extensions, removed)).map((file) => ({
          path: file.path,
          display: '',
          value: file.content,
          lines: file.lines,
        }))
      : [...(await git.changedLines(cwd, changedRef(options), discovery.extensions, removed))].map(([path, lines]) => ({
          path,
          display: '',
          lines,
        }))
    // Positional paths narrow the change to those files and folders.
    const scopes = options.paths.map((path) => resolve(cwd, path))
    const inScope = (path: string) =>
      scopes.some((scope) => path === scope || path.startsWith(scope.endsWith(sep) ? scope : scope + sep))
    const sources: Source[] = []
    for (const entry of entries) {
      if (!inScope(entry.path)) continue
      if (await ignoreReason(entry.path, discovery)) continue
      sources.push({...entry, display: toDisplay(cwd, entry.path)})
    }
    const changed = [...entries.map((entry) => entry.path), ...removed]
    const linted = new Set(sources.map((source) => source.path))
    sources.push(...(await linkingPages(changed, linted, inScope, options, discovery)))
    return {sources: sources.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0)), warnings}
  }
  const found = await discoverFiles(options.paths, discovery)
  if (options.preCommit) return preCommitSources(found, options, discovery)
  return {sources: found.files, warnings: found.warnings, errors: found.errors}
}

/**
 * `--pre-commit`: the hook of the pre-commit framework, which names the files to check. During a
 * commit they are the staged files, and only the lines the commit changes are reported, as with
 * `--staged`; `pre-commit run --all-files` (or `--files`) names files that are not staged, and
 * then every named file is linted whole. On pre-push (`PRE_COMMIT_FROM_REF`), the lines changed
 * since that ref.
 */
async function preCommitSources(found: Discovery, options: SourceOptions, discovery: DiscoveryOptions) {
  const git = await import('./git.js')
  const {cwd} = discovery
  const removed: string[] = []
  const fromRef = options.preCommit?.fromRef
  const changes = fromRef
    ? await git.changedLines(cwd, fromRef, discovery.extensions, removed)
    : new Map((await git.stagedFiles(cwd, discovery.extensions, removed)).map((file) => [file.path, file.lines]))
  const result = {sources: found.files as Source[], warnings: found.warnings, errors: found.errors}
  if (found.files.length === 0 || !found.files.every((file) => changes.has(file.path))) return result
  result.sources = found.files.map((file) => ({...file, lines: changes.get(file.path)}))
  const named = new Set(found.files.map((file) => file.path))
  // Pages outside the commit that link to what it changed, moved or deleted.
  const changed = [...changes.keys(), ...removed]
  result.sources.push(...(await linkingPages(changed, named, () => true, options, discovery)))
  result.sources.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0))
  return result
}

// The rules that follow links into other pages: on a page that only links to what changed, their
// findings are the ones the change can cause.
const linkRules = ['no-broken-anchors']

/**
 * Unchanged pages that link to a changed, moved or deleted page: the lines that name it are
 * checked by the rules that follow links, so that a heading renamed or a page moved shows where
 * it broke a link, though those lines did not change. Found by a scan of the repository's pages
 * for the page's name (reading every page costs about 1 % of linking them).
 */
async function linkingPages(
  changed: string[],
  linted: Set<string>,
  inScope: (path: string) => boolean,
  options: SourceOptions,
  discovery: DiscoveryOptions,
): Promise<Source[]> {
  if (changed.length === 0) return []
  const names = new Set<string>()
  for (const path of changed) {
    const stem = basename(path).replace(/\.[^.]*$/, '')
    // `docs/install/index.md` is linked as `install/` or `../install`.
    const name = /^(index|readme|_index)$/i.test(stem) ? basename(dirname(path)) : stem
    if (name.length >= 2) names.add(name)
  }
  if (names.size === 0) return []
  const git = await import('./git.js')
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize
  const found: Source[] = []
  for (const path of await git.repositoryPages(discovery.cwd, discovery.extensions)) {
    if (linted.has(path) || !inScope(path)) continue
    let text: string
    try {
      // A regular file only, up to the size limit: never a device or a FIFO.
      const read = readRegularFile(path, maxFileSize)
      if (read.size > maxFileSize) continue
      text = Buffer.from(read.bytes).toString('utf8')
    } catch {
      continue
    }
    if (![...names].some((name) => text.includes(name))) continue
    const lines = new Set<number>()
    text.split(/\r\n|\r|\n/).forEach((line, index) => {
      if ([...names].some((name) => line.includes(name))) lines.add(index + 1)
    })
    if (await ignoreReason(path, discovery)) continue
    found.push({path, display: toDisplay(discovery.cwd, path), lines, rules: linkRules})
  }
  return found
}

function changedRef(options: SourceOptions): string | undefined {
  return options.changed === true ? undefined : options.changed
}

function toDisplay(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join('/')
}

type CacheModule = typeof import('./cache.js')

/** The cache and the module that reads it, loaded only with `--cache`. */
async function openCache(
  options: SourceOptions,
  config: ResolvedConfig,
  siteVariables: unknown[],
  templates: TemplateData[] | undefined,
  file: CacheFile,
) {
  const module: CacheModule = await import('./cache.js')
  const location = cacheLocation(options)
  // Everything besides a page's own bytes that decides its findings.
  const key = module.cacheKey({
    version,
    rules: config.rules.map(({rule, severity, options: ruleOptions}) => [rule.meta.id, severity, ruleOptions]),
    variables: config.variables,
    siteVariables,
    templates,
    // Plugins and overrides: what a page's findings depend on besides the rules of a page no override matches.
    config: config.fingerprint,
    knownRules: config.knownRules,
    reportUnused: options.reportUnusedDisableDirectives ?? false,
    maxFileSize: options.maxFileSize ?? defaultMaxFileSize,
  })
  const loaded = await module.loadCache(location, options.cacheLocation ?? '.docgapcache', key, file)
  return {module, ...loaded}
}

function cacheLocation(options: SourceOptions): string {
  return resolve(options.cwd, options.cacheLocation ?? '.docgapcache')
}

/** The templates the run's pages may come from, when `no-template-residue` runs on some page. */
async function findTemplates(
  config: ResolvedConfig,
  sources: Source[],
  options: SourceOptions,
  cached?: CachedTemplates,
): Promise<FoundTemplates | undefined> {
  const module = await import('./templates.js')
  const paths = sources.map((source) => resolve(options.cwd, source.path))
  if (paths.length === 0 || !module.ruleRuns(config, paths)) return undefined
  // Piped text (`--stdin-filename`) is what the page says, not its disk copy.
  const texts = new Map<string, string>()
  for (const source of sources) {
    if (source.value === undefined) continue
    const text = typeof source.value === 'string' ? source.value : new TextDecoder().decode(source.value)
    texts.set(resolve(options.cwd, source.path), text)
  }
  return module.loadTemplates({
    root: module.templatesRoot(paths, options.cwd, config.configFolder),
    setting: config.templates,
    cached,
    version,
    linted: paths,
    texts,
    // With a cache every template is parsed once and kept; without, only those a page may come from.
    prefilter: !options.cache,
    ignores: options.useIgnores ? config.ignores : undefined,
    ignoresBase: config.baseDir,
  })
}

/** Lints the sources; notices for stderr are added to `notices`. */
export async function lintSources(
  options: SourceOptions,
  config: ResolvedConfig,
  sources: Source[],
  notices: string[],
): Promise<LintedSources> {
  const {cwd} = options
  const setup: LinterSetup = {
    cwd,
    config: options.config,
    rules: options.rules,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ?? false,
    maxFileSize: options.maxFileSize ?? defaultMaxFileSize,
    paths: sources.map((source) => source.path),
    // Fixing needs each page's whole text; otherwise only the lines findings stand on are kept.
    keepText: Boolean(options.fix),
  }
  // Read first: what an earlier run learned about templates is in it.
  const cacheFile = options.cache
    ? await (await import('./cache.js')).readCacheFile(cacheLocation(options), options.cacheLocation ?? '.docgapcache')
    : undefined
  const found = await findTemplates(config, sources, options, cacheFile?.parsed?.templates)
  const templates = found?.templates.length ? found.templates : undefined
  if (templates) {
    setup.templates = templates
    if (found?.likely) setup.likelyTemplates = found.likely
  }
  const linter = await createPageLinter(setup, config, notices)
  const cache = cacheFile ? await openCache(options, config, linter.siteVariables(), templates, cacheFile) : undefined
  cache?.storeTemplates(found && {stamp: found.stamp, templates: found.templates})
  if (cache?.warning) notices.push(`docgap: warning: ${cache.warning}`)
  // Per source: the page's text and findings, or why it could not be read.
  // The content's hash, not the content: a run keeps no page text it does not need.
  const outcomes: Array<{page?: LintedPage; readError?: string; hash?: string}> = []
  const tasks: PageTask[] = []
  for (const [index, source] of sources.entries()) {
    const {path, display} = source
    const task: PageTask = {index, path, display, value: source.value, track: Boolean(cache)}
    outcomes.push({})
    // Without the cache, the linter reads each page itself (in whichever thread lints it).
    if (!cache || (source.value !== undefined && options.stdin)) {
      tasks.push(task)
      continue
    }
    let content: Uint8Array
    try {
      if (source.value === undefined) {
        const limit = options.maxFileSize ?? defaultMaxFileSize
        const read = readRegularFile(source.path, limit)
        // Too large to lint: the linter reports it; nothing of it is worth keeping.
        if (read.size > limit) {
          tasks.push(task)
          continue
        }
        content = read.bytes
      } else {
        content = Buffer.from(source.value)
      }
    } catch (error) {
      outcomes[index] = {readError: describeIoError(error)}
      continue
    }
    const hash = cache.module.hashContent(content)
    outcomes[index]!.hash = hash
    const entry = cache.lookup(source.path, hash)
    if (!entry) {
      tasks.push(task)
      continue
    }
    // The text too, not only the findings: baselines and reports fingerprint the offending lines.
    const own = typeof source.value === 'string' ? source.value : undefined
    const text = entry.messages.length === 0 ? '' : (own ?? decodeSource(content, Infinity).value)
    const kept = options.fix
      ? (own ?? decodeSource(content, Infinity).value ?? '')
      : keepFindingLines(text ?? '', entry.messages)
    outcomes[index]!.page = {index, value: kept, messages: entry.messages}
    const anchors = cache.module.cachedAnchors(entry)
    if (anchors) linter.remember(source.path, anchors)
  }
  const threads = threadCount(options.concurrency ?? 'auto', tasks.length)
  const cap = cappedConcurrency(options.concurrency ?? 'auto')
  if (cap !== undefined) {
    notices.push(
      `docgap: warning: --concurrency ${options.concurrency}: using ${cap} thread${cap === 1 ? '' : 's'}, the number of CPUs available`,
    )
  }
  // A rule that fails on a page after the page was linted (a timer, a promise it left behind): a
  // finding on its page until the findings are counted, a notice naming the page and rule after.
  const pendingLate: Array<{index: number; reason: string}> = []
  const fileAt = new Map<number, VFile>()
  let filesMade = false
  let counted = false
  const lateFailure = (index: number, reason: string) => {
    const file = fileAt.get(index)
    if (!filesMade) pendingLate.push({index, reason})
    else if (file && !counted) addRuleError(file, reason)
    else {
      const notice = `docgap: ${sources[index]?.display}: ${reason}, too late to be reported as a finding`
      if (options.onLateFailure) options.onLateFailure(notice)
      else notices.push(notice)
    }
  }
  const linted = await lintPages(
    tasks,
    linter,
    setup,
    threads,
    options.progress,
    (warning) => {
      notices.push(`docgap: warning: ${warning}`)
    },
    lateFailure,
  )
  // What a rule left behind (a rejected promise, a timer) fails now, onto its page's findings.
  await settleRules()
  for (const [position, page] of linted.entries()) {
    const outcome = outcomes[tasks[position]!.index]!
    if (page.readError) outcome.readError = page.readError
    else outcome.page = page
    if (cache && outcome.hash && !page.readError) cache.store(tasks[position]!.path, outcome.hash, page)
  }
  let fixDiff = ''
  if (options.fix) {
    const {fixTargets} = await import('./fix-files.js')
    const targets = sources.flatMap((source, index) => {
      const page = outcomes[index]!.page
      return page
        ? [{path: source.path, display: source.display, fromFile: source.value === undefined, page, index}]
        : []
    })
    const result = await fixTargets(targets, linter, options.fix, Boolean(cache))
    for (const [position, page] of result.fixed.entries()) {
      if (!page) continue
      const {index, path} = targets[position]!
      outcomes[index]!.page = page
      // The cache holds the file as it now is on disk.
      if (cache && options.fix === 'write' && page.value !== undefined) {
        cache.store(path, cache.module.hashContent(Buffer.from(page.value)), page)
      }
    }
    fixDiff = result.diff
    notices.push(...result.notices)
  }
  const files: VFile[] = []
  const changed = new Map<VFile, ChangedLines>()
  const onlyRules = new Map<VFile, string[]>()
  let ioError = false
  for (const [index, source] of sources.entries()) {
    const {page, readError} = outcomes[index]!
    if (!page) {
      notices.push(`docgap: ${source.display}: cannot read file: ${readError}`)
      ioError = true
      continue
    }
    const file = new VFile({path: source.display, cwd, value: page.value ?? ''})
    restoreMessages(file, page.messages)
    // A rule-error a timer added while the page was in hand came last.
    file.messages.sort(compareMessages)
    files.push(file)
    fileAt.set(index, file)
    if (source.lines) changed.set(file, source.lines)
    if (source.rules) onlyRules.set(file, source.rules)
  }
  filesMade = true
  for (const {index, reason} of pendingLate) lateFailure(index, reason)
  linter.handOver(
    tasks.map((task) => task.index),
    lateFailure,
  )
  await cache?.save()

  const ranRules = [...config.rules]
  for (const settings of sources.map((source) => linter.settingsFor(source.path))) {
    for (const configured of settings.rules) {
      if (!ranRules.some(({rule}) => rule === configured.rule)) ranRules.push(configured)
    }
  }
  return {files, changed, onlyRules, ranRules, ioError, fixDiff, countFindings: () => (counted = true)}
}

function addRuleError(file: VFile, reason: string): void {
  const message = file.message(reason, {place: {line: 1, column: 1}, ruleId: 'rule-error', source: 'docgap'})
  message.fatal = true
  file.messages.sort(compareMessages)
}
