/**
 * File discovery: positional paths, directories and globs → the Markdown and MDX files to lint,
 * with `.gitignore`, `.docgapignore` and the configuration's `ignores` honoured. A walk that
 * passes over Markdown files of other extensions says so, so that no site is skipped unseen.
 */
import {existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync} from 'node:fs'
import {readTextFile} from './source.js'
import {dirname, isAbsolute, join, relative, resolve, sep} from 'node:path'
import ignore, {type Ignore} from 'ignore'
import {DocgapError, describeIoError} from './errors.js'
import {generators} from './generators/index.js'

/** What folder walks, globs and `--changed`/`--staged` read when the config names no `extensions`. */
export const defaultExtensions = [...new Set(generators.flatMap((profile) => profile.extensions))]
/** Markdown under other names: a walk that skips some says how many and how to include them. */
export const markdownFamily = [
  'md',
  'markdown',
  'mdx',
  'mdown',
  'mkd',
  'mkdn',
  'mdwn',
  'mdtxt',
  'mdtext',
  'markdoc',
  'mdoc',
]
const ignoreFileNames = ['.gitignore', '.docgapignore']
// Never documentation, and often huge.
const alwaysSkipped = ['**/node_modules/**', '**/.git/**']

export interface DiscoveryOptions {
  cwd: string
  /** False with `--no-ignore`: ignore files and `ignores` are not read. */
  useIgnores: boolean
  /** The configuration's `ignores`, relative to `ignoresBase`. */
  ignores: string[]
  ignoresBase: string
  /** The configuration's `extensions`, lower case, without dots; default `defaultExtensions`. */
  extensions?: string[]
}

export interface FoundFile {
  /** Absolute path. */
  path: string
  /** Path as given on the command line, or relative to the working directory. */
  display: string
}

export interface Discovery {
  files: FoundFile[]
  /** Things the user should know but that do not stop the run. */
  warnings: string[]
  /** Paths that cannot be read (a broken link, an unreadable folder): reported, the rest linted, exit 2 at the end. */
  errors: string[]
}

interface IgnoreScope {
  folder: string
  matcher: Ignore
  source: string
}

export async function discoverFiles(args: string[], options: DiscoveryOptions): Promise<Discovery> {
  const {cwd} = options
  const warnings: string[] = []
  const errors: string[] = []
  const found = new Map<string, FoundFile>()
  const explicit: FoundFile[] = []
  const walkedFolders: string[] = []
  const walked: string[] = []
  const ignoreFiles = new Set<string>()
  const extensions = options.extensions ?? defaultExtensions
  const patterns = [...new Set([...extensions, ...markdownFamily])].map((extension) => `**/*.${extension}`)
  /** Markdown-like files a walk or glob found but `extensions` leaves out. */
  const skipped: string[] = []
  const keep = (paths: string[]): string[] => {
    const kept: string[] = []
    for (const path of paths) (hasExtension(path, extensions) ? kept : skipped).push(path)
    return kept
  }

  for (const arg of args) {
    const absolute = resolve(cwd, arg)
    let stats
    try {
      stats = statSync(absolute)
    } catch (error) {
      // tinyglobby is loaded only to walk folders or expand globs: a hook naming files needs neither.
      const {isDynamicPattern} = await import('tinyglobby')
      if (isDynamicPattern(arg)) {
        const matches = await walk(cwd, [arg], ignoreFiles)
        const markdown = keep(
          matches.filter((path) => hasExtension(path, markdownFamily) || hasExtension(path, extensions)),
        )
        if (markdown.length === 0)
          throw new DocgapError(`${arg}: no ${describeExtensions(extensions)} files match this pattern`)
        walked.push(...markdown)
        if (!walkedFolders.includes(cwd)) walkedFolders.push(cwd)
        continue
      }
      errors.push(`${arg}: ${describeMissing(absolute, arg, error)}`)
      continue
    }
    if (stats.isDirectory()) {
      try {
        readdirSync(absolute)
      } catch (error) {
        errors.push(`${arg}: cannot read folder: ${describeIoError(error)}`)
        continue
      }
      const markdown = keep(await walk(absolute, patterns, ignoreFiles))
      if (markdown.length === 0)
        throw new DocgapError(`${arg}: no ${describeExtensions(extensions)} files in this folder`)
      walked.push(...markdown)
      walkedFolders.push(absolute)
    } else {
      explicit.push({path: absolute, display: arg})
    }
  }

  const scopes = options.useIgnores ? await loadIgnoreScopes(cwd, walkedFolders, explicit, ignoreFiles, options) : []
  const isIgnored = (path: string) => ignoredBy(scopes, path)

  // A page reached twice through a linked folder (a link to a parent makes a loop) is linted once.
  const reached = new Set<string>()
  // Shortest first: the path through no link is the one shown.
  walked.sort((a, b) => a.length - b.length || compare(a, b))
  for (const path of walked) {
    if (found.has(path) || hasHiddenPart(path, cwd) || isIgnored(path)) continue
    const display = toPosix(relative(cwd, path))
    let real: string
    try {
      real = realpathSync(path)
    } catch (error) {
      // The walk decodes names as UTF-8: a name that is not cannot be opened by the name it gives.
      errors.push(`${display}: ${describeMissing(path, display, error)}`)
      continue
    }
    if (reached.has(real)) continue
    reached.add(real)
    found.set(path, {path, display})
  }
  const notRead = new Map<string, number>()
  for (const path of new Set(skipped)) {
    if (found.has(path) || hasHiddenPart(path, cwd) || isIgnored(path)) continue
    const extension = path.slice(path.lastIndexOf('.')).toLowerCase()
    notRead.set(extension, (notRead.get(extension) ?? 0) + 1)
  }
  if (notRead.size > 0) warnings.push(skippedWarning(notRead, extensions))
  for (const file of explicit) {
    if (found.has(file.path)) continue
    const reason = isIgnored(file.path)
    if (reason)
      warnings.push(
        `${file.display}: linted although ${reason} ignores it, because it was named explicitly (use --no-ignore to silence this)`,
      )
    found.set(file.path, file)
  }
  return {files: [...found.values()].sort((a, b) => compare(a.display, b.display)), warnings, errors}
}

/** Why a path that does not stat cannot be read, said more precisely than "no such file". */
function describeMissing(path: string, display: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    if (display.includes('\uFFFD')) {
      return 'cannot read file: its name is not valid UTF-8, and docgap reads file names as UTF-8 (rename the file)'
    }
    try {
      const link = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined
      if (link !== undefined) return `broken symbolic link (its target ${link} does not exist)`
    } catch {
      // Not there at all: say so as for any other path.
    }
  }
  return describeIoError(error)
}

/**
 * Why a file would be ignored (the ignore file or config that ignores it), or undefined. For a
 * path that need not exist, such as `--stdin-filename`.
 */
export async function ignoreReason(path: string, options: DiscoveryOptions): Promise<string | undefined> {
  if (!options.useIgnores) return undefined
  const absolute = resolve(options.cwd, path)
  const scopes = await loadIgnoreScopes(options.cwd, [], [{path: absolute, display: path}], new Set(), options)
  return ignoredBy(scopes, absolute)
}

async function walk(folder: string, patterns: string[], ignoreFiles: Set<string>): Promise<string[]> {
  const names = ignoreFileNames.map((name) => `**/${name}`)
  const {glob} = await import('tinyglobby')
  const paths = await glob([...patterns, ...names], {
    cwd: folder,
    absolute: true,
    dot: true,
    ignore: alwaysSkipped,
    followSymbolicLinks: true,
  })
  const files: string[] = []
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1)
    if (ignoreFileNames.includes(base)) ignoreFiles.add(resolve(path))
    else files.push(resolve(path))
  }
  return files
}

/** Whether the file name ends in one of these extensions (lower case, without dots). */
export function hasExtension(path: string, extensions: readonly string[]): boolean {
  const dot = path.lastIndexOf('.')
  return dot !== -1 && !path.slice(dot).includes('/') && extensions.includes(path.slice(dot + 1).toLowerCase())
}

function describeExtensions(extensions: string[]): string {
  const same =
    extensions.length === defaultExtensions.length &&
    extensions.every((extension) => defaultExtensions.includes(extension))
  return same ? 'Markdown or MDX' : extensions.map((extension) => `.${extension}`).join('/')
}

// One line, however many files: `12 files not linted (.mkd: 10, .mdoc: 2) …`.
function skippedWarning(counts: Map<string, number>, extensions: string[]): string {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0)
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
  const list = sorted.map(([extension, count]) => `${extension}: ${count}`)
  const wanted = [...extensions, ...sorted.map(([extension]) => extension.slice(1))]
  return (
    `${total} ${total === 1 ? 'file' : 'files'} not linted (${list.join(', ')}): their extensions are not in \`extensions\` ` +
    `(${extensions.join(', ')}); to lint them, set "extensions": ${JSON.stringify(wanted)} in the docgap config`
  )
}

// Hidden files and folders (`.github/`, `.vale/`) are skipped in walks unless named explicitly.
function hasHiddenPart(path: string, cwd: string): boolean {
  const rel = relative(cwd, path)
  const parts = (rel.startsWith('..') || isAbsolute(rel) ? path : rel).split(sep)
  return parts.some((part) => part.startsWith('.') && part !== '.' && part !== '..')
}

async function loadIgnoreScopes(
  cwd: string,
  walkedFolders: string[],
  explicit: FoundFile[],
  ignoreFiles: Set<string>,
  options: DiscoveryOptions,
): Promise<IgnoreScope[]> {
  // Ignore files in the folders above each linted tree or file, up to the repository root.
  const starts = [...walkedFolders, ...explicit.map((file) => dirname(file.path))]
  for (const start of new Set(starts)) {
    let folder = start
    for (;;) {
      for (const name of ignoreFileNames) {
        const path = join(folder, name)
        if (existsSync(path)) ignoreFiles.add(path)
      }
      const parent = dirname(folder)
      if (parent === folder || existsSync(join(folder, '.git'))) break
      folder = parent
    }
  }
  const scopes: IgnoreScope[] = []
  for (const path of ignoreFiles) {
    let text: string
    try {
      text = readTextFile(path)
    } catch (error) {
      throw new DocgapError(`${toPosix(relative(cwd, path))}: cannot read ignore file: ${describeIoError(error)}`)
    }
    scopes.push({folder: dirname(path), matcher: ignore().add(text), source: toPosix(relative(cwd, path))})
  }
  if (options.ignores.length > 0) {
    const matcher = ignore().add(options.ignores)
    scopes.push({folder: options.ignoresBase, matcher, source: "the config file's `ignores`"})
    // A config file kept outside the docs tree (`--config ../ci/docgap.json`): its patterns apply
    // from the working directory to files outside the config file's folder.
    const fromBase = relative(options.ignoresBase, cwd)
    if (fromBase.startsWith('..') || isAbsolute(fromBase))
      scopes.push({folder: cwd, matcher, source: "the config file's `ignores`"})
  }
  // Outer folders first, so that a deeper ignore file can re-include with `!pattern`.
  return scopes.sort((a, b) => a.folder.length - b.folder.length)
}

/** The ignore file that ignores `path`, or undefined. */
function ignoredBy(scopes: IgnoreScope[], path: string): string | undefined {
  let reason: string | undefined
  for (const scope of scopes) {
    const rel = relative(scope.folder, path)
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) continue
    const result = scope.matcher.test(toPosix(rel))
    if (result.ignored) reason = scope.source
    else if (result.unignored) reason = undefined
  }
  return reason
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
