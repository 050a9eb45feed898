/**
 * Baselines: today's findings recorded in a file, so that a docs tree with hundreds of old
 * findings can adopt docgap and fail only on new ones. An entry is keyed by file, rule and a
 * fingerprint of the offending text and the line it stands on, never by line number, so edits
 * elsewhere in the file do not bring old findings back, while editing the offending line does.
 */
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {readTextFile} from './source.js'
import {posix, relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import {DocgapError, describeIoError} from './errors.js'

export interface BaselineEntry {
  rule: string
  fingerprint: string
  /** The finding's message when it was recorded: for people reading the file, never matched. */
  message: string
}

export interface Baseline {
  version: 1
  /** Paths relative to the baseline file's folder, with forward slashes, sorted. */
  files: Record<string, BaselineEntry[]>
}

/** A baseline entry that no longer occurs. */
export interface FixedEntry extends BaselineEntry {
  path: string
}

export interface ApplyResult {
  /** How many findings the baseline removed from the files. */
  suppressed: number
  /** Entries of the linted (or deleted) files that no longer occur, sorted. */
  fixed: FixedEntry[]
}

type Point = {line: number; column: number}

/**
 * One fingerprint per message of `file.messages`, in the same order: a short SHA-256 of the
 * rule id, the offending text (the message's span, or its whole line when it has no span) and
 * the line it stands on, both with whitespace collapsed, and its occurrence among identical
 * findings of the file.
 */
export function fingerprintFindings(file: VFile): string[] {
  const text = String(file.value ?? '')
  const lines = text.split(/\r\n|\r|\n/)
  const lineStarts: number[] = []
  // Offsets of each line's first character in `text`, to slice spans that cross lines.
  {
    let offset = 0
    for (const line of lines) {
      lineStarts.push(offset)
      offset += line.length
      const rest = text.slice(offset, offset + 2)
      offset += rest.startsWith('\r\n') ? 2 : rest.length > 0 ? 1 : 0
    }
  }
  const offsetOf = (point: Point): number => {
    const index = Math.min(Math.max(point.line, 1), lines.length) - 1
    const line = lines[index] ?? ''
    return lineStarts[index]! + Math.min(Math.max(point.column - 1, 0), line.length)
  }
  const seen = new Map<string, number>()
  return file.messages.map((message) => {
    const rule = String(message.ruleId ?? 'docgap')
    const {start, end} = span(message.place)
    const lineText = start ? (lines[start.line - 1] ?? '') : ''
    let offending = lineText
    if (start && end && (end.line > start.line || (end.line === start.line && end.column > start.column))) {
      offending = text.slice(offsetOf(start), offsetOf(end))
    }
    const key = `${rule}\0${normalise(offending)}\0${normalise(lineText)}`
    const occurrence = seen.get(key) ?? 0
    seen.set(key, occurrence + 1)
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 16)
  })
}

/** The findings of `files` as a baseline whose paths are relative to `baseDir`. */
export function createBaseline(files: VFile[], baseDir: string): Baseline {
  const entries: FixedEntry[] = []
  for (const file of files) {
    const path = baselinePath(file, baseDir)
    const fingerprints = fingerprintFindings(file)
    file.messages.forEach((message, index) => {
      entries.push({
        path,
        rule: String(message.ruleId ?? 'docgap'),
        fingerprint: fingerprints[index]!,
        message: message.reason,
      })
    })
  }
  return fromEntries(entries)
}

/** Stable text for the file: sorted, two-space indented JSON with a final newline. */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(sortBaseline(baseline), null, 2)}\n`
}

/** Reads and checks a baseline file; any problem is one DocgapError line naming `display`. */
export async function readBaseline(path: string, display: string): Promise<Baseline> {
  let text: string
  try {
    text = readTextFile(path)
  } catch (error) {
    throw new DocgapError(`${display}: cannot read baseline: ${describeIoError(error)}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    throw new DocgapError(`${display}: invalid baseline: not JSON (${(error as Error).message})`)
  }
  const fail = (where: string, what: string): never => {
    throw new DocgapError(`${display}: invalid baseline: ${where ? `${where}: ` : ''}${what}`)
  }
  if (!isObject(data)) return fail('', 'expected an object with `version` and `files`')
  if (data.version !== 1) return fail('version', `expected 1, got ${JSON.stringify(data.version) ?? 'nothing'}`)
  if (!isObject(data.files)) return fail('files', 'expected an object mapping file paths to lists of findings')
  const entries: FixedEntry[] = []
  for (const [path, list] of Object.entries(data.files)) {
    const where = `files[${JSON.stringify(path)}]`
    if (path === '') fail(where, 'expected a file path')
    if (!Array.isArray(list)) return fail(where, 'expected a list of findings')
    list.forEach((item: unknown, index) => {
      const at = `${where}[${index}]`
      if (!isObject(item)) return fail(at, 'expected an object with `rule`, `fingerprint` and `message`')
      if (typeof item.rule !== 'string' || item.rule === '') fail(`${at}.rule`, 'expected a rule id')
      if (typeof item.fingerprint !== 'string' || item.fingerprint === '')
        fail(`${at}.fingerprint`, 'expected a string')
      if (item.message !== undefined && typeof item.message !== 'string') fail(`${at}.message`, 'expected a string')
      entries.push({
        path: posix.normalize(path.replace(/\\/g, '/')),
        rule: item.rule as string,
        fingerprint: item.fingerprint as string,
        message: (item.message as string | undefined) ?? '',
      })
    })
  }
  return fromEntries(entries)
}

/**
 * Removes from each file's messages the findings the baseline holds (each entry suppresses at
 * most one finding) and returns the entries that no longer occur. Only entries of files that
 * were linted, or that no longer exist, count as fixed: a file left out of this run keeps its
 * entries. With `rules` (the rule ids that ran), entries of other rules are not fixed either.
 */
export function applyBaseline(
  files: VFile[],
  baseline: Baseline,
  baseDir: string,
  options: {rules?: Iterable<string>} = {},
): ApplyResult {
  const pool = new Map<string, FixedEntry[]>()
  for (const [path, entries] of Object.entries(baseline.files)) {
    for (const entry of entries) {
      const key = entryKey(path, entry.rule, entry.fingerprint)
      const list = pool.get(key)
      if (list) list.push({path, ...entry})
      else pool.set(key, [{path, ...entry}])
    }
  }
  const linted = new Set<string>()
  let suppressed = 0
  for (const file of files) {
    const path = baselinePath(file, baseDir)
    linted.add(path)
    const fingerprints = fingerprintFindings(file)
    file.messages = file.messages.filter((message, index) => {
      const list = pool.get(entryKey(path, String(message.ruleId ?? 'docgap'), fingerprints[index]!))
      if (!list || list.length === 0) return true
      list.pop()
      suppressed++
      return false
    })
  }
  const rules = options.rules ? new Set(options.rules) : undefined
  const fixed: FixedEntry[] = []
  const gone = new Map<string, boolean>()
  for (const list of pool.values()) {
    for (const entry of list) {
      let deleted = gone.get(entry.path)
      if (deleted === undefined && !linted.has(entry.path)) {
        deleted = !existsSync(resolve(baseDir, ...entry.path.split('/')))
        gone.set(entry.path, deleted)
      }
      if (deleted || (linted.has(entry.path) && (!rules || rules.has(entry.rule)))) fixed.push(entry)
    }
  }
  fixed.sort(compareEntries)
  return {suppressed, fixed}
}

/** The baseline without the fixed entries (each removes one matching entry). */
export function pruneBaseline(
  baseline: Baseline,
  fixed: ReadonlyArray<Pick<FixedEntry, 'path' | 'rule' | 'fingerprint'>>,
): Baseline {
  const remove = new Map<string, number>()
  for (const entry of fixed) {
    const key = entryKey(entry.path, entry.rule, entry.fingerprint)
    remove.set(key, (remove.get(key) ?? 0) + 1)
  }
  const kept: FixedEntry[] = []
  for (const [path, entries] of Object.entries(baseline.files)) {
    for (const entry of entries) {
      const key = entryKey(path, entry.rule, entry.fingerprint)
      const count = remove.get(key) ?? 0
      if (count > 0) remove.set(key, count - 1)
      else kept.push({path, ...entry})
    }
  }
  return fromEntries(kept)
}

/** A file's key in a baseline: its path relative to `baseDir`, with forward slashes. */
export function baselinePath(file: VFile, baseDir: string): string {
  const absolute = resolve(file.cwd, file.path ?? '')
  return relative(resolve(baseDir), absolute).split(sep).join('/')
}

function span(place: VFile['messages'][number]['place']): {start?: Point; end?: Point} {
  if (!place) return {}
  if ('start' in place) return {start: validPoint(place.start), end: validPoint(place.end)}
  return {start: validPoint(place)}
}

function validPoint(point: Partial<Point> | undefined): Point | undefined {
  return point && typeof point.line === 'number' && typeof point.column === 'number' && point.line >= 1
    ? {line: point.line, column: point.column}
    : undefined
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function entryKey(path: string, rule: string, fingerprint: string): string {
  return `${path}\0${rule}\0${fingerprint}`
}

function fromEntries(entries: FixedEntry[]): Baseline {
  // No prototype: a path such as `__proto__` in a hand-edited file is just a key.
  const files = Object.create(null) as Record<string, BaselineEntry[]>
  for (const {path, rule, fingerprint, message} of [...entries].sort(compareEntries)) {
    ;(files[path] ??= []).push({rule, fingerprint, message})
  }
  return {version: 1, files}
}

function sortBaseline(baseline: Baseline): Baseline {
  return fromEntries(
    Object.entries(baseline.files).flatMap(([path, entries]) => entries.map((entry) => ({path, ...entry}))),
  )
}

// Code-unit order, not the locale's: the file must sort the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareEntries(a: FixedEntry, b: FixedEntry): number {
  return (
    compare(a.path, b.path) ||
    compare(a.rule, b.rule) ||
    compare(a.fingerprint, b.fingerprint) ||
    compare(a.message, b.message)
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
