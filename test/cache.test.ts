/** --cache: unchanged files are not linted again, and nothing stale is ever reported. */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, runCli} from './cli-helpers.js'

const args = ['docs', '--cache', '-f', 'compact']

function tree() {
  return makeTree({
    'docs/index.md': '# Start\n\nSee [install](install.md#with-helm).\n\n- \n',
    'docs/install.md': '# Install\n\n## With Helm\n\nText.\n',
  })
}

describe('--cache', () => {
  it('gives the same report warm as cold, from a cache file it writes', () => {
    const cwd = tree()
    const cold = runCli(args, {cwd})
    expect(existsSync(join(cwd, '.docgapcache'))).toBe(true)
    const warm = runCli(args, {cwd})
    expect(warm).toEqual(cold)
    expect(cold.stdout).toContain('docs/index.md:5:1')
  })

  // A cache that always missed would pass the test above: mark an entry, and see the mark reported.
  it("takes an unchanged file's findings from the cache without linting it again", () => {
    const cwd = tree()
    runCli(args, {cwd})
    const location = join(cwd, '.docgapcache')
    const cache = JSON.parse(readFileSync(location, 'utf8'))
    const [message] = cache.files['docs/index.md'].messages
    message.reason = 'Marked in the cache file'
    writeFileSync(location, JSON.stringify(cache))
    expect(runCli(args, {cwd}).stdout).toBe('docs/index.md:5:1: error Marked in the cache file [no-empty-list-items]\n')
    // The file changes: its entry is stale, and the page is linted again.
    writeFileSync(join(cwd, 'docs/index.md'), '# Start\n\nSee [install](install.md#with-helm).\n\n-\n')
    expect(runCli(args, {cwd}).stdout).toContain('docs/index.md:5:1: error Unexpected empty list item')
  })

  it('relints a changed file', () => {
    const cwd = tree()
    runCli(args, {cwd})
    writeFileSync(join(cwd, 'docs/index.md'), '# Start\n\nSee [install](install.md#with-helm).\n\nFill in ___.\n')
    expect(runCli(args, {cwd}).stdout).toContain('docs/index.md:5:9: error Unexpected placeholder')
  })

  it('relints a page when a page it links into changes', () => {
    const cwd = tree()
    expect(runCli(args, {cwd}).stdout).not.toContain('no-broken-anchors')
    writeFileSync(join(cwd, 'docs/install.md'), '# Install\n\n## With Kustomize\n\nText.\n')
    expect(runCli(args, {cwd}).stdout).toContain(
      'docs/index.md:3:5: error Unexpected link to missing anchor `install.md#with-helm`',
    )
  })

  it('starts afresh when the configuration changes', () => {
    const cwd = tree()
    runCli(args, {cwd})
    writeFileSync(join(cwd, 'docgap.config.json'), JSON.stringify({rules: {'no-empty-list-items': 'off'}}))
    expect(runCli(args, {cwd}).stdout).not.toContain('no-empty-list-items')
  })

  it('discards a corrupt cache with a warning and rebuilds it', () => {
    const cwd = tree()
    const cold = runCli(args, {cwd})
    writeFileSync(join(cwd, '.docgapcache'), '{"format": 1, "key": "x", "files": {"docs/index.md": {"hash": 3')
    const result = runCli(args, {cwd})
    expect(result.stdout).toBe(cold.stdout)
    expect(result.stderr).toContain(
      '.docgapcache: the cache file is unreadable or corrupt; it was discarded and will be rebuilt',
    )
    expect(() => JSON.parse(readFileSync(join(cwd, '.docgapcache'), 'utf8'))).not.toThrow()
  })

  // Found by hand-editing a cache: each of these was an "internal error", exit 2, on every run.
  it.each([
    ['anchors of the wrong type', (entry: Record<string, unknown>) => (entry.anchors = {ids: 5, complete: true})],
    ['a null dependency', (entry: Record<string, unknown>) => (entry.dependencies = [null])],
    [
      'a dependency without a state',
      (entry: Record<string, unknown>) => (entry.dependencies = [{path: 'docs/install.md'}]),
    ],
    [
      'a message with a string line',
      (entry: Record<string, unknown>) => (entry.messages = [{reason: 'x', line: '5', fatal: true}]),
    ],
    ['a message without fatal', (entry: Record<string, unknown>) => (entry.messages = [{reason: 'x', line: 5}])],
    [
      'an entry that is not an object',
      (_entry: Record<string, unknown>, files: Record<string, unknown>) => (files['docs/index.md'] = 7),
    ],
  ])('discards a cache entry with %s, with a warning, and lints as without a cache', (_name, corrupt) => {
    const cwd = tree()
    const cold = runCli(args, {cwd})
    const cache = JSON.parse(readFileSync(join(cwd, '.docgapcache'), 'utf8')) as {
      files: Record<string, Record<string, unknown>>
    }
    corrupt(cache.files['docs/index.md']!, cache.files)
    writeFileSync(join(cwd, '.docgapcache'), JSON.stringify(cache))
    const result = runCli(args, {cwd})
    expect(result.stderr).toContain(
      '.docgapcache: the cache file is unreadable or corrupt; it was discarded and will be rebuilt',
    )
    expect(result.stderr).not.toContain('internal error')
    expect({code: result.code, stdout: result.stdout}).toEqual({code: cold.code, stdout: cold.stdout})
    // Rebuilt: the next run is quiet again.
    expect(runCli(args, {cwd}).stderr).toBe('')
  })

  it('writes the cache where --cache-location says, and nothing without --cache', () => {
    const cwd = tree()
    runCli(['docs'], {cwd})
    expect(existsSync(join(cwd, '.docgapcache'))).toBe(false)
    runCli([...args, '--cache-location', 'tmp-cache.json'], {cwd})
    expect(existsSync(join(cwd, 'tmp-cache.json'))).toBe(true)
  })
})

describe('--cache with --baseline', () => {
  it('matches baseline entries on cached pages as on fresh ones', () => {
    const cwd = tree()
    runCli(['docs', '--baseline-write', 'baseline.json'], {cwd})
    runCli(args, {cwd})
    const warm = runCli([...args, '--baseline', 'baseline.json'], {cwd})
    expect(warm).toMatchObject({code: 0, stdout: ''})
  })
})
