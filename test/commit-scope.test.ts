/**
 * Where people commit, through the CLI: the pre-commit hook reports what the commit adds (and
 * every file with `pre-commit run --all-files`), and `--changed`/`--staged` also check the
 * unchanged pages whose links a change broke.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, realpathSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {runCli} from './cli-helpers.js'

vi.setConfig({testTimeout: 60_000})

// The repositories must not see the repository or hook the tests run in, nor the user's git configuration.
const env = {
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
  GIT_INDEX_FILE: undefined,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  PRE_COMMIT_FROM_REF: undefined,
  PRE_COMMIT_TO_REF: undefined,
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1'},
  })
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), {recursive: true})
    writeFileSync(join(root, path), content)
  }
}

function repository(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'docgap-commit-')))
  git(root, 'init', '-q')
  git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main')
  git(root, 'config', 'user.name', 'Test')
  git(root, 'config', 'user.email', 'test@example.com')
  git(root, 'config', 'commit.gpgsign', 'false')
  write(root, files)
  git(root, 'add', '-A')
  git(root, 'commit', '-q', '-m', 'Initial')
  return root
}

// An old page with two old findings, as a legacy docs tree has.
const legacy = '# Install\n\nTODO: screenshots.\n\n- \n\n## Verify\n\nRun the check.\n'

describe('--pre-commit (the hook of the pre-commit framework)', () => {
  it('during a commit: only the findings on the lines the commit changes', () => {
    const root = repository({'install.md': legacy})
    write(root, {'install.md': legacy.replace('Run the check.', 'Run the check. TBD')})
    git(root, 'add', 'install.md')
    // pre-commit passes the staged files that match the hook's `types`.
    const result = runCli(['--pre-commit', '-f', 'compact', 'install.md'], {cwd: root, env})
    expect(result.stdout).toBe(
      'install.md:9:16: error Unexpected placeholder `TBD`, expected final content [no-placeholders]\n',
    )
    expect(result.code).toBe(1)
  })

  it('with --all-files (files named that are not staged): every finding of every file', () => {
    const root = repository({'install.md': legacy, 'other.md': '# Other\n\nText.\n'})
    const result = runCli(['--pre-commit', '-f', 'compact', 'install.md', 'other.md'], {cwd: root, env})
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2)
    expect(result.code).toBe(1)
  })

  it('on pre-push (PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF): the lines changed since the ref', () => {
    const root = repository({'install.md': legacy})
    const base = git(root, 'rev-parse', 'HEAD').trim()
    write(root, {'install.md': legacy.replace('Run the check.', 'Run the check. TBD')})
    git(root, 'commit', '-qam', 'More')
    const head = git(root, 'rev-parse', 'HEAD').trim()
    const result = runCli(['--pre-commit', '-f', 'compact', 'install.md'], {
      cwd: root,
      env: {...env, PRE_COMMIT_FROM_REF: base, PRE_COMMIT_TO_REF: head},
    })
    expect(result.stdout).toBe(
      'install.md:9:16: error Unexpected placeholder `TBD`, expected final content [no-placeholders]\n',
    )
  })

  it('the hook definition runs docgap --pre-commit', async () => {
    const {readFileSync} = await import('node:fs')
    const {repoRoot} = await import('./cli-helpers.js')
    expect(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')).toMatch(/^\s+entry: docgap --pre-commit$/m)
  })
})

describe('links a change breaks on pages it does not touch', () => {
  const pages = {
    'docs/install.md': '# Install\n\n## With Helm\n\nText.\n',
    'docs/start.md': '# Start\n\nFirst [install](install.md#with-helm).\n\nTODO: an old finding on another line.\n',
    'docs/unrelated.md': '# Unrelated\n\nTODO: not about install pages.\n',
  }

  it('a renamed heading: the page linking to it is reported (--staged), not its old findings', () => {
    const root = repository(pages)
    write(root, {'docs/install.md': '# Install\n\n## With Kustomize\n\nText.\n'})
    git(root, 'add', '-A')
    const result = runCli(['--staged', '-f', 'compact'], {cwd: root, env})
    expect(result.stdout).toBe(
      'docs/start.md:3:7: error Unexpected link to missing anchor `install.md#with-helm`, expected a heading or id in `install.md` [no-broken-anchors]\n',
    )
    expect(result.code).toBe(1)
  })

  for (const [name, change] of [
    ['git mv', (root: string) => git(root, 'mv', 'docs/install.md', 'docs/setup.md')],
    ['git rm', (root: string) => git(root, 'rm', '-q', 'docs/install.md')],
  ] as const) {
    it(`${name} of a page: the page linking to it is reported (--staged and --changed)`, () => {
      const root = repository(pages)
      change(root)
      for (const mode of [['--staged'], ['--changed']]) {
        const result = runCli([...mode, '-f', 'compact'], {cwd: root, env})
        expect(result.stdout).toMatch(/^docs\/start\.md:3:7: error Unexpected link to missing file `install\.md`/)
        expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1)
        expect(result.code).toBe(1)
      }
    })
  }
})
