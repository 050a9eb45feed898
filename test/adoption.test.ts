/** Adopting docgap on legacy docs: baselines, --changed and --staged, through the CLI. */
import {execFileSync, spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cliPath, makeTree, runCli} from './cli-helpers.js'

const legacy = '# Legacy\n\n- One.\n- \n\nFill in ___ later.\n'

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
}

function repository(files: Record<string, string>): string {
  const root = makeTree(files)
  git(root, 'init', '-q', '-b', 'main')
  git(root, 'config', 'user.name', 'Test')
  git(root, 'config', 'user.email', 'test@example.com')
  git(root, 'add', '-A')
  git(root, 'commit', '-q', '-m', 'Legacy docs')
  return root
}

const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean)

describe('baseline', () => {
  it("records today's findings, then reports only new ones, even when lines move", () => {
    const cwd = makeTree({'docs/a.md': legacy, 'docs/b.md': legacy})
    const written = runCli(['docs', '--baseline-write', 'docgap-baseline.json'], {cwd})
    expect(written.code).toBe(1)
    expect(written.stderr).toContain('wrote 4 findings to the baseline docgap-baseline.json')
    const text = readFileSync(join(cwd, 'docgap-baseline.json'), 'utf8')
    expect(Object.keys(JSON.parse(text).files)).toEqual(['docs/a.md', 'docs/b.md'])

    expect(runCli(['docs', '--baseline', 'docgap-baseline.json'], {cwd})).toMatchObject({code: 0, stdout: ''})

    // Two paragraphs above move the old findings down; one new blank is added.
    writeFileSync(join(cwd, 'docs/a.md'), legacy.replace('# Legacy\n', '# Legacy\n\nIntro.\n\nMore intro, TBD.\n'))
    const after = runCli(['docs', '--baseline', 'docgap-baseline.json', '-f', 'compact'], {cwd})
    expect(after.code).toBe(1)
    expect(lines(after.stdout)).toEqual([
      'docs/a.md:5:13: error Unexpected placeholder `TBD`, expected final content [no-placeholders]',
    ])
    expect(readFileSync(join(cwd, 'docgap-baseline.json'), 'utf8')).toBe(text)
  })

  it('counts fixed findings and prunes them with --baseline-prune', () => {
    const cwd = makeTree({'a.md': legacy})
    runCli(['a.md', '--baseline-write', 'baseline.json'], {cwd})
    writeFileSync(join(cwd, 'a.md'), legacy.replace('- \n', ''))
    const result = runCli(['a.md', '--baseline', 'baseline.json'], {cwd})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('1 finding in the baseline baseline.json no longer occurs (fixed)')
    const pruned = runCli(['a.md', '--baseline', 'baseline.json', '--baseline-prune'], {cwd})
    expect(pruned.stderr).toContain('removed 1 fixed finding')
    expect(JSON.parse(readFileSync(join(cwd, 'baseline.json'), 'utf8')).files['a.md']).toHaveLength(1)
  })

  it('stops with exit 2 on a corrupt baseline and leaves it untouched', () => {
    const cwd = makeTree({'a.md': legacy, 'baseline.json': '{"version": 1, "files": '})
    const result = runCli(['a.md', '--baseline', 'baseline.json', '--baseline-prune'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^docgap: baseline\.json: /)
    expect(result.stdout).toBe('')
    expect(readFileSync(join(cwd, 'baseline.json'), 'utf8')).toBe('{"version": 1, "files": ')
  })
})

describe('--changed and --staged', () => {
  it('--changed reports only findings on lines changed since the ref, from any subfolder', () => {
    const root = repository({'docs/a.md': legacy, 'docs/b.md': legacy})
    writeFileSync(join(root, 'docs/a.md'), `${legacy}\nA new paragraph, TODO.\n`)
    writeFileSync(join(root, 'docs/new.md'), legacy)
    const result = runCli(['--changed', '-f', 'compact'], {cwd: join(root, 'docs')})
    expect(result.code).toBe(1)
    expect(lines(result.stdout)).toEqual([
      'a.md:8:18: error Unexpected placeholder `TODO`, expected final content [no-placeholders]',
      'new.md:4:1: error Unexpected empty list item, expected content [no-empty-list-items]',
      'new.md:6:9: error Unexpected placeholder `___`, expected final content [no-placeholders]',
    ])
    git(root, 'add', '-A')
    git(root, 'commit', '-q', '-m', 'More')
    expect(runCli(['--changed', 'HEAD'], {cwd: root})).toMatchObject({code: 0, stdout: ''})
    expect(lines(runCli(['--changed', 'HEAD~1', '-f', 'compact'], {cwd: root}).stdout)).toHaveLength(3)
  })

  it('--staged lints what is staged, not the working tree', () => {
    const root = repository({'a.md': legacy})
    writeFileSync(join(root, 'a.md'), `${legacy}\nStaged TODO.\n`)
    git(root, 'add', 'a.md')
    writeFileSync(join(root, 'a.md'), `${legacy}\nFixed in the working tree only.\n`)
    const result = runCli(['--staged', '-f', 'compact'], {cwd: root})
    expect(result.code).toBe(1)
    expect(lines(result.stdout)).toEqual([
      'a.md:8:8: error Unexpected placeholder `TODO`, expected final content [no-placeholders]',
    ])
  })

  it('says so in one line outside a git repository', () => {
    const result = runCli(['--staged'], {cwd: makeTree({'a.md': legacy})})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^docgap: .*not inside a git repository\n$/)
  })

  it('refuses --baseline-write with --changed', () => {
    const root = repository({'a.md': legacy})
    expect(runCli(['--changed', '--baseline-write', 'b.json'], {cwd: root}).code).toBe(2)
  })
})

describe('the plain git hook of docs/integrations.md', () => {
  it('refuses a commit whose staged page has a placeholder, and accepts the fixed page', () => {
    const page = readFileSync(join(import.meta.dirname, '..', 'docs', 'integrations.md'), 'utf8')
    const hook = /^```sh\n(#!\/bin\/sh\n[\s\S]*?)\n```$/m.exec(page)![1]!
    expect(hook).toContain('npx --no-install docgap --staged')
    const root = repository({'a.md': '# A\n\nText.\n'})
    // The hook as written, with the built CLI standing in for the installed package.
    writeFileSync(
      join(root, '.git/hooks/pre-commit'),
      hook.replace('npx --no-install docgap', `"${process.execPath}" "${cliPath}"`),
      {mode: 0o755},
    )
    writeFileSync(join(root, 'a.md'), '# A\n\nText.\n\nFill in ___ here.\n')
    git(root, 'add', 'a.md')
    const refused = spawnSync('git', ['commit', '-m', 'Draft'], {cwd: root, encoding: 'utf8'})
    expect(refused.status).not.toBe(0)
    expect(refused.stdout + refused.stderr).toContain('a.md:5:9: error Unexpected placeholder `___`')
    writeFileSync(join(root, 'a.md'), '# A\n\nText.\n\nFilled in here.\n')
    git(root, 'add', 'a.md')
    expect(spawnSync('git', ['commit', '-m', 'Done'], {cwd: root, encoding: 'utf8'}).status).toBe(0)
  })
})
