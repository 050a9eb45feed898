/**
 * Output files (`-o`, `--cache-location`, `--baseline-write`, `report --out`/`--json-out`) never
 * destroy data: no page of the run, no file of another kind, no device, no symbolic link is
 * replaced, and an existing file keeps its mode. Through the CLI, in throwaway folders.
 */
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, runCli} from './cli-helpers.js'

const page = '# Guide\n\n- One.\n- \n'
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m
const isRoot = process.getuid?.() === 0

function tree(extra: Record<string, string> = {}): string {
  return makeTree({'docs/index.md': page, 'docs/other.md': '# Other\n\nText.\n', ...extra})
}

/** Exit 2, one line naming the path, and the file left byte for byte as it was. */
function expectRefused(args: string[], cwd: string, path: string, reason: RegExp) {
  const before = readFileSync(join(cwd, path))
  const result = runCli(args, {cwd})
  expect(result.stderr).not.toMatch(stackTrace)
  expect(result.code).toBe(2)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).toContain(path)
  expect(result.stderr).toMatch(reason)
  expect(readFileSync(join(cwd, path))).toEqual(before)
  return result
}

describe('outputs never replace a page the run lints', () => {
  it.each([
    [['--cache', '--cache-location', 'docs/index.md']],
    [['-o', 'docs/index.md']],
    [['--baseline-write', 'docs/index.md']],
    [['report', '--out', 'docs/index.md']],
    [['report', '--json-out', 'docs/index.md']],
  ])('%j is refused', (args) => {
    const cwd = tree()
    const command = args[0] === 'report' ? ['report', 'docs', ...args.slice(1)] : ['docs', ...args]
    expectRefused(command, cwd, 'docs/index.md', /page this run lints/)
  })

  it('a symbolic link to a linted page is refused too', () => {
    const cwd = tree()
    symlinkSync('docs/index.md', join(cwd, 'out.txt'))
    expectRefused(['docs', '-o', 'out.txt'], cwd, 'out.txt', /page this run lints/)
    expect(lstatSync(join(cwd, 'out.txt')).isSymbolicLink()).toBe(true)
  })

  it('the page named by --stdin-filename is not written over', () => {
    const cwd = tree()
    const before = readFileSync(join(cwd, 'docs/index.md'), 'utf8')
    const result = runCli(['--stdin', '--stdin-filename', 'docs/index.md', '-o', 'docs/index.md'], {
      cwd,
      input: '# Edited\n',
    })
    expect(result.code).toBe(2)
    expect(readFileSync(join(cwd, 'docs/index.md'), 'utf8')).toBe(before)
  })

  it('-o over a Markdown page outside the run is refused', () => {
    const cwd = tree({'README.md': '# Read me\n'})
    expectRefused(['docs', '-o', 'README.md'], cwd, 'README.md', /Markdown page/)
  })
})

describe('outputs never replace a file of another kind', () => {
  it('a cache path holding something that is not a cache', () => {
    const cwd = tree({'notes.txt': 'my notes\n'})
    expectRefused(['docs', '--cache', '--cache-location', 'notes.txt'], cwd, 'notes.txt', /not a docgap cache/)
  })

  it('a baseline path holding other JSON', () => {
    const cwd = tree({'package.json': '{"name": "site", "version": "1.0.0"}\n'})
    expectRefused(['docs', '--baseline-write', 'package.json'], cwd, 'package.json', /not a docgap baseline/)
  })

  it('report --out over an HTML page docgap did not write', () => {
    const cwd = tree({'index.html': '<!DOCTYPE html>\n<title>Home</title>\n'})
    expectRefused(['report', 'docs', '--out', 'index.html'], cwd, 'index.html', /not a docgap report/)
  })

  it('report --json-out over JSON that is not a report', () => {
    const cwd = tree({'data.json': '{"format": "other"}\n'})
    expectRefused(['report', 'docs', '--json-out', 'data.json'], cwd, 'data.json', /not a docgap JSON report/)
  })

  it('its own kind is rewritten: cache, baseline and report, run twice', () => {
    const cwd = tree()
    for (let run = 0; run < 2; run++) {
      expect(runCli(['docs', '--cache', '--cache-location', 'c.json'], {cwd}).code).toBe(1)
      expect(runCli(['docs', '--baseline-write', 'b.json'], {cwd}).code).toBe(1)
      expect(runCli(['report', 'docs', '--out', 'r.html', '--json-out', 'r.json'], {cwd}).code).toBe(0)
    }
    // A cache cut short is still a cache: discarded with a warning and rebuilt.
    writeFileSync(join(cwd, 'c.json'), readFileSync(join(cwd, 'c.json'), 'utf8').slice(0, 40))
    const result = runCli(['docs', '--cache', '--cache-location', 'c.json'], {cwd})
    expect(result.stderr).toContain('discarded')
    expect(() => JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'))).not.toThrow()
  })

  it('an empty file at the path is written', () => {
    const cwd = tree({'b.json': ''})
    expect(runCli(['docs', '--baseline-write', 'b.json'], {cwd}).code).toBe(1)
    expect(JSON.parse(readFileSync(join(cwd, 'b.json'), 'utf8'))).toHaveProperty('version', 1)
  })
})

describe('two outputs at one path', () => {
  it('report --out r.html --json-out r.html is refused, nothing written', () => {
    const cwd = tree()
    const result = runCli(['report', 'docs', '--out', 'r.html', '--json-out', 'r.html'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/r\.html: --out and --json-out both write to this file/)
    expect(() => statSync(join(cwd, 'r.html'))).toThrow()
  })

  it('-o and --cache-location at one path, one through a symbolic link', () => {
    const cwd = tree()
    symlinkSync('same.json', join(cwd, 'alias.json'))
    const result = runCli(['docs', '-o', 'same.json', '--cache', '--cache-location', 'alias.json'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('both write to this file')
  })
})

describe('links, devices, FIFOs and modes', () => {
  it('a symbolic link is followed: its target is written, the link stays', () => {
    const cwd = tree({'reports/.keep': ''})
    symlinkSync('reports/findings.txt', join(cwd, 'latest.txt'))
    expect(runCli(['docs', '-f', 'compact', '-o', 'latest.txt'], {cwd}).code).toBe(1)
    expect(lstatSync(join(cwd, 'latest.txt')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(cwd, 'latest.txt'))).toBe('reports/findings.txt')
    expect(readFileSync(join(cwd, 'reports/findings.txt'), 'utf8')).toContain('docs/index.md:4:1')
  })

  it('an existing 0600 file keeps its mode', () => {
    const cwd = tree({'private.txt': 'old findings\n'})
    chmodSync(join(cwd, 'private.txt'), 0o600)
    expect(runCli(['docs', '-o', 'private.txt'], {cwd}).code).toBe(1)
    expect(statSync(join(cwd, 'private.txt')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(cwd, 'private.txt'), 'utf8')).toContain('no-empty-list-items')
  })

  it('a link to /dev/stdout is written through: the report reaches standard output', () => {
    const cwd = tree()
    symlinkSync('/dev/stdout', join(cwd, 'out'))
    const result = runCli(['docs', '-f', 'compact', '-o', 'out'], {cwd})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('docs/index.md:4:1')
    expect(lstatSync(join(cwd, 'out')).isSymbolicLink()).toBe(true)
  })

  it.runIf(isRoot)('character devices are written through, never replaced (as root)', () => {
    const cwd = tree()
    // Devices of our own, so that no regression can ever replace the machine's /dev/null.
    expect(spawnSync('mknod', [join(cwd, 'null'), 'c', '1', '3']).status).toBe(0)
    expect(spawnSync('mknod', [join(cwd, 'full'), 'c', '1', '7']).status).toBe(0)
    expect(runCli(['docs', '-o', 'null'], {cwd}).code).toBe(1)
    expect(lstatSync(join(cwd, 'null')).isCharacterDevice()).toBe(true)
    const full = runCli(['docs', '-o', 'full'], {cwd})
    expect(full.code).toBe(2)
    expect(full.stderr).toMatch(/^docgap: full: cannot write file: .*no space/im)
    expect(lstatSync(join(cwd, 'full')).isCharacterDevice()).toBe(true)
  })

  it('a FIFO is written through to its reader', async () => {
    const cwd = tree()
    expect(spawnSync('mkfifo', [join(cwd, 'pipe')]).status).toBe(0)
    const reader = spawn('cat', [join(cwd, 'pipe')])
    let received = ''
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()))
    const closed = new Promise((resolveClosed) => reader.on('close', resolveClosed))
    const result = runCli(['docs', '-f', 'compact', '-o', 'pipe'], {cwd})
    await closed
    expect(result.code).toBe(1)
    expect(received).toContain('docs/index.md:4:1')
    expect(lstatSync(join(cwd, 'pipe')).isFIFO()).toBe(true)
  })
})
