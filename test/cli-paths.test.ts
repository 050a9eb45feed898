/**
 * Paths named on the command line, through the CLI: whatever is wrong with one of them is one
 * line on stderr and exit 2 at the end, and every other page is still linted and reported.
 */
import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, runCli, unprivilegedCli} from './cli-helpers.js'

const empty = '# Page\n\n- One.\n- \n'
const finding = (path: string) =>
  `${path}:4:1: error Unexpected empty list item, expected content [no-empty-list-items]\n`

describe('paths after --', () => {
  it('lints a file whose name starts with a dash, and only that file', () => {
    const cwd = makeTree({'-dash.md': empty, 'other.md': empty})
    const result = runCli(['-f', 'compact', '--', '-dash.md'], {cwd})
    expect(result).toMatchObject({code: 1, stdout: finding('-dash.md'), stderr: ''})
  })

  it('a missing file named after --: exit 2, one line, and nothing else linted', () => {
    const cwd = makeTree({'other.md': empty})
    const result = runCli(['-f', 'compact', '--', '--missing.md'], {cwd})
    expect(result).toMatchObject({code: 2, stdout: '', stderr: 'docgap: --missing.md: no such file or directory\n'})
  })

  it('adds to the paths given before --', () => {
    const cwd = makeTree({'-dash.md': empty, 'a.md': empty, 'b.md': empty})
    const result = runCli(['a.md', '-f', 'compact', '--', '-dash.md'], {cwd})
    expect(result.stdout).toBe(finding('-dash.md') + finding('a.md'))
  })
})

describe('a named path that cannot be read', () => {
  it('a dangling symlink: reported, the other pages linted, exit 2', () => {
    const cwd = makeTree({'good.md': empty})
    symlinkSync(join(cwd, 'missing.md'), join(cwd, 'broken.md'))
    const result = runCli(['broken.md', 'good.md', '-f', 'compact'], {cwd})
    expect(result.stdout).toBe(finding('good.md'))
    expect(result.stderr).toBe(
      `docgap: broken.md: broken symbolic link (its target ${join(cwd, 'missing.md')} does not exist)\n`,
    )
    expect(result.code).toBe(2)
  })

  // Root reads every folder whatever its mode: as root, run docgap as the unprivileged `nobody`.
  it('an unreadable folder: reported, the other pages linted, exit 2', (context) => {
    // A copy of the bundle that nobody can read, as the clone may sit in a 0700 folder (cli-helpers.ts).
    const unprivileged = unprivilegedCli()
    if ('skip' in unprivileged) return context.skip(unprivileged.skip)
    const cwd = makeTree({'locked/a.md': empty, 'good.md': empty})
    chmodSync(cwd, 0o755)
    chmodSync(join(cwd, 'good.md'), 0o644)
    chmodSync(join(cwd, 'locked'), 0o000)
    const result = runCli(['locked', 'good.md', '-f', 'compact'], {cwd, ...unprivileged})
    expect(result.stdout).toBe(finding('good.md'))
    expect(result.stderr).toBe('docgap: locked: cannot read folder: permission denied\n')
    expect(result.code).toBe(2)
  })
})

describe('walking folders', () => {
  it('a folder linked from inside itself (a loop): each page linted once, under its own path', () => {
    const cwd = makeTree({'docs/good.md': empty, 'docs/sub/other.md': empty})
    symlinkSync(join(cwd, 'docs'), join(cwd, 'docs/sub/loop'))
    const report = parseJsonReport(runCli(['docs', '-f', 'json'], {cwd}).stdout)
    expect(report.map((file) => file.filePath)).toEqual(['docs/good.md', 'docs/sub/other.md'])
  })

  it('a file name that is not UTF-8: one line saying so (not "no such file"), the rest linted, exit 2', () => {
    const cwd = makeTree({'good.md': empty})
    writeFileSync(Buffer.concat([Buffer.from(`${cwd}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), empty)
    const result = runCli(['.', '-f', 'compact'], {cwd})
    expect(result.stdout).toBe(finding('good.md'))
    expect(result.stderr).toBe(
      'docgap: caf\uFFFD.md: cannot read file: its name is not valid UTF-8, and docgap reads file names as UTF-8 (rename the file)\n',
    )
    expect(result.code).toBe(2)
  })
})

describe('terminal control sequences in names and messages', () => {
  const hostile = 'evil\u001B]0;owned\u0007\u001B[2J\r.md'
  for (const format of ['stylish', 'compact']) {
    it(`${format}: shown as visible escapes, never sent to the terminal`, () => {
      const cwd = makeTree({})
      mkdirSync(join(cwd, 'docs'))
      writeFileSync(join(cwd, 'docs', hostile), empty)
      const result = runCli(['docs', '-f', format], {cwd})
      expect(result.code).toBe(1)
      expect(result.stdout).toContain('docs/evil\\x1b]0;owned\\x07\\x1b[2J\\x0d.md')
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/)
    })
  }
})

describe('a run with nothing to report', () => {
  const hasScript = process.platform === 'linux'
  it.skipIf(!hasScript)(
    'says so in one line on stderr when stderr is a terminal, and stays silent otherwise',
    async () => {
      const {spawnSync} = await import('node:child_process')
      const {cliPath} = await import('./cli-helpers.js')
      const cwd = makeTree({'a.md': '# A\n\nText.\n', 'b.md': '# B\n\nText.\n'})
      // `script` gives the command a terminal; its output is what the terminal showed.
      const shown = spawnSync('script', ['-qec', `${process.execPath} ${cliPath} .`, '/dev/null'], {
        cwd,
        encoding: 'utf8',
        env: {...process.env, CI: ''},
      })
      expect(shown.stdout.replace(/\r/g, '')).toBe('docgap: 2 files, no findings\n')
      expect(shown.status).toBe(0)
      expect(runCli(['.'], {cwd})).toMatchObject({code: 0, stdout: '', stderr: ''})
    },
  )
})
