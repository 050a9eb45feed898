/** One lint run: options → config → files → lint → format → exit code. Prints nothing itself. */
import {readFile} from 'node:fs/promises'
import {dirname, relative, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import {builtinRules} from '../rules/index.js'
import {loadConfig} from './config/load.js'
import type {ResolvedConfig} from './config/resolve.js'
import {DocgapError, describeIoError} from './errors.js'
import {discoverFiles, ignoreReason, type DiscoveryOptions} from './files.js'
import type {ChangedLines} from './git.js'
import type {Formatter} from './formatters/types.js'
import {formatters} from './formatters/index.js'
import type {Rule} from './rule.js'
import type {TemplateData} from './template-residue.js'
import type {CachedTemplates, FoundTemplates} from './templates.js'
import type {CacheFile} from './cache.js'
import {restoreMessages} from './messages.js'
import {createPageLinter, type LintedPage, type LinterSetup, type PageTask} from './page-linter.js'
import {lintPages, threadCount, type Concurrency} from './pool.js'
import {decodeSource, defaultMaxFileSize} from './source.js'
import {repositoryRoot} from './repository.js'
import {version} from './version.js'
import {checkOutputs, writeFileAtomic, type Output} from './write-file.js'

export interface RunOptions {
  cwd: string
  paths: string[]
  config?: string
  rules?: string[]
  format: string
  quiet: boolean
  /** -1: no limit. */
  maxWarnings: number
  useIgnores: boolean
  color: boolean
  /** Report `docgap-disable` comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean
  /** Write the report here (atomically) instead of returning it for stdout. */
  outputFile?: string
  /** Lint this text (read from standard input) instead of files; `paths` are not used. */
  stdin?: {text: string; filename?: string}
  /** Lint the Markdown files changed since this git ref (`true`: the default base), changed lines only. */
  changed?: string | true
  /** Lint the Markdown files staged for commit, as staged, changed lines only. */
  staged?: boolean
  /** Report only findings not recorded in this baseline file. */
  baseline?: string
  /** Record every finding of this run in this baseline file. */
  baselineWrite?: string
  /** With `baseline`: rewrite it without the findings that no longer occur. */
  baselinePrune?: boolean
  /** Files larger than this many bytes are reported, not linted. */
  maxFileSize?: number
  /** Reuse the findings of unchanged files from the cache file, and update it. */
  cache?: boolean
  /** The cache file (default `.docgapcache` in the working directory). */
  cacheLocation?: string
  /** `--fix` (`write`: fix files in place) or `--fix-dry-run` (`dry-run`: print the changes as a diff). */
  fix?: 'write' | 'dry-run'
  /** Threads to lint with (`--concurrency`); default `auto`. The output is the same whatever it is. */
  concurrency?: Concurrency
  /** Called as pages are linted, for a progress line. */
  progress?: (done: number, total: number) => void
  /** `docgap report`: write the docs-debt report instead of printing findings. */
  report?: ReportRequest
}

export interface ReportRequest {
  /** The HTML file to write. */
  out: string
  /** A JSON twin of the report, for the next `compare`. */
  jsonOut?: string
  /** A previous JSON report: what was fixed and what is new since then. */
  compare?: string
  /** `https://…/{path}#L{line}`: where each finding links. */
  linkTemplate?: string
}

/** A page to lint: a path on disk, or text from standard input or git's index. */
interface Source {
  path: string
  display: string
  value?: string
  /** Lines to report on; undefined for all. */
  lines?: ChangedLines
}

function checkModes(options: RunOptions): void {
  const modes = [options.stdin && '--stdin', options.changed && '--changed', options.staged && '--staged'].filter(Boolean)
  if (modes.length > 1) throw new DocgapError(`${modes.join(' and ')}: choose one`)
  if (options.baselinePrune && !options.baseline) throw new DocgapError('--baseline-prune: only with --baseline FILE')
  if (options.baselineWrite && (options.changed || options.staged)) {
    throw new DocgapError('--baseline-write: not with --changed or --staged, which lint only part of the tree')
  }
  if (options.baselineWrite && options.baseline) throw new DocgapError('--baseline-write: not with --baseline')
  if (options.fix === 'write' && (options.stdin || options.changed || options.staged)) {
    const mode = options.stdin ? '--stdin (use --fix-dry-run to see the fixes)' : options.staged ? '--staged' : '--changed'
    throw new DocgapError(`--fix: not with ${mode}, which does not lint whole files on disk`)
  }
  if (options.fix && options.report) throw new DocgapError('--fix: not with the report command')
}

type CacheModule = typeof import('./cache.js')

/** The cache and the module that reads it, loaded only with `--cache`. */
async function openCache(
  options: RunOptions,
  config: ResolvedConfig,
  cwd: string,
  siteVariables: unknown[],
  templates: TemplateData[] | undefined,
  file: CacheFile,
) {
  const module: CacheModule = await import('./cache.js')
  const location = cacheLocation(options, cwd)
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
  return {module, warning: loaded.warning, lookup: loaded.lookup, store: loaded.store, save: loaded.save, storeTemplates: loaded.storeTemplates}
}

function cacheLocation(options: RunOptions, cwd: string): string {
  return resolve(cwd, options.cacheLocation ?? '.docgapcache')
}

/** The templates the run's pages may come from, when `no-template-residue` runs on some page. */
async function findTemplates(config: ResolvedConfig, paths: string[], cwd: string, cached?: CachedTemplates): Promise<FoundTemplates | undefined> {
  const module = await import('./templates.js')
  if (paths.length === 0 || !module.ruleRuns(config, paths)) return undefined
  return module.loadTemplates({root: module.templatesRoot(paths, cwd), setting: config.templates, cached, version})
}

async function gatherSources(options: RunOptions, discovery: DiscoveryOptions): Promise<{sources: Source[]; warnings: string[]}> {
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
    const entries: Source[] = options.staged
      ? (await git.stagedFiles(cwd, discovery.extensions)).map((file) => ({path: file.path, display: '', value: file.content, lines: file.lines}))
      : [...(await git.changedLines(cwd, options.changed === true ? undefined : options.changed, discovery.extensions)).entries()].map(([path, lines]) => ({path, display: '', lines}))
    // Positional paths narrow the change to those files and folders.
    const scopes = options.paths.map((path) => resolve(cwd, path))
    const sources: Source[] = []
    for (const entry of entries) {
      if (!scopes.some((scope) => entry.path === scope || entry.path.startsWith(scope.endsWith(sep) ? scope : scope + sep))) continue
      if (await ignoreReason(entry.path, discovery)) continue
      sources.push({...entry, display: relative(cwd, entry.path).split(sep).join('/')})
    }
    return {sources: sources.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0)), warnings}
  }
  const found = await discoverFiles(options.paths, discovery)
  return {sources: found.files, warnings: found.warnings}
}

export interface RunResult {
  exitCode: 0 | 1 | 2
  /** The formatted report, for stdout. */
  output: string
  /** One-line notices and errors, for stderr. */
  notices: string[]
}

export async function run(options: RunOptions): Promise<RunResult> {
  const {cwd} = options
  checkModes(options)
  const format = await loadFormatter(options.format)
  const config = await loadConfig(cwd, options.config, options.rules)
  // Read before any page, so that a broken baseline stops the run without linting anything.
  const baselineFile = options.baseline ? resolve(cwd, options.baseline) : undefined
  const baseline = baselineFile ? await (await import('./baseline.js')).readBaseline(baselineFile, options.baseline!) : undefined
  const reportModule = options.report ? await import('./report/data.js') : undefined
  const previousReport =
    reportModule && options.report?.compare ? await reportModule.readReportData(resolve(cwd, options.report.compare), options.report.compare) : undefined
  const discovery = {cwd, useIgnores: options.useIgnores, ignores: config.ignores, ignoresBase: config.baseDir, extensions: config.extensions}
  const {sources, warnings} = await gatherSources(options, discovery)
  const notices = warnings.map((warning) => `docgap: warning: ${warning}`)
  checkOutputs(plannedOutputs(options), sources.map((source) => source.path))
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize
  const setup: LinterSetup = {
    cwd,
    config: options.config,
    rules: options.rules,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ?? false,
    maxFileSize,
    paths: sources.map((source) => source.path),
  }
  // Read first: what an earlier run learned about templates is in it.
  const cacheFile = options.cache ? await (await import('./cache.js')).readCacheFile(cacheLocation(options, cwd), options.cacheLocation ?? '.docgapcache') : undefined
  const found = await findTemplates(config, setup.paths, cwd, cacheFile?.parsed?.templates)
  const templates = found?.templates.length ? found.templates : undefined
  if (templates) setup.templates = templates
  const linter = await createPageLinter(setup, config, notices)
  const cache = cacheFile ? await openCache(options, config, cwd, linter.siteVariables(), templates, cacheFile) : undefined
  cache?.storeTemplates(found && {stamp: found.stamp, templates: found.templates})
  if (cache?.warning) notices.push(`docgap: warning: ${cache.warning}`)
  // Per source: the page's text and findings, or why it could not be read.
  const outcomes: Array<{page?: LintedPage; readError?: string; content?: Uint8Array}> = []
  const tasks: PageTask[] = []
  for (const [index, source] of sources.entries()) {
    const task: PageTask = {index, path: source.path, display: source.display, value: source.value, track: Boolean(cache)}
    outcomes.push({})
    // Without the cache, the linter reads each page itself (in whichever thread lints it).
    if (!cache || (source.value !== undefined && options.stdin)) {
      tasks.push(task)
      continue
    }
    let content: Uint8Array
    try {
      content = source.value === undefined ? await readFile(source.path) : Buffer.from(source.value)
    } catch (error) {
      outcomes[index] = {readError: describeIoError(error)}
      continue
    }
    outcomes[index]!.content = content
    const entry = cache.lookup(source.path, content)
    if (!entry) {
      tasks.push(task)
      continue
    }
    // The text too, not only the findings: baselines and reports fingerprint the offending lines.
    const value = source.value ?? decodeSource(content, Number.POSITIVE_INFINITY).value ?? ''
    outcomes[index]!.page = {index, value, messages: entry.messages}
    const anchors = cache.module.cachedAnchors(entry)
    if (anchors) linter.remember(source.path, anchors)
  }
  const threads = threadCount(options.concurrency ?? 'auto', tasks.length)
  const linted = await lintPages(tasks, linter, setup, threads, options.progress)
  for (const [position, page] of linted.entries()) {
    const outcome = outcomes[tasks[position]!.index]!
    if (page.readError) outcome.readError = page.readError
    else outcome.page = page
    if (cache && outcome.content && !page.readError) cache.store(tasks[position]!.path, outcome.content, page)
  }
  let fixDiff = ''
  if (options.fix) {
    const {fixTargets} = await import('./fix-files.js')
    const targets = sources.flatMap((source, index) => {
      const page = outcomes[index]!.page
      return page ? [{path: source.path, display: source.display, fromFile: source.value === undefined, page, index}] : []
    })
    const result = await fixTargets(targets, linter, options.fix, Boolean(cache))
    for (const [position, page] of result.fixed.entries()) {
      if (!page) continue
      const {index, path} = targets[position]!
      outcomes[index]!.page = page
      // The cache holds the file as it now is on disk.
      if (cache && options.fix === 'write' && page.value !== undefined) cache.store(path, Buffer.from(page.value), page)
    }
    fixDiff = result.diff
    notices.push(...result.notices)
  }
  const files: VFile[] = []
  const changed = new Map<VFile, ChangedLines>()
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
    files.push(file)
    if (source.lines) changed.set(file, source.lines)
  }
  await cache?.save()

  // Every rule that ran on some page: a page no override matches decides the severity shown.
  const ranRules = [...config.rules]
  for (const settings of sources.map((source) => linter.settingsFor(source.path))) {
    for (const configured of settings.rules) {
      if (!ranRules.some(({rule}) => rule === configured.rule)) ranRules.push(configured)
    }
  }

  if (options.baselineWrite) {
    const {createBaseline, serializeBaseline} = await import('./baseline.js')
    const target = resolve(cwd, options.baselineWrite)
    await writeFileAtomic(target, serializeBaseline(createBaseline(files, dirname(target))), options.baselineWrite)
    const count = files.reduce((sum, file) => sum + file.messages.length, 0)
    notices.push(`docgap: wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${options.baselineWrite}`)
  }
  if (baseline && baselineFile) {
    const {applyBaseline, pruneBaseline, serializeBaseline} = await import('./baseline.js')
    const {fixed} = applyBaseline(files, baseline, dirname(baselineFile), {rules: ranRules.map(({rule}) => rule.meta.id)})
    if (options.baselinePrune) {
      await writeFileAtomic(baselineFile, serializeBaseline(pruneBaseline(baseline, fixed)), options.baseline)
      if (fixed.length > 0) notices.push(`docgap: removed ${fixed.length} fixed finding${fixed.length === 1 ? '' : 's'} from the baseline ${options.baseline}`)
    } else if (fixed.length > 0) {
      notices.push(
        `docgap: ${fixed.length} finding${fixed.length === 1 ? '' : 's'} in the baseline ${options.baseline} no longer occur${fixed.length === 1 ? 's' : ''} (fixed); --baseline-prune removes them`,
      )
    }
  }
  // Only what the change touched: a finding whose span overlaps a changed line.
  for (const [file, lines] of changed) {
    if (lines === 'all') continue
    file.messages = file.messages.filter((message) => {
      const start = message.line ?? 1
      const end = message.place && 'end' in message.place ? message.place.end.line : start
      for (let line = start; line <= Math.max(start, end); line++) if (lines.has(line)) return true
      return false
    })
  }
  if (options.quiet) {
    for (const file of files) file.messages = file.messages.filter((message) => message.fatal)
  }
  let errors = 0
  let warningCount = 0
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal) errors++
      else warningCount++
    }
  }
  const reportedRules = ranRules.map(({rule, severity}) => ({
    id: rule.meta.id,
    description: rule.meta.description,
    url: rule.meta.url,
    severity,
  }))
  if (options.report && reportModule) {
    const {out, jsonOut, linkTemplate} = options.report
    const data = reportModule.buildReportData(files, {cwd, root: repositoryRoot(cwd), version, linkTemplate, reportDir: dirname(resolve(cwd, out)), rules: reportedRules})
    const {renderReport} = await import('./report/html.js')
    const trend = previousReport ? reportModule.compareReports(data, previousReport) : undefined
    await writeFileAtomic(resolve(cwd, out), renderReport(data, trend), out)
    if (jsonOut) await writeFileAtomic(resolve(cwd, jsonOut), reportModule.serializeReportData(data), jsonOut)
    const {pages, findings} = {pages: data.totals.pages, findings: data.totals.findings}
    notices.push(`docgap: wrote ${out}${jsonOut ? ` and ${jsonOut}` : ''}: ${pages} page${pages === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}`)
    // A report describes the docs; it is not a gate: only a failure to make it fails the run.
    return {exitCode: ioError ? 2 : 0, output: '', notices}
  }
  const report = format(files, {
    color: options.color && !options.outputFile,
    cwd,
    root: repositoryRoot(cwd),
    rules: reportedRules,
    version,
  })
  let output = report
  if (options.outputFile) {
    await writeFileAtomic(resolve(cwd, options.outputFile), report, options.outputFile)
    output = ''
  }
  // What --fix-dry-run would change comes first; the findings that would remain follow.
  output = fixDiff + output
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings
  if (tooManyWarnings) {
    notices.push(`docgap: too many warnings (${warningCount}); the maximum is ${options.maxWarnings} (--max-warnings)`)
  }
  const exitCode = ioError ? 2 : errors > 0 || tooManyWarnings ? 1 : 0
  return {exitCode, output, notices}
}

/** Every file this run will write, to be checked before any page is linted. */
function plannedOutputs(options: RunOptions): Output[] {
  const at = (display: string, option: string, kind: Output['kind']): Output => ({path: resolve(options.cwd, display), display, option, kind})
  const outputs: Output[] = []
  if (options.report) {
    outputs.push(at(options.report.out, '--out', 'report-html'))
    if (options.report.jsonOut) outputs.push(at(options.report.jsonOut, '--json-out', 'report-json'))
  } else if (options.outputFile) {
    outputs.push(at(options.outputFile, '--output-file', 'output'))
  }
  if (options.cache) outputs.push(at(options.cacheLocation ?? '.docgapcache', options.cacheLocation ? '--cache-location' : '--cache', 'cache'))
  if (options.baselineWrite) outputs.push(at(options.baselineWrite, '--baseline-write', 'baseline'))
  if (options.baseline && options.baselinePrune) outputs.push(at(options.baseline, '--baseline-prune', 'baseline'))
  return outputs
}

async function loadFormatter(name: string): Promise<Formatter> {
  const load = Object.hasOwn(formatters, name) ? formatters[name] : undefined
  if (!load) throw new DocgapError(`--format ${name}: unknown format (available: ${formatterNames().join(', ')})`)
  return (await load()).default
}

export function formatterNames(): string[] {
  return Object.keys(formatters).sort()
}

/** `--print-config FILE`: the resolved configuration for that file, as JSON. */
export async function printConfig(options: {cwd: string; config?: string; rules?: string[]; file: string}): Promise<string> {
  const config = await loadConfig(options.cwd, options.config, options.rules)
  const {describeConfig} = await import('./config/print.js')
  const path = resolve(options.cwd, options.file)
  const description = JSON.parse(describeConfig(config, path, options.cwd)) as Record<string, unknown>
  const {detectGenerator, loadSite} = await import('./generators/index.js')
  const detected = detectGenerator(path, repositoryRoot(options.cwd))
  const chosen = config.generator === 'auto' ? detected : {profile: undefined, name: config.generator, reason: `set in ${config.display}`}
  const name = chosen.profile?.name ?? config.generator
  const fromSite = detected.configPath && detected.profile.name === name ? Object.keys((await loadSite(detected)).variables) : []
  description.generator = {name, reason: chosen.reason}
  description.variables = [...new Set([...(description.variables as string[]), ...fromSite])].sort()
  const templates = await import('./templates.js')
  if (templates.ruleRuns(config, [path])) {
    const found = await templates.loadTemplates({root: templates.templatesRoot([path], options.cwd), setting: config.templates})
    description.templates = templates.describeTemplates(found.templates, path)
  }
  return `${JSON.stringify(description, null, 2)}\n`
}

/** The rules a configuration can name: the built-in ones and its plugins' (for `--list-rules`). */
export async function availableRules(options: {cwd: string; config?: string}): Promise<Rule<any>[]> {
  return (await loadConfig(options.cwd, options.config)).available
}

/** `--list-rules`: every rule with its default severity and description, one a line. */
export function listRules(rules: Rule<any>[] = builtinRules): string {
  const width = Math.max(...rules.map((rule) => rule.meta.id.length))
  return rules
    .map((rule) => {
      const severity = rule.meta.recommended ? (rule.meta.severity ?? 'error') : 'off'
      return `${rule.meta.id.padEnd(width)}  ${severity.padEnd(5)}  ${rule.meta.description}\n`
    })
    .join('')
}
