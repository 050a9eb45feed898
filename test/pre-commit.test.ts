/**
 * The pre-commit framework, end to end: a repository that adds docgap with three lines of
 * `.pre-commit-config.yaml` cannot commit a page with a placeholder, and can commit a finished one.
 * Needs the `pre-commit` command (Debian package `pre-commit`); skipped, and says so, without it.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoRoot} from './cli-helpers.js'

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0
if (!hasPreCommit)
  console.warn('pre-commit is not installed: skipping the pre-commit end-to-end test (apt-get install pre-commit)')

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
}

function newRepository(): string {
  const folder = mkdtempSync(join(tmpdir(), 'docgap-git-'))
  git(folder, 'init', '-q')
  git(folder, 'config', 'user.name', 'Test')
  git(folder, 'config', 'user.email', 'test@example.com')
  git(folder, 'config', 'commit.gpgsign', 'false')
  return folder
}

/** This working tree as a git repository of its own, so that pre-commit installs what is here now. */
function hookRepository(): {path: string; rev: string} {
  const path = newRepository()
  for (const name of [
    'package.json',
    'package-lock.json',
    '.npmrc',
    'tsconfig.json',
    '.pre-commit-hooks.yaml',
    'README.md',
    'src',
    'rules',
    'scripts',
    'schema',
  ]) {
    if (existsSync(join(repoRoot, name))) cpSync(join(repoRoot, name), join(path, name), {recursive: true})
  }
  git(path, 'add', '-A')
  git(path, 'commit', '-q', '-m', 'docgap')
  return {path, rev: git(path, 'rev-parse', 'HEAD').trim()}
}

describe.skipIf(!hasPreCommit)('pre-commit framework', () => {
  it('refuses a page with a placeholder, naming the line, and accepts a finished page', {timeout: 600_000}, () => {
    const hook = hookRepository()
    const docs = newRepository()
    writeFileSync(
      join(docs, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hook.path}\n    rev: ${hook.rev}\n    hooks:\n      - id: docgap\n`,
    )
    const env = {...process.env, PRE_COMMIT_HOME: join(docs, '.cache-pre-commit'), NO_COLOR: '1'}
    execFileSync('pre-commit', ['install'], {cwd: docs, env, stdio: 'ignore'})
    writeFileSync(join(docs, '.gitignore'), '.cache-pre-commit/\n')
    git(docs, 'add', '.pre-commit-config.yaml', '.gitignore')

    writeFileSync(join(docs, 'install.md'), '# Install\n\nThis is required to perform any _____?\n')
    git(docs, 'add', 'install.md')
    const refused = spawnSync('git', ['commit', '-m', 'Draft'], {cwd: docs, env, encoding: 'utf8'})
    expect(refused.status, refused.stdout + refused.stderr).not.toBe(0)
    expect(refused.stdout + refused.stderr).toContain('install.md:3:33: error Unexpected placeholder `_____`')

    writeFileSync(join(docs, 'install.md'), '# Install\n\nThis is required to perform any change.\n')
    git(docs, 'add', 'install.md')
    const accepted = spawnSync('git', ['commit', '-m', 'Finished page'], {cwd: docs, env, encoding: 'utf8'})
    expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0)

    // An old finding, committed with --no-verify as legacy pages are: a later commit that changes
    // another line of the page is not blocked by it, and `--all-files` still reports it.
    writeFileSync(
      join(docs, 'install.md'),
      '# Install\n\nTODO: screenshots.\n\nThis is required to perform any change.\n',
    )
    git(docs, 'commit', '-qam', 'Legacy', '--no-verify')
    writeFileSync(
      join(docs, 'install.md'),
      '# Install\n\nTODO: screenshots.\n\nThis is required to perform any change, once.\n',
    )
    git(docs, 'add', 'install.md')
    const unrelated = spawnSync('git', ['commit', '-m', 'Edit another line'], {cwd: docs, env, encoding: 'utf8'})
    expect(unrelated.status, unrelated.stdout + unrelated.stderr).toBe(0)
    const all = spawnSync('pre-commit', ['run', '--all-files'], {cwd: docs, env, encoding: 'utf8'})
    expect(all.status).not.toBe(0)
    expect(all.stdout + all.stderr).toContain('install.md:3:')
  })
})
