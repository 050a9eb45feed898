/**
 * One lint run, in stages: options → config → pages (lint-sources.ts: discovery, cache, threads)
 * → what to show (post-process.ts: baseline, changed lines, quiet) → format → exit code. Prints
 * nothing itself. `docgap report` shares the first stages (commands/report.ts).
 */
import {dirname, resolve} from 'node:path'
import {builtinRules} from '../rules/index.js'
import type {Baseline, FixedEntry} from './baseline.js'
import {loadConfig} from './config/load.js'
import {DocgapError} from './errors.js'
import type {Formatter, ReportedRule} from './formatters/types.js'
import {formatters} from './formatters/index.js'
import type {ConfiguredRule} from './lint.js'
import {gatherSources, lintSources, type SourceOptions} from './lint-sources.js'
import {postProcess} from './post-process.js'
import type {Rule} from './rule.js'
import {repositoryRoot} from './repository.js'
import {version} from './version.js'
import {checkOutputs, writeFileAtomic, type Output} from './write-file.js'

/** A lint run: which pages and how (SourceOptions), then what to show and where. */
export interface RunOptions extends SourceOptions, ShowOptions {
  format: string
  /** -1: no limit. */
  maxWarnings: number
  color: boolean
  /** Write the report here (atomically) instead of returning it for stdout. */
  outputFile?: string
  /** Report only findings not recorded in this baseline file. */
  baseline?: string
  /** Record every finding of this run in this baseline file. */
  baselineWrite?: string
  /** With `baseline`: rewrite it without the findings that no longer occur. */
  baselinePrune?: boolean
}

export interface RunResult {
  exitCode: 0 | 1 | 2
  /** The formatted report, for stdout, in chunks (made as they are read). */
  output: Iterable<string>
  /** One-line notices and errors, for stderr. */
  notices: string[]
  /** How many files were linted and how many findings are shown. */
  summary?: {files: number; findings: number}
}

function checkModes(options: SourceOptions & ShowOptions): void {
  const modes = [
    options.stdin && '--stdin',
    options.changed && '--changed',
    options.staged && '--staged',
    options.preCommit && '--pre-commit',
  ].filter(Boolean)
  if (modes.length > 1) throw new DocgapError(`${modes.join(' and ')}: choose one`)
  if (options.baselinePrune && !options.baseline) throw new DocgapError('--baseline-prune: only with --baseline FILE')
  if (options.baselineWrite && (options.changed || options.staged)) {
    throw new DocgapError('--baseline-write: not with --changed or --staged, which lint only part of the tree')
  }
  if (options.baselineWrite && options.baseline) throw new DocgapError('--baseline-write: not with --baseline')
  if (options.fix === 'write' && (options.stdin || options.changed || options.staged || options.preCommit)) {
    const mode = options.stdin
      ? '--stdin (use --fix-dry-run to see the fixes)'
      : options.staged
        ? '--staged'
        : options.preCommit
          ? '--pre-commit'
          : '--changed'
    throw new DocgapError(`--fix: not with ${mode}, which does not lint whole files on disk`)
  }
}

/** The pages of the run, linted: configuration, discovery, then the lint stage. Shared by `report`. */
/** Which findings a run keeps: `--baseline` (and writing one), `--quiet`. */
export interface ShowOptions {
  /** Errors only. */
  quiet: boolean
  /** Report only findings not recorded in this baseline file. */
  baseline?: string
  /** Record every finding of this run in this baseline file. */
  baselineWrite?: string
  /** With `baseline`: rewrite it without the findings that no longer occur. */
  baselinePrune?: boolean
}

/**
 * The stages shared by a run and `report`: configuration, discovery and the lint stage, then the
 * post-processing that decides which findings are shown (with the baseline files it reads and writes).
 */
export async function lintRun(
  options: SourceOptions & ShowOptions,
  notices: string[],
  outputs: Output[],
  before?: () => Promise<void>,
) {
  const {cwd} = options
  checkModes(options)
  const config = await loadConfig(cwd, options.config, options.rules)
  // Inputs that can stop the run are read before any page is linted.
  let baseline: {data: Baseline; file: string; module: BaselineModule} | undefined
  if (options.baseline) {
    const module = await import('./baseline.js')
    const file = resolve(cwd, options.baseline)
    baseline = {data: await module.readBaseline(file, options.baseline), file, module}
  }
  await before?.()
  const discovery = {
    cwd,
    useIgnores: options.useIgnores,
    ignores: config.ignores,
    ignoresBase: config.baseDir,
    extensions: config.extensions,
  }
  const {sources, warnings, errors: unreadable = []} = await gatherSources(options, discovery)
  notices.push(...warnings.map((warning) => `docgap: warning: ${warning}`))
  // Named paths that cannot be read are reported as unreadable pages are: the rest is linted, exit 2.
  notices.push(...unreadable.map((error) => `docgap: ${error}`))
  // Every file the run writes, checked before any page is linted.
  checkOutputs(
    [...outputs, ...plannedOutputs(options)],
    sources.map((source) => source.path),
  )
  const linted = await lintSources(options, config, sources, notices)
  const {files, ranRules} = linted

  if (options.baselineWrite) {
    const {createBaseline, serializeBaseline} = await import('./baseline.js')
    const target = resolve(cwd, options.baselineWrite)
    await writeFileAtomic(target, serializeBaseline(createBaseline(files, dirname(target))), options.baselineWrite)
    const count = files.reduce((sum, file) => sum + file.messages.length, 0)
    notices.push(`docgap: wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${options.baselineWrite}`)
  }
  linted.countFindings()
  const shown = postProcess(files, {
    baseline: baseline && {data: baseline.data, dir: dirname(baseline.file), apply: baseline.module.applyBaseline},
    ranRuleIds: ranRules.map(({rule}) => rule.meta.id),
    changed: linted.changed,
    onlyRules: linted.onlyRules,
    quiet: options.quiet,
  })
  if (baseline) await reportBaseline(baseline, shown.fixed, options, notices)
  return {...linted, ...shown, ioError: linted.ioError || unreadable.length > 0}
}

export async function run(options: RunOptions): Promise<RunResult> {
  const {cwd} = options
  const format = await loadFormatter(options.format)
  const notices: string[] = []
  const outputs = options.outputFile ? [plannedOutput(options.cwd, options.outputFile, '--output-file', 'output')] : []
  const {files, ranRules, ioError, errors, warnings, fixDiff} = await lintRun(options, notices, outputs)
  const findings = format(files, {
    color: options.color && !options.outputFile,
    cwd,
    root: repositoryRoot(cwd),
    rules: reportedRules(ranRules),
    version,
  })
  // What --fix-dry-run would change comes first; the findings that would remain follow.
  const output = fixDiff ? prepend(fixDiff, findings) : findings
  if (options.outputFile) await writeFileAtomic(resolve(cwd, options.outputFile), output, options.outputFile)
  const tooManyWarnings = options.maxWarnings >= 0 && warnings > options.maxWarnings
  if (tooManyWarnings) {
    notices.push(`docgap: too many warnings (${warnings}); the maximum is ${options.maxWarnings} (--max-warnings)`)
  }
  const exitCode = ioError ? 2 : errors > 0 || tooManyWarnings ? 1 : 0
  const summary = {files: files.length, findings: errors + warnings}
  return {exitCode, output: options.outputFile ? [] : output, notices, summary}
}

/** An output file of the run, as write-file.ts checks it. */
export function plannedOutput(cwd: string, display: string, option: string, kind: Output['kind']): Output {
  return {path: resolve(cwd, display), display, option, kind}
}

/** The cache and baseline files a run writes. */
function plannedOutputs(options: SourceOptions & ShowOptions): Output[] {
  const at = (display: string, option: string, kind: Output['kind']) =>
    plannedOutput(options.cwd, display, option, kind)
  const outputs: Output[] = []
  if (options.cache) {
    outputs.push(
      at(options.cacheLocation ?? '.docgapcache', options.cacheLocation ? '--cache-location' : '--cache', 'cache'),
    )
  }
  if (options.baselineWrite) outputs.push(at(options.baselineWrite, '--baseline-write', 'baseline'))
  if (options.baseline && options.baselinePrune) outputs.push(at(options.baseline, '--baseline-prune', 'baseline'))
  return outputs
}

function* prepend(first: string, rest: Iterable<string>): Generator<string> {
  yield first
  yield* rest
}

type BaselineModule = typeof import('./baseline.js')

/** `--baseline`: say which recorded findings are fixed, and with `--baseline-prune` remove them. */
async function reportBaseline(
  baseline: {data: Baseline; file: string; module: BaselineModule},
  fixed: FixedEntry[],
  options: ShowOptions,
  notices: string[],
): Promise<void> {
  const {pruneBaseline, serializeBaseline} = baseline.module
  const display = options.baseline!
  const one = fixed.length === 1
  if (options.baselinePrune) {
    await writeFileAtomic(baseline.file, serializeBaseline(pruneBaseline(baseline.data, fixed)), display)
    if (fixed.length > 0)
      notices.push(`docgap: removed ${fixed.length} fixed finding${one ? '' : 's'} from the baseline ${display}`)
  } else if (fixed.length > 0) {
    notices.push(
      `docgap: ${fixed.length} finding${one ? '' : 's'} in the baseline ${display} no longer occur${one ? 's' : ''} (fixed); ` +
        '--baseline-prune removes them',
    )
  }
}

/** The rules as reports describe them. */
export function reportedRules(ranRules: ConfiguredRule[]): ReportedRule[] {
  return ranRules.map(({rule, severity}) => ({
    id: rule.meta.id,
    description: rule.meta.description,
    url: rule.meta.url,
    severity,
  }))
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
export async function printConfig(options: {
  cwd: string
  config?: string
  rules?: string[]
  file: string
}): Promise<string> {
  const config = await loadConfig(options.cwd, options.config, options.rules)
  const {describeConfig} = await import('./config/print.js')
  const path = resolve(options.cwd, options.file)
  const description = JSON.parse(describeConfig(config, path, options.cwd)) as Record<string, unknown>
  const {detectGenerator, loadSite, unknownGenerator} = await import('./generators/index.js')
  const detected = detectGenerator(path, repositoryRoot(options.cwd))
  // With no generator config found, a page is linted with every generator's ids and syntax (page-settings.ts).
  const unknown = {
    profile: unknownGenerator,
    reason: `${detected.reason}: any generator's heading ids and site syntax are accepted`,
  }
  const chosen =
    config.generator === 'auto'
      ? detected.configPath
        ? detected
        : unknown
      : {profile: undefined, name: config.generator, reason: `set in ${config.display}`}
  const name = chosen.profile?.name ?? config.generator
  const fromSite =
    detected.configPath && detected.profile.name === name ? Object.keys((await loadSite(detected)).variables) : []
  description.generator = {name, reason: chosen.reason}
  description.variables = [...new Set([...(description.variables as string[]), ...fromSite])].sort()
  const templates = await import('./templates.js')
  if (templates.ruleRuns(config, [path])) {
    const root = templates.templatesRoot([path], options.cwd, config.configFolder)
    const {ignores, baseDir: ignoresBase} = config
    const found = await templates.loadTemplates({root, setting: config.templates, linted: [path], ignores, ignoresBase})
    // A walk given up on is said here, and only here: a lint run stays silent.
    description.templates = found.skipped
      ? {skipped: found.skipped}
      : templates.describeTemplates(found.templates, path)
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
