/** The command line as a subprocess: exit codes, formats, colour, ignores and errors. */
import {chmodSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, runCli, unprivilegedCli} from './cli-helpers.js'

const clean = '# Install\n\nRun the installer.\n'
const empty = '# Install\n\n- Download it.\n- \n'
const version = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version

// A stack trace shows as `    at fn (file:line:col)`; a user must never see one.
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m

describe('exit codes', () => {
  it('exits 0 on clean files and prints nothing', () => {
    const cwd = makeTree({'docs/a.md': clean})
    const result = runCli(['docs'], {cwd})
    expect(result).toMatchObject({code: 0, stdout: '', stderr: ''})
  })

  it('exits 1 on an error finding', () => {
    const cwd = makeTree({'docs/a.md': empty})
    const result = runCli(['docs'], {cwd})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('no-empty-list-items')
  })

  it('lints the current folder when no path is given', () => {
    const cwd = makeTree({'a.md': empty})
    expect(runCli([], {cwd}).code).toBe(1)
  })

  it('exits 2 with one line naming a path that does not exist', () => {
    const cwd = makeTree({'a.md': clean})
    const result = runCli(['missing-folder'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toEqual(['docgap: missing-folder: no such file or directory'])
  })

  it('exits 2 when a glob matches nothing', () => {
    const cwd = makeTree({'a.md': clean})
    const result = runCli(['guides/**/*.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('guides/**/*.md')
    expect(result.stderr).not.toMatch(stackTrace)
  })

  it('exits 2 on an unknown flag, with a pointer to --help', () => {
    const result = runCli(['--frmat', 'json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^docgap: .*frmat.*--help/)
  })

  it('exits 2 on an unknown format and lists the known ones', () => {
    const cwd = makeTree({'a.md': clean})
    const result = runCli(['-f', 'xml'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('(available: compact, github, json, junit, sarif, stylish)')
  })

  // Root reads every file whatever its mode: as root, run docgap as the unprivileged `nobody`.
  it('exits 2 when a file cannot be read, and still lints the others', (context) => {
    const unprivileged = unprivilegedCli()
    if ('skip' in unprivileged) return context.skip(unprivileged.skip)
    const cwd = makeTree({'a.md': empty, 'b.md': clean})
    chmodSync(cwd, 0o755)
    chmodSync(join(cwd, 'a.md'), 0o644)
    chmodSync(join(cwd, 'b.md'), 0o000)
    const result = runCli(['.', '-f', 'compact'], {cwd, ...unprivileged})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('docgap: b.md: cannot read file: permission denied\n')
    expect(result.stdout).toContain('a.md:4:1')
  })
})

describe('--version and --help', () => {
  it('prints the package version', () => {
    const result = runCli(['--version'])
    expect(result).toMatchObject({code: 0, stdout: `${version}\n`})
  })

  it('prints usage, examples and the exit codes', () => {
    const result = runCli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--max-warnings')
    expect(result.stdout).toContain('Examples:')
    expect(result.stdout).toContain('Exit codes')
  })
})

describe('formats', () => {
  const files = {'docs/guide.md': empty, 'docs/clean.md': clean}

  it('compact: one finding a line as path:line:column, for editors', () => {
    const cwd = makeTree(files)
    const result = runCli(['docs', '-f', 'compact'], {cwd})
    expect(result.stdout).toBe(
      'docs/guide.md:4:1: error Unexpected empty list item, expected content [no-empty-list-items]\n',
    )
  })

  it('stylish: grouped by file with line:column ranges', () => {
    const cwd = makeTree(files)
    const result = runCli(['docs'], {cwd})
    expect(result.stdout).toContain('docs/guide.md\n')
    expect(result.stdout).toMatch(/4:1-4:3\s+error\s+Unexpected empty list item/)
    expect(result.stdout).not.toContain('clean.md')
  })

  it('json: ESLint shape, one entry a file, clean files included', () => {
    const cwd = makeTree(files)
    const report = parseJsonReport(runCli(['docs', '-f', 'json'], {cwd}).stdout)
    expect(report.map((file) => file.filePath).sort()).toEqual(['docs/clean.md', 'docs/guide.md'])
    const guide = report.find((file) => file.filePath === 'docs/guide.md')!
    expect(guide).toEqual({
      filePath: 'docs/guide.md',
      messages: [
        {
          ruleId: 'no-empty-list-items',
          severity: 2,
          message: 'Unexpected empty list item, expected content',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 3,
        },
      ],
      errorCount: 1,
      warningCount: 0,
    })
  })

  it('json with no findings is still valid JSON', () => {
    const cwd = makeTree({'a.md': clean})
    expect(parseJsonReport(runCli(['-f', 'json'], {cwd}).stdout)).toHaveLength(1)
  })

  it('colours only when asked: piped output and NO_COLOR are plain, --color and FORCE_COLOR colour', () => {
    const cwd = makeTree(files)
    const escape = '\u001b['
    expect(runCli(['docs', '-f', 'compact'], {cwd}).stdout).not.toContain(escape)
    expect(runCli(['docs', '-f', 'compact', '--color'], {cwd, env: {NO_COLOR: '1'}}).stdout).toContain(escape)
    expect(runCli(['docs', '-f', 'compact'], {cwd, env: {FORCE_COLOR: '1'}}).stdout).toContain(escape)
    expect(runCli(['docs', '-f', 'compact'], {cwd, env: {FORCE_COLOR: '1', NO_COLOR: '1'}}).stdout).not.toContain(
      escape,
    )
    expect(runCli(['docs', '--no-color'], {cwd, env: {FORCE_COLOR: '1'}}).stdout).not.toContain(escape)
  })
})

describe('severity flags', () => {
  const cwd = makeTree({'a.md': empty})

  it('--rule id=off turns a rule off', () => {
    expect(runCli(['a.md', '--rule', 'no-empty-list-items=off'], {cwd})).toMatchObject({code: 0, stdout: ''})
  })

  it('--rule id=warn reports a warning and exits 0', () => {
    const result = runCli(['a.md', '--rule', 'no-empty-list-items=warn', '-f', 'compact'], {cwd})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(': warning Unexpected empty list item')
  })

  it('--max-warnings fails the run when warnings exceed it', () => {
    const result = runCli(['a.md', '--rule', 'no-empty-list-items=warn', '--max-warnings', '0'], {cwd})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('too many warnings (1)')
    expect(runCli(['a.md', '--rule', 'no-empty-list-items=warn', '--max-warnings', '1'], {cwd}).code).toBe(0)
  })

  it('--quiet reports errors only', () => {
    const result = runCli(['a.md', '--rule', 'no-empty-list-items=warn', '--quiet'], {cwd})
    expect(result).toMatchObject({code: 0, stdout: ''})
  })

  it('--rule with an unknown id or severity exits 2 and suggests the right one', () => {
    const typo = runCli(['a.md', '--rule', 'no-empty-list-item=off'], {cwd})
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('did you mean `no-empty-list-items`?')
    const severity = runCli(['a.md', '--rule', 'no-empty-list-items=loud'], {cwd})
    expect(severity.code).toBe(2)
    expect(severity.stderr).toContain('invalid severity "loud"')
  })

  it('--max-warnings must be a whole number', () => {
    expect(runCli(['a.md', '--max-warnings', '1.5'], {cwd}).code).toBe(2)
  })
})

describe('file discovery and ignores', () => {
  it('walks folders for .md and .markdown, skipping node_modules, .git and other files', () => {
    const cwd = makeTree({
      'docs/a.md': empty,
      'docs/b.markdown': empty,
      'docs/c.txt': empty,
      'docs/node_modules/pkg/readme.md': empty,
      'docs/.git/x.md': empty,
    })
    const report = parseJsonReport(runCli(['docs', '-f', 'json'], {cwd}).stdout)
    expect(report.map((file) => file.filePath).sort()).toEqual(['docs/a.md', 'docs/b.markdown'])
  })

  it("honours .gitignore, .docgapignore and the config's ignores; --no-ignore lints all", () => {
    const cwd = makeTree({
      '.gitignore': 'build/\n',
      'docs/.docgapignore': 'drafts/\n',
      'docgap.config.json': JSON.stringify({ignores: ['docs/generated/**']}),
      'build/a.md': empty,
      'docs/drafts/b.md': empty,
      'docs/generated/c.md': empty,
      'docs/d.md': clean,
    })
    const paths = (args: string[]) =>
      parseJsonReport(runCli([...args, '-f', 'json'], {cwd}).stdout)
        .map((file) => file.filePath)
        .sort()
    expect(paths(['.'])).toEqual(['docs/d.md'])
    expect(paths(['.', '--no-ignore'])).toEqual(['build/a.md', 'docs/d.md', 'docs/drafts/b.md', 'docs/generated/c.md'])
  })

  it('lints a file named explicitly even when ignored, with a warning', () => {
    const cwd = makeTree({'.docgapignore': 'drafts/\n', 'drafts/a.md': empty})
    const result = runCli(['drafts/a.md'], {cwd})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^docgap: warning: drafts\/a\.md: .*ignores it/)
  })

  it('expands globs', () => {
    const cwd = makeTree({'docs/a.md': empty, 'docs/sub/b.md': clean, 'other/c.md': empty})
    const report = parseJsonReport(runCli(['docs/**/*.md', '-f', 'json'], {cwd}).stdout)
    expect(report.map((file) => file.filePath).sort()).toEqual(['docs/a.md', 'docs/sub/b.md'])
  })
})

describe('positions', () => {
  const lf = '---\ntitle: Page\n---\n\n# Page\n\n- One.\n- \n\nFill in ___ here.\n'

  it('are the same for CRLF and a byte order mark as for LF', () => {
    const cwd = makeTree({
      'lf.md': lf,
      'crlf.md': lf.replace(/\n/g, '\r\n'),
      'bom.md': '\uFEFF' + lf,
      'bom-crlf.md': '\uFEFF' + lf.replace(/\n/g, '\r\n'),
    })
    const report = parseJsonReport(runCli(['.', '-f', 'json'], {cwd}).stdout)
    const positions = (name: string) =>
      report
        .find((file) => file.filePath === name)!
        .messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn])
    const expected = positions('lf.md')
    expect(expected.length).toBeGreaterThan(0)
    expect(expected[0]).toEqual(['no-empty-list-items', 8, 1, 8, 3])
    for (const name of ['crlf.md', 'bom.md', 'bom-crlf.md']) expect(positions(name)).toEqual(expected)
  })
})

describe('--stdin', () => {
  it('lints standard input, reported under --stdin-filename', () => {
    const cwd = makeTree({})
    const result = runCli(['--stdin', '--stdin-filename', 'docs/new.md', '-f', 'compact'], {cwd, input: empty})
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(
      'docs/new.md:4:1: error Unexpected empty list item, expected content [no-empty-list-items]\n',
    )
  })

  it('reports as <stdin> without a file name', () => {
    const result = runCli(['--stdin', '-f', 'compact'], {cwd: makeTree({}), input: empty})
    expect(result.stdout).toMatch(/^<stdin>:4:1: /)
  })

  it('applies ignores as for the named path', () => {
    const cwd = makeTree({'.docgapignore': 'drafts/\n'})
    const result = runCli(['--stdin', '--stdin-filename', 'drafts/a.md'], {cwd, input: empty})
    expect(result).toMatchObject({code: 0, stdout: ''})
    expect(result.stderr).toContain('drafts/a.md: not linted, because .docgapignore ignores it')
  })

  it('refuses paths with --stdin', () => {
    const result = runCli(['--stdin', 'a.md'], {cwd: makeTree({}), input: empty})
    expect(result.code).toBe(2)
  })
})

describe('a config file outside the docs tree', () => {
  it('applies its ignores from the working directory', () => {
    const root = makeTree({
      'ci/docgap.json': JSON.stringify({ignores: ['**/generated/**']}),
      'site/docs/generated/a.md': empty,
      'site/docs/b.md': clean,
    })
    const result = runCli(['docs', '-c', '../ci/docgap.json', '-f', 'json'], {cwd: join(root, 'site')})
    expect(parseJsonReport(result.stdout).map((file) => file.filePath)).toEqual(['docs/b.md'])
  })
})
