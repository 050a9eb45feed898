#!/usr/bin/env node
/**
 * docgap's benchmark (issue 5): docgap cold, warm and on one file, markdownlint-cli2 cold and on
 * one file, and the single-thread parse floor, each as its own process, alternated over several
 * rounds on a temporary copy of a real docs corpus. Prints a Markdown table of medians (wall, CPU =
 * user + sys of the child, peak RSS), paired ratios and the issue's targets.
 *
 *   npm run bench                      # builds, then runs this
 *   node bench/run.mjs [--corpus DIR] [--rounds N] [--quick] [--out FILE] [--profile DIR] [--keep]
 *
 * Plain Node ESM, no build step; measures the built dist/bundle/cli.js. The corpus is never modified:
 * everything runs in a copy under the system's temporary folder, removed at the end.
 */
import {spawn, spawnSync} from 'node:child_process'
import {
  cpSync,
  symlinkSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs'
import {availableParallelism, cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
let cli = join(repo, 'dist', 'bundle', 'cli.js')
let customCli = false
const floorScript = join(repo, 'bench', 'parse-floor.mjs')

// ---------------------------------------------------------------- options

const usage = `usage: node bench/run.mjs [options]

  --corpus DIR    the docs tree to measure (default: ../shared/corpus/kong-docs from the repository)
  --rounds N      rounds; each round runs every command once, in a rotated order (default 3)
  --quick         a smoke run: 1 round on 200 of the corpus's files (unless --rounds is given)
  --out FILE      also write the report to FILE
  --profile DIR   afterwards, run docgap cold once more under node --cpu-prof, profiles into DIR
  --keep          keep the temporary copy of the corpus (its path is printed)
  --docgap FILE   measure this docgap CLI instead of dist/bundle/cli.js (e.g. another build)
  -h, --help      this help
`

function parseArgs(argv) {
  const options = {
    corpus: resolve(repo, '..', 'shared', 'corpus', 'kong-docs'),
    rounds: undefined,
    quick: false,
    out: undefined,
    profile: undefined,
    keep: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const next = argv[++i]
      if (next === undefined) fail(`${arg}: expected a value`)
      return next
    }
    if (arg === '--corpus') options.corpus = resolve(value())
    else if (arg === '--rounds') {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 1) fail('--rounds: expected a whole number ≥ 1')
      options.rounds = n
    } else if (arg === '--quick') options.quick = true
    else if (arg === '--out') options.out = resolve(value())
    else if (arg === '--profile') options.profile = resolve(value())
    else if (arg === '--keep') options.keep = true
    else if (arg === '--docgap') {
      cli = resolve(value())
      customCli = true
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage)
      process.exit(0)
    } else fail(`${arg}: unknown option (see --help)`)
  }
  options.rounds ??= options.quick ? 1 : 3
  return options
}

let tmp // the temporary folder, once made
function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  if (tmp) rmSync(tmp, {recursive: true, force: true})
  process.exit(2)
}

const options = parseArgs(process.argv.slice(2))
const progress = (line) => process.stderr.write(`${line}\n`)

if (!existsSync(options.corpus) || !statSync(options.corpus).isDirectory()) {
  process.stdout.write(
    `bench: the corpus folder ${options.corpus} is absent; nothing to measure (give one with --corpus DIR).\n`,
  )
  process.exit(0)
}
if (!existsSync(cli))
  fail(`${relative(process.cwd(), cli)} is missing: run \`npm run build\` first (or \`npm run bench\`, which builds)`)

// ---------------------------------------------------------------- what this docgap and this machine can do

const mdlPackage = join(repo, 'node_modules', 'markdownlint-cli2', 'package.json')
if (!existsSync(mdlPackage)) fail('markdownlint-cli2 is not installed: run `npm install` (it is a devDependency)')
const mdlManifest = JSON.parse(readFileSync(mdlPackage, 'utf8'))
const mdlBin = join(
  dirname(mdlPackage),
  typeof mdlManifest.bin === 'string' ? mdlManifest.bin : mdlManifest.bin['markdownlint-cli2'],
)

tmp = mkdtempSync(join(tmpdir(), 'docgap-bench-'))

// Others rebuild dist/ while the bench runs (npm test builds): measure a snapshot of it, taken now,
// so that every round runs the same build and never a half-written one. Its node_modules is a
// link to the repository's; the parse floor imports the snapshot's parse.js too.
const snapshot = join(tmp, 'docgap')
if (!customCli) {
  cpSync(join(repo, 'dist'), join(snapshot, 'dist'), {recursive: true})
  cpSync(join(repo, 'package.json'), join(snapshot, 'package.json'))
  symlinkSync(join(repo, 'node_modules'), join(snapshot, 'node_modules'), 'dir')
  cli = join(snapshot, 'dist', 'bundle', 'cli.js')
}
const floorEnv = {DOCGAP_BENCH_DIST: customCli ? join(repo, 'dist') : join(snapshot, 'dist')}

const help = spawnSync(process.execPath, [cli, '--help'], {encoding: 'utf8'}).stdout ?? ''
if (!/--format/.test(help)) fail(`${cli} --help does not run (a half-written build?): rebuild and try again`)
const has = {
  cache: /(^|\s)--cache\b(?!-)/m.test(help),
  cacheLocation: /--cache-location\b/.test(help),
  concurrency: /--concurrency\b/.test(help),
  templateResidue: /^no-template-residue\b/m.test(
    spawnSync(process.execPath, [cli, '--list-rules'], {encoding: 'utf8'}).stdout ?? '',
  ),
}
const docgapVersion = spawnSync(process.execPath, [cli, '--version'], {encoding: 'utf8'}).stdout.trim()

const timeBin = '/usr/bin/time'
const hasTime = (() => {
  if (!existsSync(timeBin)) return false
  const probe = join(tmp, 'time-probe')
  const result = spawnSync(timeBin, ['-f', '%e %U %S %M', '-o', probe, process.execPath, '-e', '0'])
  return result.status === 0 && existsSync(probe) && /^[\d.]+ [\d.]+ [\d.]+ \d+\s*$/m.test(readFileSync(probe, 'utf8'))
})()

let current // the child being measured, to stop it on Ctrl-C
/** Children run in their own process group, so that /usr/bin/time and the node under it both stop. */
function stop(child) {
  if (!child?.pid) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}
function cleanUp() {
  if (!options.keep) rmSync(tmp, {recursive: true, force: true})
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop(current)
    cleanUp()
    process.exit(130)
  })
}

// ---------------------------------------------------------------- the corpus copy

function listFiles(folder) {
  const out = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(relative(folder, path))
    }
  }
  walk(folder)
  return out.sort()
}
const isMarkdown = (path) => /\.(?:md|markdown)$/i.test(path)

// Read and write rather than copy, so that the copy is writable even where the corpus is not.
function copyFiles(from, to, files) {
  for (const file of files) {
    const target = join(to, file)
    mkdirSync(dirname(target), {recursive: true})
    writeFileSync(target, readFileSync(join(from, file)))
  }
}

const allFiles = listFiles(options.corpus)
const allMarkdown = allFiles.filter(isMarkdown)
if (allMarkdown.length === 0) {
  process.stdout.write(`bench: no Markdown files in ${options.corpus}; nothing to measure.\n`)
  cleanUp()
  process.exit(0)
}
const quickCount = 200
const markdown =
  options.quick && allMarkdown.length > quickCount
    ? Array.from({length: quickCount}, (_, i) => allMarkdown[Math.floor((i * allMarkdown.length) / quickCount)])
    : allMarkdown
const corpusDir = join(tmp, 'corpus')
progress(`bench: copying ${markdown.length} Markdown files of ${options.corpus} to ${tmp} …`)
copyFiles(options.corpus, corpusDir, [...allFiles.filter((file) => !isMarkdown(file)), ...markdown])
const doubleDir = join(tmp, 'double')
for (const half of ['a', 'b']) copyFiles(corpusDir, join(doubleDir, half), listFiles(corpusDir))

const sizes = new Map(markdown.map((file) => [file, statSync(join(corpusDir, file)).size]))
const corpusBytes = [...sizes.values()].reduce((a, b) => a + b, 0)
// One file: the median-sized page (a pre-commit run on a typical page).
const linted = markdown.filter((file) => !file.split(sep).some((part) => part.startsWith('.')))
const bySize = [...linted].sort((a, b) => sizes.get(a) - sizes.get(b) || (a < b ? -1 : 1))
const oneFile = bySize[Math.floor(bySize.length / 2)]
// 1 % of the files, spread over the tree; their content changes every round.
const touchCount = Math.max(1, Math.round(linted.length / 100))
const touched = Array.from({length: touchCount}, (_, i) => linted[Math.floor(((i + 0.5) * linted.length) / touchCount)])

// docgap: the site's variables when the corpus has a Jekyll config (as a user of the site would
// configure it), else an empty config; passed with --config so that nothing else is picked up.
const siteConfig = ['jekyll.yml', '_config.yml'].find((name) => existsSync(join(corpusDir, name)))
const docgapConfig = join(tmp, 'docgap.config.json')
writeFileSync(docgapConfig, JSON.stringify(siteConfig ? {variables: {site: `./corpus/${siteConfig}`}} : {}, null, 2))
// markdownlint-cli2: its defaults (every rule on), explicitly, from a folder outside the corpus.
const mdlConfig = join(tmp, 'mdl', '.markdownlint.json')
mkdirSync(dirname(mdlConfig), {recursive: true})
writeFileSync(mdlConfig, '{"default": true}\n')

const cacheLocation = join(tmp, 'docgapcache')
const outDir = join(tmp, 'out')
mkdirSync(outDir)

// ---------------------------------------------------------------- the commands

const docgap = (label, paths, extra = []) => [
  cli,
  ...paths,
  '--config',
  docgapConfig,
  '--format',
  'json',
  '-o',
  join(outDir, `${label}.json`),
  ...extra,
]
const cacheFlags = has.cacheLocation ? ['--cache', '--cache-location', cacheLocation] : ['--cache']
const removeCache = () => {
  rmSync(cacheLocation, {recursive: true, force: true})
  rmSync(join(corpusDir, '.docgapcache'), {recursive: true, force: true})
}

// docgap's glob skips dot-folders and dot-files (.github/…); so that both lint the same files,
// markdownlint-cli2 (whose globby matches them) is told to skip them too.
const mdlGlobs = ['**/*.{md,markdown}', '#**/.*/**', '#**/.*']

/** A command: what it runs, where, which exit codes mean it worked. */
const commands = {
  cold: {
    title: 'docgap cold, whole corpus (default concurrency, no cache)',
    cwd: corpusDir,
    args: docgap('cold', ['.']),
    ok: [0, 1],
    count: 'json',
  },
  coldOff: {
    title: 'docgap cold, `--concurrency off`',
    cwd: corpusDir,
    args: docgap('coldOff', ['.'], ['--concurrency', 'off']),
    ok: [0, 1],
    count: 'json',
    when: has.concurrency,
  },
  // Issue 14: what finding templates, learning their boilerplate and checking every page costs.
  coldNoResidue: {
    title: 'docgap cold, `--rule no-template-residue=off`',
    cwd: corpusDir,
    args: docgap('coldNoResidue', ['.'], ['--rule', 'no-template-residue=off']),
    ok: [0, 1],
    count: 'json',
    when: has.templateResidue,
  },
  coldTwo: {
    title: 'docgap cold, `--concurrency 2` (main thread + 1 worker)',
    cwd: corpusDir,
    args: docgap('coldTwo', ['.'], ['--concurrency', '2']),
    ok: [0, 1],
    count: 'json',
    when: has.concurrency,
  },
  prime: {
    title: 'docgap cold, writing the cache (`--cache`)',
    cwd: corpusDir,
    args: docgap('prime', ['.'], cacheFlags),
    ok: [0, 1],
    count: 'json',
    when: has.cache,
    before: removeCache,
  },
  warm: {
    title: 'docgap warm, nothing changed (`--cache`)',
    cwd: corpusDir,
    args: docgap('warm', ['.'], cacheFlags),
    ok: [0, 1],
    count: 'json',
    when: has.cache,
  },
  warm1: {
    title: `docgap warm, 1 % of files changed (${touchCount})`,
    cwd: corpusDir,
    args: docgap('warm1', ['.'], cacheFlags),
    ok: [0, 1],
    count: 'json',
    when: has.cache,
  },
  one: {
    title: `docgap, one file (${(sizes.get(oneFile) / 1024).toFixed(1)} KB)`,
    cwd: corpusDir,
    args: docgap('one', [oneFile]),
    ok: [0, 1],
  },
  mdlCold: {
    title: 'markdownlint-cli2 cold, whole corpus (default rules)',
    cwd: corpusDir,
    args: [mdlBin, '--config', mdlConfig, ...mdlGlobs],
    ok: [0, 1],
    count: 'mdl',
  },
  mdlOne: {
    title: 'markdownlint-cli2, one file',
    cwd: corpusDir,
    args: [mdlBin, '--config', mdlConfig, `:${oneFile}`],
    ok: [0, 1],
    count: 'mdl',
  },
  floor: {
    title: 'parse floor: read + parse, one thread',
    cwd: corpusDir,
    args: [floorScript, '.'],
    ok: [0],
    count: 'floor',
    env: floorEnv,
  },
  double: {
    title: 'docgap cold, corpus twice over (two copies)',
    cwd: doubleDir,
    args: docgap('double', ['.']),
    ok: [0, 1],
    count: 'json',
  },
  // The docs-debt report (issue 9): the same single parse per file, plus the page; target ≤ 1.2 × cold.
  report: {
    title: 'docgap report, whole corpus (HTML and JSON)',
    cwd: corpusDir,
    args: [
      cli,
      'report',
      '.',
      '--config',
      docgapConfig,
      '--out',
      join(outDir, 'report.html'),
      '--json-out',
      join(outDir, 'report.json'),
    ],
    ok: [0],
  },
}

let touchRound = 0
function touchFiles() {
  touchRound++
  for (const file of touched)
    appendFileSync(join(corpusDir, file), `\n<!-- docgap bench: changed in round ${touchRound} -->\n`)
}

// Units keep their commands together and in order (the warm runs need the cache the prime wrote).
const units = [
  ['cold'],
  ...(has.templateResidue ? [['coldNoResidue']] : []),
  ...(has.concurrency ? [['coldOff'], ['coldTwo']] : []),
  ...(has.cache ? [['prime', 'warm', touchFiles, 'warm1']] : []),
  ['one'],
  ['mdlCold'],
  ['mdlOne'],
  ['floor'],
  ['double'],
  ['report'],
]

// ---------------------------------------------------------------- measuring

const samples = Object.fromEntries(Object.keys(commands).map((key) => [key, []]))
const failures = Object.fromEntries(Object.keys(commands).map((key) => [key, []]))
const counts = {}

function measure(key, round) {
  const command = commands[key]
  command.before?.()
  const stdoutPath = join(outDir, `${key}.stdout`)
  const stderrPath = join(outDir, `${key}.stderr`)
  const timePath = join(outDir, `${key}.time`)
  rmSync(timePath, {force: true})
  const stdout = openSync(stdoutPath, 'w')
  const stderr = openSync(stderrPath, 'w')
  const [file, args] = hasTime
    ? [timeBin, ['-f', '%e %U %S %M', '-o', timePath, process.execPath, ...command.args]]
    : [process.execPath, command.args]
  const env = {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...command.env}
  return new Promise((done) => {
    const start = process.hrtime.bigint()
    const child = spawn(file, args, {cwd: command.cwd, stdio: ['ignore', stdout, stderr], env, detached: true})
    current = child
    const timer = setTimeout(() => stop(child), 30 * 60 * 1000)
    child.on('exit', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9
      clearTimeout(timer)
      current = undefined
      closeSync(stdout)
      closeSync(stderr)
      let cpu
      let rss
      let exit = code
      if (hasTime && existsSync(timePath)) {
        const text = readFileSync(timePath, 'utf8')
        // GNU time prints "Command exited with non-zero status N" before the format line.
        const line = text.trim().split('\n').at(-1).split(' ').map(Number)
        cpu = line[1] + line[2]
        rss = line[3] * 1024
        const status = /non-zero status (\d+)/.exec(text)
        exit = status ? Number(status[1]) : /terminated by signal/.test(text) ? -1 : 0
      }
      const out = readFileSync(stdoutPath, 'utf8')
      const err = readFileSync(stderrPath, 'utf8')
      if (signal || !command.ok.includes(exit)) {
        const why = signal ? `killed by ${signal}` : `exit ${exit}`
        const last = (err.trim() || out.trim()).split('\n').slice(-3).join(' | ')
        failures[key].push(`${why}: ${last.slice(0, 300)}`)
        progress(`  round ${round}: ${command.title}: FAILED (${why}) ${last.slice(0, 300)}`)
        return done()
      }
      samples[key].push({round, wall, cpu, rss})
      countFiles(key, out)
      progress(
        `  round ${round}: ${command.title}: ${wall.toFixed(2)} s wall${cpu === undefined ? '' : `, ${cpu.toFixed(2)} s CPU, ${mib(rss)} MiB`} (exit ${exit})`,
      )
      done()
    })
  })
}

function countFiles(key, stdout) {
  const kind = commands[key].count
  try {
    if (kind === 'json') counts[key] = JSON.parse(readFileSync(join(outDir, `${key}.json`), 'utf8')).length
    else if (kind === 'mdl') counts[key] = Number(/Linting: (\d+) file/.exec(stdout)?.[1])
    else if (kind === 'floor') counts[key] = Number(/parse-floor: (\d+) files/.exec(stdout)?.[1])
  } catch {
    // A report we cannot read says nothing about the timing.
  }
}

const mib = (bytes) => (bytes / 2 ** 20).toFixed(0)
const median = (values) => {
  const sorted = values.filter((v) => v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const stat = (key, field) => median(samples[key].map((sample) => sample[field]))
/** The median over rounds of a / b measured in the same round: robust to a neighbour's load. */
function ratio(a, b, field = 'wall') {
  const per = []
  for (const sample of samples[a]) {
    const other = samples[b].find((s) => s.round === sample.round)
    if (other && sample[field] !== undefined && other[field]) per.push(sample[field] / other[field])
  }
  return median(per)
}

// Same input, same findings: whatever the concurrency, and with or without the cache. Each pair
// ran on the same files in this round (the 1 % change adds only a comment, and only before warm1).
const comparisons = [
  ['cold', 'coldOff'],
  ['cold', 'coldTwo'],
  ['cold', 'prime'],
  ['prime', 'warm'],
]
const differences = []
function compareReports(round) {
  const read = (key) => {
    try {
      const report = JSON.parse(readFileSync(join(outDir, `${key}.json`), 'utf8'))
      return new Map(report.map((file) => [file.filePath, JSON.stringify(file.messages)]))
    } catch {
      return undefined
    }
  }
  for (const [a, b] of comparisons) {
    if (samples[a].at(-1)?.round !== round || samples[b].at(-1)?.round !== round) continue
    const left = read(a)
    const right = read(b)
    if (!left || !right) {
      differences.push(`round ${round}: ${!left ? a : b} wrote no readable JSON report`)
      continue
    }
    const differing = [...new Set([...left.keys(), ...right.keys()])].filter(
      (path) => left.get(path) !== right.get(path),
    )
    if (differing.length)
      differences.push(
        `round ${round}: ${a} and ${b} differ in ${differing.length} file${differing.length === 1 ? '' : 's'} (first: ${differing.sort()[0]})`,
      )
  }
}

// ---------------------------------------------------------------- run

const loads = [{when: 'start', load: loadavg()}]
const started = Date.now()
progress(
  `bench: ${options.rounds} round${options.rounds === 1 ? '' : 's'}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
for (let round = 1; round <= options.rounds; round++) {
  const order = units.map((_, i) => units[(i + round - 1) % units.length])
  for (const unit of order) {
    for (const step of unit) {
      if (typeof step === 'function') step()
      else await measure(step, round)
    }
  }
  loads.push({when: `after round ${round}`, load: loadavg()})
  compareReports(round)
}

let profileNote
if (options.profile) {
  mkdirSync(options.profile, {recursive: true})
  progress(`bench: profiling docgap cold into ${options.profile} …`)
  const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', options.profile, ...commands.cold.args], {
    cwd: corpusDir,
    stdio: 'ignore',
  })
  profileNote = `CPU profile of one docgap cold run (exit ${result.status}) in ${options.profile} (open in Chrome DevTools or speedscope)`
}

// ---------------------------------------------------------------- report

const fmt = (value, digits = 2) => (value === undefined ? '' : value.toFixed(digits))
const rows = [
  ['cold', {mdl: 'mdlCold', floor: true}],
  ['coldNoResidue', {mdl: 'mdlCold', floor: true, cold: true}],
  ['coldOff', {mdl: 'mdlCold', floor: true, cold: true}],
  ['coldTwo', {mdl: 'mdlCold', floor: true, cold: true}],
  ['prime', {mdl: 'mdlCold', floor: true, cold: true}],
  ['warm', {mdl: 'mdlCold', cold: true}],
  ['warm1', {mdl: 'mdlCold', cold: true}],
  ['one', {mdl: 'mdlOne'}],
  ['mdlCold', {mdl: 'mdlCold', floor: true}],
  ['mdlOne', {mdl: 'mdlOne'}],
  ['floor', {mdl: 'mdlCold', floor: true}],
  ['double', {cold: true}],
  ['report', {cold: true}],
]
const lines = []
const say = (line = '') => lines.push(line)
const load = (l) => l.map((x) => x.toFixed(2)).join(' / ')

say(`## docgap benchmark${options.quick ? ' (quick smoke run: not a measurement)' : ''}`)
say()
say(
  `${markdown.length} Markdown files${markdown.length < allMarkdown.length ? ` (of ${allMarkdown.length})` : ''}, ${(corpusBytes / 1e6).toFixed(1)} MB, from ${options.corpus}; one file: \`${oneFile}\`. ` +
    `Medians of ${options.rounds} round${options.rounds === 1 ? '' : 's'}, commands alternated (rotated order each round), each a separate process. ` +
    `Ratios are medians of per-round ratios. CPU = user + sys of the child; peak = its max RSS.`,
)
say()
say('| command | wall s | CPU s | peak MiB | wall ÷ mdl | wall ÷ floor | CPU ÷ floor | wall ÷ docgap cold |')
say('| --- | --- | --- | --- | --- | --- | --- | --- |')
for (const [key, against] of rows) {
  const command = commands[key]
  if (command.when === false) continue
  if (samples[key].length === 0) {
    say(`| ${command.title} | failed: ${failures[key][0] ?? 'no sample'} | | | | | | |`)
    continue
  }
  const rss = stat(key, 'rss')
  say(
    `| ${command.title} | ${fmt(stat(key, 'wall'))} | ${fmt(stat(key, 'cpu'))} | ${rss === undefined ? '' : mib(rss)} | ` +
      `${against.mdl ? fmt(ratio(key, against.mdl)) : ''} | ${against.floor ? fmt(ratio(key, 'floor')) : ''} | ` +
      `${against.floor ? fmt(ratio(key, 'floor', 'cpu')) : ''} | ${against.cold ? fmt(ratio(key, 'cold'), 3) : ''} |`,
  )
}
say()

// Targets (issue 5).
const targets = []
const overBy = (value, limit) => {
  const percent = (value / limit - 1) * 100
  return percent < 10 ? percent.toFixed(1) : percent.toFixed(0)
}
const target = (name, value, limit, show = (v) => v.toFixed(2)) => {
  if (value === undefined) return targets.push(`- [ ] ${name}: not measured`)
  const met = value <= limit
  targets.push(
    `- [${met ? 'x' : ' '}] ${name}: ${show(value)} (target ≤ ${show(limit)}) ${met ? 'met' : `**NOT met**, ${overBy(value, limit)} % over`}`,
  )
}
target('cold wall ÷ markdownlint-cli2 cold wall', ratio('cold', 'mdlCold'), 0.6)
target('cold CPU ÷ parse-floor CPU', ratio('cold', 'floor', 'cpu'), 1.25)
if (has.cache) {
  target('warm (nothing changed) wall ÷ cold wall', ratio('warm', 'cold'), 0.05, (v) => v.toFixed(3))
  target('warm (1 % changed) wall ÷ cold wall', ratio('warm1', 'cold'), 0.1, (v) => v.toFixed(3))
} else targets.push('- [ ] warm runs: not measured, this build has no `--cache`')
target('one file wall ÷ markdownlint-cli2 one-file wall', ratio('one', 'mdlOne'), 0.8)
target('cold peak RSS, MB', stat('cold', 'rss') && stat('cold', 'rss') / 1e6, 300, (v) => `${v.toFixed(0)} MB`)
target('corpus twice over: wall ÷ cold wall', ratio('double', 'cold'), 2)
target('corpus twice over: CPU ÷ cold CPU', ratio('double', 'cold', 'cpu'), 2)
// Issue 18: memory grows with findings, not with the docs' size.
target('corpus twice over: peak RSS ÷ cold peak RSS', ratio('double', 'cold', 'rss'), 1.1, (v) => v.toFixed(3))
target('docgap report wall ÷ cold wall', ratio('report', 'cold'), 1.2)
if (has.templateResidue) {
  target('cold wall ÷ cold wall without no-template-residue', ratio('cold', 'coldNoResidue'), 1.05, (v) => v.toFixed(3))
  target('cold CPU ÷ cold CPU without no-template-residue', ratio('cold', 'coldNoResidue', 'cpu'), 1.05, (v) =>
    v.toFixed(3),
  )
}
say('Targets:')
say()
for (const line of targets) say(line)
say()

// Issue 18: pages once quadratic in their length, at 1× and 4× (bench/scaling.mjs); a linear cost grows ~4×.
progress('bench: linear-time scaling cases')
const scaling = spawnSync(process.execPath, [join(repo, 'bench', 'scaling.mjs'), cli], {
  encoding: 'utf8',
  timeout: 1_800_000,
})
say('### Linear-time scaling (one page, 1× and 4×, best of 2, start-up included)')
say()
if (scaling.status === 0) for (const line of scaling.stdout.trimEnd().split('\n')) say(line)
else say(`- not measured: ${(scaling.stderr || scaling.error?.message || 'failed').trim().split('\n')[0]}`)
say()
say('Notes:')
say()
const fallbacks = []
if (!has.concurrency)
  fallbacks.push(
    'no `--concurrency` in `docgap --help`: docgap ran with whatever it does by default, and the `--concurrency off` row is left out',
  )
if (!has.cache) fallbacks.push('no `--cache` in `docgap --help`: the warm rows and targets are not measured')
else if (!has.cacheLocation)
  fallbacks.push('no `--cache-location`: the cache went to the default `.docgapcache` in the corpus copy')
say(
  `- docgap ${docgapVersion} (${customCli ? cli : 'a snapshot of dist/ taken at the start'}), markdownlint-cli2 ${mdlManifest.version}, Node ${process.version}; ${availableParallelism()} vCPUs (${cpus()[0]?.model ?? 'unknown CPU'}).`,
)
say(
  `- docgap flags found: --cache ${has.cache ? 'yes' : 'no'}, --cache-location ${has.cacheLocation ? 'yes' : 'no'}, --concurrency ${has.concurrency ? 'yes' : 'no'}.${fallbacks.length ? ` Fallback: ${fallbacks.join('; ')}.` : ''}`,
)
say(
  `- docgap config: ${siteConfig ? `\`{"variables": {"site": "${siteConfig}"}}\` (the site's own variables), every rule at its default` : 'empty, every rule at its default'}; \`--format json -o FILE\`. markdownlint-cli2: \`--config\` a \`.markdownlint.json\` of \`{"default": true}\`, globs \`${mdlGlobs.join(' ')}\` (the files docgap lints: no dot-folders).`,
)
const seen = Object.entries(counts)
  .map(([key, n]) => `${key} ${n}`)
  .join(', ')
say(`- Files each command reported (last round): ${seen || 'none'}.`)
say(
  `- Warm runs: the cache is deleted and rewritten (the "writing the cache" row) at the start of each round's warm sequence; "1 % changed" appends a comment to ${touchCount} files first, new text each round.`,
)
say(
  `- Timing: ${hasTime ? 'wall by the bench (hrtime around the process), CPU and peak RSS by GNU `/usr/bin/time -f "%e %U %S %M"` (10 ms resolution)' : 'wall only: `/usr/bin/time` (GNU) is missing, so no CPU or memory'}.`,
)
say(
  `- Load average (1 / 5 / 15 min): ${loads.map((l) => `${l.when} ${load(l.load)}`).join('; ')}.` +
    (Math.max(...loads.map((l) => l.load[0])) > availableParallelism() * 0.5
      ? ' The machine was busy: compare the ratios, not the seconds.'
      : ''),
)
say(`- Total bench time ${((Date.now() - started) / 60000).toFixed(1)} min.`)
const compared = comparisons
  .filter(([a, b]) => samples[a].length && samples[b].length)
  .map((pair) => pair.join(' = '))
  .join(', ')
if (compared)
  say(
    `- Same findings check (JSON reports, per round): ${compared}: ${differences.length ? `**DIFFERENT**: ${differences.join('; ')}` : 'identical'}.`,
  )
for (const [key, list] of Object.entries(failures)) {
  if (list.length) say(`- ${commands[key].title}: ${list.length} failed run${list.length === 1 ? '' : 's'}: ${list[0]}`)
}
if (profileNote) say(`- ${profileNote}.`)
if (options.keep) say(`- Temporary copy kept in ${tmp}.`)

const report = `${lines.join('\n')}\n`
process.stdout.write(report)
if (options.out) writeFileSync(options.out, report)
cleanUp()
