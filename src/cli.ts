#!/usr/bin/env node
/** The command line: yargs → run() → print and exit. The only place that prints or sets the exit code. */
import yargs from 'yargs'
import {hideBin} from 'yargs/helpers'
import {DocgapError} from './errors.js'
import {availableRules, listRules, printConfig, run, type ShowOptions} from './run.js'
import {parseSize} from './source.js'
import type {Concurrency} from './pool.js'
import {createProgress} from './progress.js'
import {catchLateRuleFailures} from './rule-guard.js'
import type {SourceOptions} from './lint-sources.js'
import {version} from './version.js'
import {batched} from './write-file.js'

async function main(): Promise<number | undefined> {
  // The language server speaks LSP on stdin and stdout until the editor stops it; the options
  // clients add (`--stdio`, `--clientProcessId=…`) need no parsing. Loaded only here.
  if (process.argv[2] === 'lsp' && !process.argv.slice(3).some((arg) => arg === '--help' || arg === '-h')) {
    const {startServer} = await import('./lsp/server.js')
    startServer()
    return undefined
  }
  const argv = await yargs(hideBin(process.argv))
    // `docgap -- -dash.md`: what follows `--` is paths, never options or a command.
    .parserConfiguration({'populate--': true})
    .scriptName('docgap')
    .usage(
      '$0 [paths..]\n\nFind the unfinished parts of Markdown documentation: empty list items, placeholders,\nunanswered questions, steps without links, undefined template variables.',
    )
    .command('$0 [paths..]', false, (command) =>
      command.positional('paths', {
        describe: 'Files, folders or globs to lint (default: the current folder)',
        type: 'string',
        array: true,
      }),
    )
    .command(
      'report [paths..]',
      'Write the docs-debt report: one self-contained HTML page (and a JSON twin)',
      (command) =>
        command
          .positional('paths', {
            describe: 'Files, folders or globs to report on (default: the current folder)',
            type: 'string',
            array: true,
          })
          .option('out', {type: 'string', default: 'docgap-report.html', describe: 'The HTML file to write'})
          .option('json-out', {type: 'string', describe: "Also write the report's data as JSON, for a later --compare"})
          .option('compare', {
            type: 'string',
            describe: 'A previous JSON report: show what was fixed and what is new since',
          })
          .option('link-template', {
            type: 'string',
            describe:
              'Where findings link, with {path} and {line}, e.g. https://github.com/org/repo/blob/main/{path}#L{line}',
          }),
    )
    .command('lsp', 'Start the language server (LSP over standard input and output), for editors: see docs/editors.md')
    .option('config', {alias: 'c', type: 'string', describe: 'Use this config file instead of looking for one'})
    .option('rule', {type: 'string', array: true, describe: "Set a rule's severity: id=off|warn|error (repeatable)"})
    .option('format', {
      alias: 'f',
      type: 'string',
      default: 'stylish',
      describe: 'Output format: stylish, compact, json, sarif, github, junit',
    })
    .option('output-file', {
      alias: 'o',
      type: 'string',
      describe: 'Write the report to this file instead of standard output',
    })
    .option('stdin', {type: 'boolean', default: false, describe: 'Lint Markdown read from standard input'})
    .option('stdin-filename', {type: 'string', describe: 'The path to report and to apply ignores for, with --stdin'})
    .option('changed', {
      type: 'string',
      describe:
        'Lint the Markdown files changed since REF (default: the merge base with the default branch), reporting changed lines only',
    })
    .option('staged', {
      type: 'boolean',
      default: false,
      describe: 'Lint the Markdown files staged for commit, as staged, reporting changed lines only',
    })
    .option('pre-commit', {
      type: 'boolean',
      default: false,
      describe:
        'As a pre-commit hook: of the named files, report the lines the commit changes (all lines with --all-files)',
    })
    .option('baseline', {type: 'string', describe: 'Report only findings not recorded in this baseline file'})
    .option('baseline-write', {type: 'string', describe: 'Record every finding of this run in this baseline file'})
    .option('baseline-prune', {
      type: 'boolean',
      default: false,
      describe: 'With --baseline: remove the findings that no longer occur from it',
    })
    .option('max-file-size', {
      type: 'string',
      describe: 'Report files larger than this (bytes, or with kb/mb) instead of linting them',
      default: '2mb',
    })
    .option('cache', {
      type: 'boolean',
      default: false,
      describe: 'Skip files unchanged since the last run (findings kept in the cache file)',
    })
    .option('cache-location', {
      type: 'string',
      describe: 'The cache file (default: .docgapcache in the working directory)',
    })
    .option('concurrency', {
      type: 'string',
      default: 'auto',
      describe: 'Threads to lint with: a number, auto (by the number of files and CPUs) or off',
    })
    .option('fix', {
      type: 'boolean',
      default: false,
      describe: 'Fix what can be fixed with certainty, writing the files that change; report what remains',
    })
    .option('fix-dry-run', {
      type: 'boolean',
      default: false,
      describe: 'Print the fixes --fix would make as a unified diff, writing nothing',
    })
    .option('quiet', {type: 'boolean', default: false, describe: 'Report errors only'})
    .option('max-warnings', {type: 'number', default: -1, describe: 'Exit 1 when there are more warnings than this'})
    .option('ignore', {
      type: 'boolean',
      default: true,
      describe: 'Honour .gitignore, .docgapignore and `ignores` (--no-ignore to lint everything)',
    })
    .option('report-unused-disable-directives', {
      type: 'boolean',
      default: false,
      describe: 'Report docgap-disable comments that suppress nothing, as errors',
    })
    .option('print-config', {
      type: 'string',
      describe:
        'Print the configuration FILE is linted with (overrides, plugins and presets applied) as JSON, then exit',
    })
    .option('list-rules', {
      type: 'boolean',
      default: false,
      describe: 'List every rule with its default severity and description, then exit',
    })
    .option('color', {
      type: 'boolean',
      describe: 'Force colour on or off (--no-color); default: on for a terminal, off with NO_COLOR',
    })
    .example('$0 docs/', 'Lint every Markdown file under docs/')
    .example('$0 "docs/**/*.md" --format compact', 'One finding a line, path:line:column, for editors')
    .example('$0 README.md --rule no-placeholders=warn', 'Make placeholders warnings for this run')
    .example('$0 docs --format json > report.json', 'Machine-readable results')
    .example('$0 report docs --json-out debt.json', 'An HTML page of where the unfinished docs are')
    .epilogue('Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, configuration or I/O error.')
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      throw new DocgapError(error ? error.message : `${message} (see docgap --help)`)
    })
    .parseAsync()

  if (argv['list-rules']) {
    // With the plugins the configuration lists, whose rules are configured like the built-in ones.
    process.stdout.write(listRules(await availableRules({cwd: process.cwd(), config: argv.config})))
    return 0
  }
  if (argv['print-config'] !== undefined) {
    if (argv['print-config'] === '')
      throw new DocgapError('--print-config: expected a file, for example --print-config docs/index.md')
    process.stdout.write(
      await printConfig({cwd: process.cwd(), config: argv.config, rules: argv.rule, file: argv['print-config']}),
    )
    return 0
  }
  if (argv['stdin-filename'] !== undefined && !argv.stdin) throw new DocgapError('--stdin-filename: only with --stdin')
  // Declared per command, so yargs' types do not carry the positional over.
  const paths = [
    ...((argv.paths as string[] | undefined) ?? []),
    ...((argv['--'] as unknown[] | undefined) ?? []).map(String),
  ]
  if (argv.stdin && paths.length > 0)
    throw new DocgapError('--stdin: give no paths with --stdin (use --stdin-filename to name the text)')
  const maxFileSize = parseSize(argv['max-file-size'])
  if (maxFileSize === undefined)
    throw new DocgapError(`--max-file-size ${argv['max-file-size']}: expected a size such as 2mb, 500kb or 1048576`)
  const maxWarnings = argv['max-warnings']
  if (!Number.isInteger(maxWarnings)) throw new DocgapError('--max-warnings: expected a whole number')
  const concurrency = parseConcurrency(argv.concurrency)
  if (argv.fix && argv['fix-dry-run']) throw new DocgapError('--fix and --fix-dry-run: choose one')
  // A rule that fails after the findings were counted: said with the notices, or at once after them.
  const lateFailures: string[] = []
  let noticesPrinted = false
  const sources: SourceOptions & ShowOptions = {
    onLateFailure(notice) {
      if (!noticesPrinted) return void lateFailures.push(notice)
      process.stderr.write(`${notice}\n`)
      process.exitCode = Math.max(Number(process.exitCode ?? 0), 1)
    },
    cwd: process.cwd(),
    paths: paths.length > 0 ? paths : ['.'],
    config: argv.config,
    rules: argv.rule,
    useIgnores: argv.ignore,
    reportUnusedDisableDirectives: argv['report-unused-disable-directives'],
    changed: argv.changed === undefined ? undefined : argv.changed === '' ? true : argv.changed,
    staged: argv.staged,
    preCommit: argv['pre-commit'] ? preCommitRange() : undefined,
    maxFileSize,
    cache: argv.cache,
    cacheLocation: argv['cache-location'],
    concurrency,
    fix: argv.fix ? 'write' : argv['fix-dry-run'] ? 'dry-run' : undefined,
    progress: createProgress(),
    quiet: argv.quiet,
    baseline: argv.baseline,
    baselineWrite: argv['baseline-write'],
    baselinePrune: argv['baseline-prune'],
    stdin: argv.stdin ? {text: await readStdin(maxFileSize), filename: argv['stdin-filename']} : undefined,
  }
  const result =
    argv._[0] === 'report'
      ? await (
          await import('./commands/report.js')
        ).runReport({
          ...sources,
          out: String(argv.out),
          jsonOut: argv['json-out'] as string | undefined,
          compare: argv.compare as string | undefined,
          linkTemplate: argv['link-template'] as string | undefined,
        })
      : await run({
          ...sources,
          format: argv.format,
          maxWarnings,
          color: argv.color ?? wantsColor(),
          outputFile: argv['output-file'],
        })
  await writeOutput(result.output)
  for (const notice of [...result.notices, ...lateFailures]) process.stderr.write(`${notice}\n`)
  noticesPrinted = true
  // In a terminal, a run that prints nothing says that it ran.
  if (result.exitCode === 0 && result.summary?.findings === 0 && process.stderr.isTTY) {
    const {files} = result.summary
    process.stderr.write(`docgap: ${files} file${files === 1 ? '' : 's'}, no findings\n`)
  }
  return lateFailures.length > 0 ? (Math.max(result.exitCode, 1) as 1 | 2) : result.exitCode
}

/** Writes the report to stdout as it is made, waiting whenever the pipe is full. */
async function writeOutput(chunks: Iterable<string>): Promise<void> {
  let closed = false
  // A reader that stops early (`docgap | head`) closes the pipe: stop writing, as `cat` does.
  process.stdout.on('error', () => (closed = true))
  for (const chunk of batched(chunks)) {
    if (closed) return
    if (!process.stdout.write(chunk)) {
      await new Promise((resolveDrain) => {
        process.stdout.once('drain', resolveDrain)
        process.stdout.once('error', resolveDrain)
      })
    }
  }
}

/** pre-commit's range on pre-push and `pre-commit run --from-ref A --to-ref B`. */
function preCommitRange(): {fromRef?: string} {
  const {PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to} = process.env
  return from && to ? {fromRef: from} : {}
}

function parseConcurrency(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value
  if (/^[1-9]\d{0,2}$/.test(value)) return Number(value)
  throw new DocgapError(`--concurrency ${value}: expected a number of threads (1 to 999), auto or off`)
}

/** Standard input's bytes, at most `limit + 1`: `--stdin < /dev/zero` stops there and is reported as too large. */
async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer)
    length += (chunk as Buffer).length
    if (length > limit) break
  }
  const bytes = Buffer.concat(chunks)
  return bytes.length > limit + 1 ? bytes.subarray(0, limit + 1) : bytes
}

function wantsColor(): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true
  return Boolean(process.stdout.isTTY)
}

// A plugin rule that fails after it returned is a finding on its page; anything else is a bug here.
catchLateRuleFailures((error) => {
  internalError(error)
  process.exit(2)
})

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof DocgapError) {
      process.stderr.write(`docgap: ${error.message}\n`)
      process.exitCode = error.exitCode
      return
    }
    internalError(error)
  },
)

/** A bug in docgap, not in the user's input: one line, and how to see more. */
function internalError(error: unknown): void {
  process.stderr.write(
    `docgap: internal error: ${(error as Error)?.message ?? error} (run with DOCGAP_DEBUG=1 for the stack)\n`,
  )
  if (process.env.DOCGAP_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`)
  process.exitCode = 2
}
