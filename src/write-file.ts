/**
 * Files docgap writes (reports, cache, baseline) are written whole or not at all, and never in
 * place of something that is not docgap's: a page it lints, a device, a file of another kind.
 */
import {randomBytes} from 'node:crypto'
import {
  lstatSync,
  openSync,
  readSync,
  closeSync,
  writeSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs'
import {chmod, chown, rename, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {DocgapError, describeIoError} from './errors.js'
import {markdownFamily} from './files.js'

/** What an output file holds: what may be found at its path and written over. */
export type OutputKind = 'cache' | 'baseline' | 'report-html' | 'report-json' | 'output'

export interface Output {
  /** Absolute path. */
  path: string
  /** As the user gave it. */
  display: string
  /** The option that names it, for messages (`--cache-location`, `-o`). */
  option: string
  kind: OutputKind
}

/** Where writing to a path lands: a regular file (existing or not), or a stream written in place. */
export interface OutputTarget {
  /** The file written: the path with every symbolic link followed. */
  path: string
  /** A device, FIFO or `/dev/stdout`: written through, never replaced. */
  stream: boolean
  /** The existing regular file, when there is one. */
  stats?: Stats
  /** For `/proc/self/fd/N` and `/dev/fd/N`: N, written to directly when the path cannot be opened (a socket). */
  descriptor?: number
}

// Linux keeps at most 40 links in one path; more is a loop.
const maxLinks = 40

/**
 * Follows symbolic links one at a time, so that a dangling link leads to the file it names and
 * `/dev/stdout` (a link to `/proc/self/fd/1`, itself a link to a pipe or a terminal) is written
 * through rather than replaced.
 */
export function resolveOutput(path: string): OutputTarget {
  let current = resolve(path)
  for (let hops = 0; hops <= maxLinks; hops++) {
    // `/proc/self/fd/N` and `/dev/fd/N` name an open file: writing through them is writing to it.
    const open = /^\/(?:proc\/(self|\d+)\/fd|dev\/fd)\/(\d+)$/.exec(current)
    if (open) {
      const own = open[1] === undefined || open[1] === 'self' || Number(open[1]) === process.pid
      return {path: current, stream: true, descriptor: own ? Number(open[2]) : undefined}
    }
    let stats: Stats
    try {
      stats = lstatSync(current)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {path: realFolder(current), stream: false}
      throw error
    }
    if (stats.isSymbolicLink()) {
      current = resolve(dirname(current), readlinkSync(current))
      continue
    }
    if (stats.isFile()) return {path: realFolder(current), stream: false, stats}
    if (stats.isCharacterDevice() || stats.isFIFO() || stats.isSocket()) return {path: current, stream: true}
    const error = new Error(stats.isDirectory() ? 'is a directory' : 'is not a regular file') as NodeJS.ErrnoException
    error.code = stats.isDirectory() ? 'EISDIR' : 'EINVAL'
    throw error
  }
  const error = new Error('too many levels of symbolic links') as NodeJS.ErrnoException
  error.code = 'ELOOP'
  throw error
}

/** The path with its folder's links resolved, so that two names of one file compare equal. */
function realFolder(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path))
  } catch {
    return path
  }
}

/**
 * Checked before any page is linted: each output lands on its own file, on no page of the run,
 * and over nothing but a file of its own kind. Any problem is one DocgapError naming the path.
 */
export function checkOutputs(outputs: Output[], lintedPaths: Iterable<string>): void {
  const targets = new Map<string, Output>()
  let linted: Set<string> | undefined
  for (const output of outputs) {
    let target: OutputTarget
    try {
      target = resolveOutput(output.path)
    } catch (error) {
      throw new DocgapError(`${output.display}: cannot write ${output.option} here: ${describeIoError(error)}`)
    }
    if (target.stream) continue
    const same = targets.get(target.path)
    if (same) {
      throw new DocgapError(
        `${output.display}: ${same.option} and ${output.option} both write to this file; give each its own path`,
      )
    }
    targets.set(target.path, output)
    linted ??= new Set([...lintedPaths].flatMap((path) => [resolve(path), realPath(path)]))
    if (linted.has(target.path) || linted.has(resolve(output.path))) {
      throw new DocgapError(`${output.display}: refusing to write ${output.option} over a page this run lints`)
    }
    if (output.kind === 'output' && isMarkdownPath(target.path)) {
      throw new DocgapError(
        `${output.display}: refusing to write ${output.option} over a Markdown page; choose another file name`,
      )
    }
    if (target.stats && target.stats.size > 0 && !holdsKind(target.path, output.kind)) {
      throw new DocgapError(
        `${output.display}: refusing to write ${output.option} over a file that is not ${kindNames[output.kind]}; move it or choose another path`,
      )
    }
  }
}

const kindNames: Record<OutputKind, string> = {
  cache: 'a docgap cache',
  baseline: 'a docgap baseline',
  'report-html': 'a docgap report',
  'report-json': 'a docgap JSON report',
  output: 'docgap output',
}

/** Whether the start of the file looks like what docgap writes for this kind of output. */
function holdsKind(path: string, kind: OutputKind): boolean {
  if (kind === 'output') return true
  const head = readHead(path, 64 * 1024).replace(/^\uFEFF/, '')
  switch (kind) {
    // `{"format":1,"key":…`: any version's cache, even one cut short, is a cache to rebuild.
    case 'cache':
      return /^\s*\{\s*"format"\s*:\s*\d+\s*,\s*"key"\s*:/.test(head)
    case 'baseline':
      return /^\s*\{/.test(head) && /"version"\s*:/.test(head) && /"files"\s*:/.test(head)
    case 'report-json':
      return /^\s*\{[\s\S]{0,200}?"format"\s*:\s*"docgap-report"/.test(head)
    case 'report-html':
      return /^\s*<!DOCTYPE html>/i.test(head) && head.includes('<meta name="generator" content="docgap ')
  }
}

function readHead(path: string, bytes: number): string {
  const buffer = Buffer.alloc(bytes)
  const descriptor = openSync(path, 'r')
  try {
    return buffer.toString('utf8', 0, readSync(descriptor, buffer, 0, bytes, 0))
  } finally {
    closeSync(descriptor)
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

function isMarkdownPath(path: string): boolean {
  const dot = path.lastIndexOf('.')
  return dot > path.lastIndexOf('/') && markdownFamily.includes(path.slice(dot + 1).toLowerCase())
}

/**
 * Writes the file whole: to a temporary file in the target's folder, renamed over the target, so
 * that a reader, or a run cut short, never sees half a file, and a failed write leaves the old
 * file as it was. A symbolic link is followed and its target written; an existing file keeps its
 * mode (and, as root, its owner). A device, FIFO or `/dev/stdout` is written through, in place.
 */
export async function writeFileAtomic(path: string, text: string | Iterable<string>, display = path): Promise<void> {
  let target: OutputTarget
  try {
    target = resolveOutput(path)
  } catch (error) {
    throw new DocgapError(`${display}: cannot write file: ${describeIoError(error)}`)
  }
  if (target.stream) {
    try {
      await writeFile(target.path, chunked(text), {flag: 'w'}).catch(async (error: NodeJS.ErrnoException) => {
        // A socket (as a parent process's pipe often is) cannot be opened by name: write to the descriptor.
        if (error.code !== 'ENXIO' || target.descriptor === undefined) throw error
        await writeToDescriptor(target.descriptor, text)
      })
    } catch (error) {
      throw new DocgapError(`${display}: cannot write file: ${describeIoError(error)}`)
    }
    return
  }
  const temporary = join(
    dirname(target.path),
    `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  )
  try {
    const existing = target.stats ? statSync(target.path, {throwIfNoEntry: false}) : undefined
    // Created with the old file's mode: a 0600 file's content is never readable by others, even briefly.
    // Chunks are written as they are made: a large report is never one string in memory.
    await writeFile(temporary, chunked(text), {flag: 'wx', mode: existing ? existing.mode & 0o7777 : 0o666})
    if (existing) {
      await chmod(temporary, existing.mode & 0o7777)
      if (process.getuid?.() === 0) await chown(temporary, existing.uid, existing.gid).catch(() => {})
    }
    await rename(temporary, target.path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw new DocgapError(`${display}: cannot write file: ${describeIoError(error)}`)
  }
}

async function writeToDescriptor(descriptor: number, text: string | Iterable<string>): Promise<void> {
  const stream = descriptor === 1 ? process.stdout : descriptor === 2 ? process.stderr : undefined
  for (const chunk of chunked(text)) {
    if (!stream) writeSync(descriptor, chunk)
    else
      await new Promise<void>((resolveWrite, reject) =>
        stream.write(chunk, (error) => (error ? reject(error) : resolveWrite())),
      )
  }
}

function chunked(text: string | Iterable<string>): Iterable<string> {
  return typeof text === 'string' ? [text] : batched(text)
}

/** Chunks joined into pieces of about 64 KB: fewer writes than one per chunk, never the whole text. */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let pending = ''
  for (const chunk of chunks) {
    pending += chunk
    if (pending.length >= size) {
      yield pending
      pending = ''
    }
  }
  if (pending) yield pending
}
