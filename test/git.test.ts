/** Changed-lines and staged modes: what git says changed, read from real temporary repositories. */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {DocgapError} from '../src/errors.js'
import {changedLines, parsePatch, repositoryRootOf, stagedFiles, unquote} from '../src/git.js'

// Each test runs a dozen git commands; slow machines need more than the default 5 s.
vi.setConfig({testTimeout: 30_000})

// The tests' repositories must not see the repository (or hook) the tests run in, nor the
// user's git configuration.
const saved: Record<string, string | undefined> = {}
beforeAll(() => {
  for (const key of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_CONFIG_GLOBAL',
    'GIT_CONFIG_NOSYSTEM',
    'GIT_CEILING_DIRECTORIES',
  ]) {
    saved[key] = process.env[key]
    delete process.env[key]
  }
  process.env.GIT_CONFIG_GLOBAL = '/dev/null'
  process.env.GIT_CONFIG_NOSYSTEM = '1'
})
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, {recursive: true, force: true})
})

function temporaryFolder(): string {
  // realpath: on some systems the temporary folder is reached through a symbolic link.
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'docgap-changed-')))
  folders.push(folder)
  return folder
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd, encoding: 'utf8'})
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), {recursive: true})
    writeFileSync(join(root, path), content)
  }
}

/** A repository on branch `main` with one commit holding `files`. */
function makeRepository(files: Record<string, string>): string {
  const root = temporaryFolder()
  git(root, 'init', '-q')
  git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main')
  git(root, 'config', 'user.name', 'Test')
  git(root, 'config', 'user.email', 'test@example.com')
  git(root, 'config', 'commit.gpgsign', 'false')
  write(root, files)
  git(root, 'add', '-A')
  git(root, 'commit', '-q', '-m', 'first')
  return root
}

const lines = (count: number, prefix = 'line') =>
  Array.from({length: count}, (_, index) => `${prefix} ${index + 1}\n`).join('')

function plain(map: Map<string, Set<number> | 'all'>, root: string): Record<string, number[] | 'all'> {
  const result: Record<string, number[] | 'all'> = {}
  for (const [path, value] of map) {
    expect(path.startsWith(`${root}/`)).toBe(true)
    result[path.slice(root.length + 1)] = value === 'all' ? 'all' : [...value].sort((a, b) => a - b)
  }
  return result
}

describe('repositoryRootOf', () => {
  it('finds the root from a subfolder', async () => {
    const root = makeRepository({'docs/guide/a.md': 'a\n'})
    expect(await repositoryRootOf(join(root, 'docs', 'guide'))).toBe(root)
    expect(await repositoryRootOf(root)).toBe(root)
  })

  it('outside a repository, a DocgapError with exit code 2', async () => {
    const folder = temporaryFolder()
    process.env.GIT_CEILING_DIRECTORIES = dirname(folder)
    try {
      const error = await repositoryRootOf(folder).catch((error: unknown) => error)
      expect(error).toBeInstanceOf(DocgapError)
      expect((error as DocgapError).exitCode).toBe(2)
      expect((error as DocgapError).message).toBe(`${folder}: not inside a git repository`)
      await expect(changedLines(folder)).rejects.toThrow('not inside a git repository')
      await expect(stagedFiles(folder)).rejects.toThrow('not inside a git repository')
    } finally {
      delete process.env.GIT_CEILING_DIRECTORIES
    }
  })
})

describe('changedLines', () => {
  it('inserted, modified and deletion-only hunks, in working-tree line numbers', async () => {
    const root = makeRepository({
      'docs/a.md': lines(10),
      'docs/b.md': lines(5),
      'docs/same.md': lines(3),
      'notes.txt': 'x\n',
    })
    const a = lines(10).split('\n')
    a.splice(2, 0, 'inserted 1', 'inserted 2') // new lines 3 and 4
    a[8] = 'line 7 changed' // old line 7, now line 9
    write(root, {'docs/a.md': a.join('\n'), 'docs/b.md': 'line 1\nline 2\nline 5\n', 'notes.txt': 'y\n'})
    expect(plain(await changedLines(root), root)).toEqual({'docs/a.md': [3, 4, 9], 'docs/b.md': []})
  })

  it('untracked (not ignored) and newly added files are whole; deleted files are left out', async () => {
    const root = makeRepository({'a.md': 'a\n', 'gone.md': 'x\n', '.gitignore': 'build/\n'})
    write(root, {
      'new.md': 'new\n',
      'staged.markdown': 'staged\n',
      'build/out.md': 'ignored\n',
      'README.MD': 'upper\n',
      'other.txt': 'no\n',
    })
    git(root, 'add', 'staged.markdown')
    rmSync(join(root, 'gone.md'))
    expect(plain(await changedLines(root), root)).toEqual({
      'new.md': 'all',
      'staged.markdown': 'all',
      'README.MD': 'all',
    })
  })

  it('counts committed work since the default branch, staged and unstaged work alike', async () => {
    const root = makeRepository({'a.md': lines(6)})
    git(root, 'checkout', '-q', '-b', 'feature')
    write(root, {'a.md': lines(6).replace('line 2\n', 'line two\n'), 'b.md': 'b\n'})
    git(root, 'add', '-A')
    git(root, 'commit', '-q', '-m', 'feature work')
    write(root, {'a.md': lines(6).replace('line 2\n', 'line two\n').replace('line 5\n', 'line five\n')})
    expect(plain(await changedLines(root), root)).toEqual({'a.md': [2, 5], 'b.md': 'all'})
    // An explicit ref; HEAD means uncommitted work only.
    expect(plain(await changedLines(root, 'HEAD'), root)).toEqual({'a.md': [5]})
    expect(plain(await changedLines(root, 'main'), root)).toEqual({'a.md': [2, 5], 'b.md': 'all'})
  })

  it('on the default branch itself, uncommitted work since HEAD', async () => {
    const root = makeRepository({'a.md': lines(3)})
    expect(plain(await changedLines(root), root)).toEqual({})
    write(root, {'a.md': 'line 1\nline 2\nline 3\nline 4\n'})
    expect(plain(await changedLines(root), root)).toEqual({'a.md': [4]})
  })

  it('in a repository with no commit yet, everything is new', async () => {
    const root = temporaryFolder()
    git(root, 'init', '-q')
    write(root, {'a.md': 'a\n', 'b.md': 'b\n'})
    git(root, 'add', 'a.md')
    expect(plain(await changedLines(root), root)).toEqual({'a.md': 'all', 'b.md': 'all'})
  })

  it('works from a subfolder and returns paths from the root', async () => {
    const root = makeRepository({'docs/guide/a.md': lines(3), 'top.md': lines(3)})
    write(root, {'docs/guide/a.md': 'line 1\nchanged\nline 3\n', 'top.md': 'line 1\nline 2\nchanged\n'})
    expect(plain(await changedLines(join(root, 'docs', 'guide')), root)).toEqual({
      'docs/guide/a.md': [2],
      'top.md': [3],
    })
  })

  it('handles renames, spaces, quotes and non-ASCII names', async () => {
    const root = makeRepository({
      'old name.md': lines(8),
      'café.md': 'x\n',
      'say "hi".md': lines(2),
      'tab\there.md': 'a\n',
    })
    mkdirSync(join(root, 'docs'))
    git(root, 'mv', 'old name.md', 'docs/new name.md')
    write(root, {
      'docs/new name.md': lines(8).replace('line 8\n', 'line eight\n'),
      'café.md': '-- x\n',
      'say "hi".md': 'line 1\nline 2\n+++ b/x\n',
      'tab\there.md': 'b\n',
      'ünïcode dir/nouveau.md': 'n\n',
    })
    expect(plain(await changedLines(root), root)).toEqual({
      'docs/new name.md': [8],
      'café.md': [1],
      'say "hi".md': [3],
      'tab\there.md': [1],
      'ünïcode dir/nouveau.md': 'all',
    })
  })

  it('a bad ref is a DocgapError naming it', async () => {
    const root = makeRepository({'a.md': 'a\n'})
    for (const ref of ['no-such-branch', '--output=/tmp/x']) {
      const error = await changedLines(root, ref).catch((error: unknown) => error)
      expect(error).toBeInstanceOf(DocgapError)
      expect((error as DocgapError).message).toContain(ref)
      expect((error as DocgapError).exitCode).toBe(2)
    }
  })
})

describe('stagedFiles', () => {
  it('gives the staged content and lines, not the working tree', async () => {
    const root = makeRepository({'docs/a.md': lines(4), 'docs/gone.md': 'x\n', 'b.md': 'b\n'})
    write(root, {'docs/a.md': 'line 1\nstaged\nline 3\nline 4\n'})
    git(root, 'add', 'docs/a.md')
    write(root, {
      'docs/a.md': 'working tree only\n',
      'b.md': 'unstaged\n',
      'docs/new file é.md': 'new\nfile\n',
      'untracked.md': 'u\n',
    })
    git(root, 'add', 'docs/new file é.md')
    git(root, 'rm', '-q', 'docs/gone.md')
    const staged = await stagedFiles(join(root, 'docs'))
    expect(
      staged.map(({path, content, lines}) => ({
        path: path.slice(root.length + 1),
        content,
        lines: lines === 'all' ? 'all' : [...lines],
      })),
    ).toEqual([
      {path: 'docs/a.md', content: 'line 1\nstaged\nline 3\nline 4\n', lines: [2]},
      {path: 'docs/new file é.md', content: 'new\nfile\n', lines: 'all'},
    ])
  })

  it('renamed files keep their new name; nothing staged is nothing', async () => {
    const root = makeRepository({'a.md': lines(3)})
    expect(await stagedFiles(root)).toEqual([])
    git(root, 'mv', 'a.md', 'b.md')
    const staged = await stagedFiles(root)
    expect(staged).toEqual([{path: join(root, 'b.md'), content: lines(3), lines: new Set()}])
  })

  it('before the first commit, every staged file is new', async () => {
    const root = temporaryFolder()
    git(root, 'init', '-q')
    write(root, {'a.md': 'a\n', 'b.md': 'b\n'})
    git(root, 'add', 'a.md')
    expect(await stagedFiles(root)).toEqual([{path: join(root, 'a.md'), content: 'a\n', lines: 'all'}])
  })
})

describe('parsePatch', () => {
  it('never takes a removed `-- x` or added `++ x` line for a header', () => {
    const patch = [
      'diff --git a/a.md b/a.md',
      'index 1..2 100644',
      '--- a/a.md',
      '+++ b/a.md',
      '@@ -1,2 +1,2 @@',
      '--- a/other.md',
      '-x',
      '+++ b/other.md',
      '+y',
      '\\ No newline at end of file',
      'diff --git a/mode only.md b/mode only.md',
      'old mode 100644',
      'new mode 100755',
      '',
    ].join('\n')
    expect(parsePatch(patch)).toEqual([
      {path: 'a.md', deleted: false, lines: new Set([1, 2])},
      {path: 'mode only.md', deleted: false, lines: new Set()},
    ])
  })

  it('unquotes C-style paths', () => {
    expect(unquote('"caf\\303\\251 \\"x\\"\\t.md"')).toBe('café "x"\t.md')
    expect(unquote('plain.md')).toBe('plain.md')
  })
})
