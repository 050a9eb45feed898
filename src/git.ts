/**
 * What git says changed, for `--changed [REF]` and `--staged`: the Markdown files and, in each,
 * the lines a commit or the working tree touched, so that a legacy docs tree can be held to
 * docgap one change at a time.
 */
import {execFile} from 'node:child_process'
import {existsSync, realpathSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {DocgapError} from './errors.js'
import {defaultExtensions, hasExtension} from './files.js'

/** Line numbers (1-based, in the new version of the file), or the whole file when it is new. */
export type ChangedLines = Set<number> | 'all'

export interface StagedFile {
  /** Absolute path in the working tree. */
  path: string
  /** The file as staged: the content of git's index, not of the working tree. */
  content: string
  lines: ChangedLines
}

// Settings a user's git configuration could change and the parsing below depends on.
const configOverrides = [
  '-c',
  'core.quotepath=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'color.ui=never',
]
const diffOptions = [
  '--unified=0',
  '--inter-hunk-context=0',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--find-renames',
  '--src-prefix=a/',
  '--dst-prefix=b/',
]
const pathspecs = (extensions: string[]) => ['--', ...extensions.map((extension) => `:(icase)*.${extension}`)]

/** The top of the working tree holding `cwd`; a DocgapError outside one. */
export async function repositoryRootOf(cwd: string): Promise<string> {
  let output: string
  try {
    output = await git(cwd, ['rev-parse', '--show-toplevel', '--show-cdup'])
  } catch (error) {
    if (error instanceof DocgapError) throw error
    throw new DocgapError(`${cwd}: not inside a git repository`)
  }
  const [toplevel = '', cdup = ''] = output.split('\n')
  if (toplevel === '') throw new DocgapError(`${cwd}: not inside a git repository`)
  // Keep the spelling of `cwd` (a symlinked folder stays symlinked), so that paths built here
  // match those docgap builds from `cwd`; fall back to git's when the two are not the same folder.
  const fromCwd = resolve(cwd, cdup)
  try {
    if (realpathSync(fromCwd) === realpathSync(toplevel)) return fromCwd
  } catch {
    // Use git's answer.
  }
  return resolve(toplevel)
}

/**
 * The Markdown files changed since `ref` (default: where HEAD left the default branch, or HEAD
 * itself), committed, staged, unstaged or untracked, by absolute path, with the lines changed
 * in the working-tree version. Deleted files are left out; a file whose only change is a
 * deletion maps to an empty set.
 */
export async function changedLines(
  cwd: string,
  ref?: string,
  extensions = defaultExtensions,
  removed?: string[],
): Promise<Map<string, ChangedLines>> {
  const root = await repositoryRootOf(cwd)
  const base = ref === undefined ? await defaultBase(root) : await explicitBase(root, ref)
  const patch = await gitOrFail(root, [...configOverrides, 'diff', ...diffOptions, base, ...pathspecs(extensions)])
  const result = new Map<string, ChangedLines>()
  for (const change of parsePatch(patch)) {
    noteRemoved(root, change, removed)
    if (change.deleted || !hasExtension(change.path, extensions)) continue
    result.set(join(root, change.path), change.lines)
  }
  const untracked = await gitOrFail(root, [
    ...configOverrides,
    'ls-files',
    '-z',
    '--others',
    '--exclude-standard',
    ...pathspecs(extensions),
  ])
  for (const path of untracked.split('\0')) {
    if (path !== '' && hasExtension(path, extensions)) result.set(join(root, path), 'all')
  }
  return result
}

/**
 * The Markdown files staged for commit (added, modified, renamed or copied; not deleted), each
 * with its staged content and the lines the commit changes in it.
 */
export async function stagedFiles(
  cwd: string,
  extensions = defaultExtensions,
  removed?: string[],
): Promise<StagedFile[]> {
  const root = await repositoryRootOf(cwd)
  // With no commit yet, `--cached` compares with the empty tree: every staged file is new.
  const patch = await gitOrFail(root, [
    ...configOverrides,
    'diff',
    '--cached',
    ...diffOptions,
    ...pathspecs(extensions),
  ])
  const files: StagedFile[] = []
  for (const change of parsePatch(patch)) {
    noteRemoved(root, change, removed)
    if (change.deleted || !hasExtension(change.path, extensions)) continue
    const content = await gitOrFail(root, ['cat-file', 'blob', `:${change.path}`])
    files.push({path: join(root, change.path), content, lines: change.lines})
  }
  return files
}

/** A deleted page, or the old path of a moved one: links to it from other pages may now be broken. */
function noteRemoved(root: string, change: FileChange, removed: string[] | undefined): void {
  if (!removed) return
  if (change.deleted) removed.push(join(root, change.path))
  else if (change.oldPath !== undefined && change.oldPath !== change.path) removed.push(join(root, change.oldPath))
}

/** Every page of the repository git knows of or would add (tracked, and untracked but not ignored). */
export async function repositoryPages(cwd: string, extensions = defaultExtensions): Promise<string[]> {
  const root = await repositoryRootOf(cwd)
  const listed = await gitOrFail(root, [
    ...configOverrides,
    'ls-files',
    '-z',
    '--cached',
    '--others',
    '--exclude-standard',
    ...pathspecs(extensions),
  ])
  return [...new Set(listed.split('\0'))]
    .filter((path) => path !== '' && hasExtension(path, extensions))
    .map((path) => join(root, path))
}

async function defaultBase(root: string): Promise<string> {
  const head = await tryGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])
  // No commit yet: everything in the working tree and the index is new.
  if (head === undefined) return emptyTree(root)
  const branches: string[] = []
  const originHead = await tryGit(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])
  if (originHead) branches.push(originHead)
  branches.push('refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master')
  for (const branch of branches) {
    if ((await tryGit(root, ['rev-parse', '--verify', '--quiet', `${branch}^{commit}`])) === undefined) continue
    const mergeBase = await tryGit(root, ['merge-base', 'HEAD', branch])
    if (mergeBase && mergeBase !== head) return mergeBase
    break
  }
  return head
}

async function explicitBase(root: string, ref: string): Promise<string> {
  const commit = await tryGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])
  if (commit === undefined) throw new DocgapError(`--changed ${ref}: not a commit in this git repository`)
  // What this branch changed since it left `ref`, as a pull request shows it; when the two have
  // no history in common, everything that differs from `ref`.
  const head = await tryGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])
  if (head === undefined) return commit
  return (await tryGit(root, ['merge-base', 'HEAD', commit])) ?? commit
}

async function emptyTree(root: string): Promise<string> {
  // Its id depends on the repository's hash algorithm (SHA-1 or SHA-256).
  return (await gitOrFail(root, ['hash-object', '-t', 'tree', '--stdin'], '')).trim()
}

export interface FileChange {
  /** Path relative to the repository root (the new path of a renamed file). */
  path: string
  /** The old path of a renamed or copied file. */
  oldPath?: string
  deleted: boolean
  lines: ChangedLines
}

/**
 * Reads `git diff --unified=0` output: per file, the line numbers of added lines in the new
 * version, or 'all' for a new file. Counts lines through each hunk, so that a removed line
 * reading `-- x` is never taken for a file header.
 */
export function parsePatch(patch: string): FileChange[] {
  const changes: FileChange[] = []
  let current:
    | {header: string; oldPath?: string; newPath?: string; added: boolean; deleted: boolean; lines: Set<number>}
    | undefined
  let oldLeft = 0
  let newLeft = 0
  let newLine = 0
  const finish = () => {
    if (!current) return
    const path = current.newPath ?? current.oldPath ?? headerPath(current.header)
    if (path !== undefined) {
      const oldPath = current.oldPath !== undefined && current.oldPath !== path ? current.oldPath : undefined
      changes.push({
        path,
        ...(oldPath === undefined ? {} : {oldPath}),
        deleted: current.deleted,
        lines: current.added ? 'all' : current.lines,
      })
    }
    current = undefined
  }
  for (const line of patch.split('\n')) {
    if (current && (oldLeft > 0 || newLeft > 0)) {
      const marker = line[0]
      if (marker === '+') {
        current.lines.add(newLine++)
        newLeft--
      } else if (marker === '-') {
        oldLeft--
      } else if (marker === ' ' || line === '') {
        newLine++
        newLeft--
        oldLeft--
      }
      // `\ No newline at end of file` counts for nothing.
      continue
    }
    if (line.startsWith('diff --git ')) {
      finish()
      current = {header: line.slice('diff --git '.length), added: false, deleted: false, lines: new Set()}
      continue
    }
    if (!current) continue
    if (line.startsWith('@@ ')) {
      const match = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line)
      if (!match) continue
      oldLeft = match[1] === undefined ? 1 : Number(match[1])
      newLine = Number(match[2])
      newLeft = match[3] === undefined ? 1 : Number(match[3])
    } else if (line.startsWith('new file mode ')) {
      current.added = true
    } else if (line.startsWith('deleted file mode ')) {
      current.deleted = true
    } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      current.newPath = unquote(line.slice(line.indexOf(' to ') + 4))
    } else if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
      current.oldPath = unquote(line.slice(line.indexOf(' from ') + 6))
    } else if (line.startsWith('--- ')) {
      const path = patchPath(line.slice(4), 'a/')
      if (path === undefined) current.added = true
      else current.oldPath = path
    } else if (line.startsWith('+++ ')) {
      const path = patchPath(line.slice(4), 'b/')
      if (path === undefined) current.deleted = true
      else current.newPath = path
    }
  }
  finish()
  return changes
}

// `b/docs/a b.md\t` (git adds a tab after a name with a space), `"b/caf\303\251.md"`, `/dev/null`.
function patchPath(text: string, prefix: string): string | undefined {
  if (text === '/dev/null') return undefined
  const name = text.startsWith('"') ? unquote(text) : text.replace(/\t$/, '')
  return name.startsWith(prefix) ? name.slice(prefix.length) : name
}

// `a/x b/x` with no ---/+++ lines (a mode change, a binary file): the two halves are equal.
function headerPath(header: string): string | undefined {
  if (header.startsWith('"')) {
    const end = quotedEnd(header)
    const second = header.slice(end + 1).trim()
    const name = second.startsWith('"') ? unquote(second) : second
    return name.startsWith('b/') ? name.slice(2) : name
  }
  const half = (header.length - 1) / 2
  const name = header.slice(half + 1)
  return name.startsWith('b/') ? name.slice(2) : undefined
}

function quotedEnd(text: string): number {
  for (let index = 1; index < text.length; index++) {
    if (text[index] === '\\') index++
    else if (text[index] === '"') return index
  }
  return text.length
}

/** Undoes git's C-style quoting of a path (`"a\"b\303\251"`); returns other text as it is. */
export function unquote(text: string): string {
  if (!text.startsWith('"')) return text
  const bytes: number[] = []
  const end = quotedEnd(text)
  for (let index = 1; index < end; index++) {
    const char = text[index]!
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'))
      continue
    }
    const next = text[++index] ?? ''
    if (/[0-7]/.test(next)) {
      const octal = text.slice(index, index + 3)
      bytes.push(Number.parseInt(octal, 8))
      index += octal.length - 1
      continue
    }
    const escapes: Record<string, number> = {a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13}
    bytes.push(escapes[next] ?? next.charCodeAt(0))
  }
  return Buffer.from(bytes).toString('utf8')
}

async function gitOrFail(cwd: string, args: string[], input?: string): Promise<string> {
  try {
    return await git(cwd, args, input)
  } catch (error) {
    if (error instanceof DocgapError) throw error
    const reason = (error as Error).message.split('\n')[0]!.replace(/^(?:fatal|error): /, '')
    throw new DocgapError(`git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? ''}: ${reason}`)
  }
}

async function tryGit(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const output = (await git(cwd, args)).trim()
    return output === '' ? undefined : output
  } catch (error) {
    if (error instanceof DocgapError) throw error
    return undefined
  }
}

/**
 * Runs git and resolves with its standard output (UTF-8). A missing git is a DocgapError; a
 * failing command rejects with an Error carrying git's message.
 */
function git(cwd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      'git',
      args,
      {cwd, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024, env: {...process.env, GIT_OPTIONAL_LOCKS: '0'}},
      (error, stdout, stderr) => {
        if (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(
              existsSync(cwd)
                ? new DocgapError('git: not found; --changed and --staged need git on the PATH')
                : new DocgapError(`${cwd}: no such directory`),
            )
          } else {
            reject(new Error(stderr.toString('utf8').trim() || error.message))
          }
          return
        }
        resolvePromise(stdout.toString('utf8'))
      },
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}
