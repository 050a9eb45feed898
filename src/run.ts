/** One lint run: options → config → files → lint → format → exit code. Prints nothing itself. */
import {readFile} from 'node:fs/promises'
import {readdirSync} from 'node:fs'
import {resolve} from 'node:path'
import {VFile} from 'vfile'
import {builtinRules} from '../rules/index.js'
import {findConfig} from './config/find.js'
import {resolveConfig} from './config/resolve.js'
import {DocgapError, describeIoError} from './errors.js'
import {discoverFiles, ignoreReason} from './files.js'
import type {Formatter} from './formatters/types.js'
import {lintFile} from './lint.js'
import {createParser} from './parse.js'
import {repositoryRoot} from './repository.js'
import {version} from './version.js'
import {writeFileAtomic} from './write-file.js'

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
  const format = await loadFormatter(options.format)
  const config = await resolveConfig(await findConfig(cwd, options.config), builtinRules, {
    cwd,
    ruleOverrides: options.rules,
  })
  const discovery = {cwd, useIgnores: options.useIgnores, ignores: config.ignores, ignoresBase: config.baseDir}
  const {files: found, warnings} = options.stdin ? {files: [], warnings: []} : await discoverFiles(options.paths, discovery)
  const notices = warnings.map((warning) => `docgap: warning: ${warning}`)
  const parse = createParser()
  const settings = {
    rules: config.rules,
    parse,
    variables: config.variables,
    knownRules: builtinRules.map((rule) => rule.meta.id),
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ?? false,
  }
  const files: VFile[] = []
  let ioError = false
  if (options.stdin) {
    const display = options.stdin.filename ?? '<stdin>'
    // As ESLint does: text for an ignored path is not linted, and the user is told why.
    const reason = options.stdin.filename ? await ignoreReason(options.stdin.filename, discovery) : undefined
    if (reason) notices.push(`docgap: warning: ${display}: not linted, because ${reason} ignores it (use --no-ignore to lint it)`)
    else files.push(lintFile(new VFile({path: display, cwd, value: options.stdin.text}), settings))
  }
  for (const {path, display} of found) {
    let value: string
    try {
      value = await readFile(path, 'utf8')
    } catch (error) {
      notices.push(`docgap: ${display}: cannot read file: ${describeIoError(error)}`)
      ioError = true
      continue
    }
    const file = new VFile({path: display, cwd, value})
    files.push(lintFile(file, settings))
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
  const report = format(files, {
    color: options.color && !options.outputFile,
    cwd,
    root: repositoryRoot(cwd),
    rules: config.rules.map(({rule, severity}) => ({
      id: rule.meta.id,
      description: rule.meta.description,
      url: rule.meta.url,
      severity,
    })),
    version,
  })
  let output = report
  if (options.outputFile) {
    await writeFileAtomic(resolve(cwd, options.outputFile), report, options.outputFile)
    output = ''
  }
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings
  if (tooManyWarnings) {
    notices.push(`docgap: too many warnings (${warningCount}); the maximum is ${options.maxWarnings} (--max-warnings)`)
  }
  const exitCode = ioError ? 2 : errors > 0 || tooManyWarnings ? 1 : 0
  return {exitCode, output, notices}
}

// Formatters are loaded by name, so adding one is adding a file to src/formatters/.
async function loadFormatter(name: string): Promise<Formatter> {
  if (/^[a-z][a-z0-9-]*$/.test(name) && name !== 'types') {
    try {
      return (await import(`./formatters/${name}.js`)).default as Formatter
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    }
  }
  throw new DocgapError(`--format ${name}: unknown format (available: ${formatterNames().join(', ')})`)
}

export function formatterNames(): string[] {
  const folder = new URL('./formatters/', import.meta.url)
  return readdirSync(folder)
    .filter((name) => name.endsWith('.js') && name !== 'types.js')
    .map((name) => name.slice(0, -3))
    .sort()
}

/** `--list-rules`: every rule with its default severity and description, one a line. */
export function listRules(): string {
  const width = Math.max(...builtinRules.map((rule) => rule.meta.id.length))
  return builtinRules
    .map((rule) => {
      const severity = rule.meta.recommended ? (rule.meta.severity ?? 'error') : 'off'
      return `${rule.meta.id.padEnd(width)}  ${severity.padEnd(5)}  ${rule.meta.description}\n`
    })
    .join('')
}
