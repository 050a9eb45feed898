#!/usr/bin/env node
/**
 * The language server, measured through a real LSP client over stdio (issue 17):
 *
 * - latency: on a 1,000-line page, the time from a `didChange` (one character typed) to the
 *   diagnostics of that version, median over the changes after the first (target ≤ 50 ms);
 * - memory: the peak resident memory of a server with the kong-docs workspace open and a spread
 *   of its pages opened (target ≤ 300 MB); skipped with a message when ../shared is absent.
 *
 * usage: node bench/lsp.mjs [--corpus DIR] [--rounds N] [--pages N]
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {createProtocolConnection, StreamMessageReader, StreamMessageWriter} from 'vscode-languageserver-protocol/node'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(repo, 'dist', 'bundle', 'cli.js')
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : args[at + 1]
}
const corpus = resolve(option('--corpus', join(repo, '..', 'shared', 'corpus', 'kong-docs')))
const rounds = Number(option('--rounds', 21))
const pageCount = Number(option('--pages', 200))
if (!existsSync(cli)) {
  process.stderr.write('bench/lsp: dist/bundle/cli.js is missing: run `npm run build` first\n')
  process.exit(2)
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function startServer(root) {
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], {cwd: root, stdio: ['pipe', 'pipe', 'inherit']})
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  )
  const waiters = []
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || params.version === waiter.version)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(params)
      }
    }
  })
  connection.onRequest('client/registerCapability', () => null)
  connection.onRequest('window/showMessageRequest', () => null)
  connection.onNotification('window/logMessage', () => {})
  connection.onNotification('window/showMessage', () => {})
  connection.listen()
  const rootUri = pathToFileURL(root).href
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{uri: rootUri, name: 'bench'}],
    capabilities: {
      workspace: {didChangeWatchedFiles: {dynamicRegistration: true}},
      textDocument: {publishDiagnostics: {versionSupport: true}},
    },
  })
  await connection.sendNotification('initialized', {})
  const diagnostics = (uri, version) => new Promise((resolve) => waiters.push({uri, version, resolve}))
  const stop = async () => {
    await connection.sendRequest('shutdown').catch(() => {})
    await connection.sendNotification('exit').catch(() => {})
    await new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      const timer = setTimeout(() => (child.kill(), resolve()), 3000)
      child.on('exit', () => (clearTimeout(timer), resolve()))
    })
    connection.dispose()
  }
  return {child, connection, diagnostics, stop}
}

/** A 1,000-line page written like a long reference page: sections, steps, links, variables, code. */
function longPage() {
  const lines = ['---', 'title: Configuration reference', '---', '', '# Configuration reference', '']
  for (let section = 1; lines.length < 990; section++) {
    lines.push(`## Section ${section}: {{ site.product_name }} settings`, '')
    lines.push(
      `This section explains how the control plane reads setting ${section}, and what the data plane does with it.`,
    )
    lines.push(
      `See [the previous section](#section-${Math.max(1, section - 1)}-kuma-settings) and [the overview](#configuration-reference).`,
      '',
    )
    lines.push(
      '1. Open the configuration file.',
      `2. Set \`option_${section}\` to the value you need.`,
      '3. Restart the control plane.',
      '',
    )
    lines.push('```yaml', `option_${section}: true`, `timeout: ${section}s`, '```', '')
    lines.push(
      `| Key | Default | Meaning |`,
      '| --- | --- | --- |',
      `| \`option_${section}\` | \`false\` | Turns feature ${section} on. |`,
      '',
    )
  }
  while (lines.length < 1000) lines.push('Closing text for the reference page, version {{ site.version }}.')
  return `${lines.slice(0, 1000).join('\n')}\n`
}

async function latency() {
  const root = mkdtempSync(join(tmpdir(), 'docgap-bench-lsp-'))
  try {
    writeFileSync(
      join(root, 'docgap.config.json'),
      JSON.stringify({variables: {site: {product_name: 'Kuma', version: '2.9'}}}),
    )
    const text = longPage()
    writeFileSync(join(root, 'reference.md'), text)
    const server = await startServer(root)
    const uri = pathToFileURL(join(root, 'reference.md')).href
    const opened = server.diagnostics(uri, 1)
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: {uri, languageId: 'markdown', version: 1, text},
    })
    await opened
    // Type a sentence into a paragraph in the middle of the page, one character at a time:
    // letters, spaces and punctuation, as a writer types.
    const line = text.split('\n').findIndex((value, index) => index > 500 && value.startsWith('This section'))
    const sentence = 'Then, restart it (twice) and check the logs. '
    const times = []
    const cpuBefore = cpuOf(server.child.pid)
    for (let round = 0; round < rounds; round++) {
      // A writer's pause between keystrokes; the server lints at once after a pause.
      await new Promise((resolve) => setTimeout(resolve, 150))
      const version = round + 2
      const published = server.diagnostics(uri, version)
      const started = process.hrtime.bigint()
      const character = 5 + round
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: {uri, version},
        contentChanges: [
          {range: {start: {line, character}, end: {line, character}}, text: sentence[round % sentence.length]},
        ],
      })
      await published
      times.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
    const cpu = cpuBefore === undefined ? undefined : (cpuOf(server.child.pid) - cpuBefore) / rounds
    await server.stop()
    const after = times.slice(1)
    return {first: times[0], median: median(after), p90: percentile(after, 0.9), max: Math.max(...after), cpu}
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
}

/** CPU time (user + system, ms) the process has used so far; undefined off Linux. */
function cpuOf(pid) {
  if (process.platform !== 'linux') return undefined
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

function percentile(values, share) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]
}

function listMarkdown(folder, found = []) {
  for (const entry of readdirSync(folder, {withFileTypes: true})) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = join(folder, entry.name)
    if (entry.isDirectory()) listMarkdown(path, found)
    else if (/\.(?:md|markdown)$/i.test(entry.name)) found.push(path)
  }
  return found
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024
  return {rss: field('VmRSS'), peak: field('VmHWM')}
}

async function memory() {
  if (!existsSync(corpus) || !statSync(corpus).isDirectory()) return undefined
  const pages = listMarkdown(corpus).sort()
  const chosen = Array.from(
    {length: Math.min(pageCount, pages.length)},
    (_, index) => pages[Math.floor(((index + 0.5) * pages.length) / Math.min(pageCount, pages.length))],
  )
  const server = await startServer(corpus)
  const started = Date.now()
  for (const [index, path] of chosen.entries()) {
    const uri = pathToFileURL(path).href
    const published = server.diagnostics(uri, 1)
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: {uri, languageId: 'markdown', version: 1, text: readFileSync(path, 'utf8')},
    })
    await published
    if (index === 0)
      process.stderr.write(`bench/lsp: first page of ${relative(corpus, path).split(sep).join('/')} linted\n`)
  }
  const seconds = (Date.now() - started) / 1000
  const used = process.platform === 'linux' ? memoryOf(server.child.pid) : undefined
  await server.stop()
  return {pages: chosen.length, seconds, ...used}
}

const lines = ['## Language server (`docgap lsp`)', '']
const typed = await latency()
lines.push(
  `- didChange → diagnostics on a 1,000-line page: median ${typed.median.toFixed(1)} ms, p90 ${typed.p90.toFixed(1)} ms over ${rounds - 1} changes after the first (first ${typed.first.toFixed(1)} ms, slowest ${typed.max.toFixed(1)} ms), a sentence typed one character each 150 ms${typed.cpu === undefined ? '' : `; server CPU ${typed.cpu.toFixed(1)} ms a change`}; load average ${loadavg()[0].toFixed(1)}.`,
)
const used = await memory()
if (used) {
  lines.push(
    `- kong-docs open, ${used.pages} pages opened and linted in ${used.seconds.toFixed(1)} s: RSS ${used.rss.toFixed(0)} MB, peak ${used.peak.toFixed(0)} MB.`,
  )
} else {
  lines.push(`- memory with kong-docs open: skipped, ${relative(process.cwd(), corpus)} is absent.`)
}
lines.push('', 'Targets:', '')
const met = (ok) => (ok ? 'x' : ' ')
lines.push(
  `- [${met(typed.median <= 50)}] didChange → diagnostics median: ${typed.median.toFixed(1)} ms (target ≤ 50 ms)`,
)
if (used?.peak !== undefined)
  lines.push(
    `- [${met(used.peak <= 300)}] server peak RSS with kong-docs open: ${used.peak.toFixed(0)} MB (target ≤ 300 MB)`,
  )
else lines.push('- [ ] server peak RSS with kong-docs open: not measured')
process.stdout.write(`${lines.join('\n')}\n`)
