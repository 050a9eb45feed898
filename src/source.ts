/**
 * From bytes on disk to text a rule can read, or a clear reason why not: binary data, a size
 * beyond the limit, text that is not UTF-8. Runs before parsing, so that no input can make the
 * parser hang, exhaust memory, or quietly lint garbage.
 */

import {closeSync, constants, fstatSync, openSync, readSync, type Stats} from 'node:fs'

/** The largest file linted by default: 3.5 times the largest page in the real docs trees we test on. */
export const defaultMaxFileSize = 2 * 1024 * 1024

export interface SourceProblem {
  reason: string
  line: number
  column: number
  /** An error stops the file from being linted; a warning goes with its findings. */
  fatal: boolean
}

export interface Source {
  /** The text to lint; undefined when the file cannot be linted. */
  value?: string
  problems: SourceProblem[]
}

/**
 * `size`: the file's whole size when `bytes` is only its start (see `readRegularFile`); with
 * `Infinity`, the size is unknown (standard input read up to the limit).
 */
export function decodeSource(bytes: Uint8Array, maxFileSize = defaultMaxFileSize, size = bytes.length): Source {
  if (size > maxFileSize || bytes.length > maxFileSize) {
    const what = Number.isFinite(size) ? `it is ${formatSize(size)},` : 'it is'
    return problem(
      `Cannot lint file: ${what} larger than the limit of ${formatSize(maxFileSize)} (set --max-file-size to lint it)`,
    )
  }
  // UTF-16 with a byte order mark, as some Windows editors save.
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return {value: new TextDecoder('utf-16le').decode(bytes.subarray(2)), problems: []}
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return {value: new TextDecoder('utf-16be').decode(bytes.subarray(2)), problems: []}
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    const {line, column} = pointAt(bytes, nul)
    return problem(
      `Cannot lint file: it holds binary data (a NUL byte at line ${line}, column ${column}), expected Markdown text`,
    )
  }
  try {
    return {value: new TextDecoder('utf-8', {fatal: true}).decode(bytes), problems: []}
  } catch {
    // Lint it anyway, as a reader's browser would show it, and say where the bad bytes are.
    const value = new TextDecoder('utf-8').decode(bytes)
    const index = value.indexOf('\uFFFD')
    const before = value.slice(0, Math.max(index, 0))
    const line = before.split('\n').length
    const column = index - before.lastIndexOf('\n')
    return {
      value,
      problems: [
        {
          reason: 'Unexpected bytes that are not UTF-8, expected UTF-8 text (they are read as `\uFFFD`)',
          line,
          column,
          fatal: false,
        },
      ],
    }
  }
}

export interface ReadResult {
  /** The file's bytes, or only its first `limit + 1` when it is larger. */
  bytes: Uint8Array
  /** Its whole size as far as known: at least `bytes.length`. */
  size: number
}

/**
 * Reads a regular file, at most `limit + 1` bytes of it: a device (`/dev/zero`), a FIFO or a
 * socket is refused before anything is read, and opening never blocks (O_NONBLOCK), so that no
 * path can make docgap hang or read without end. Throws an Error with a `code`, as `fs` does.
 */
export function readRegularFile(path: string, limit: number): ReadResult {
  const descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const stats = fstatSync(descriptor)
    if (!stats.isFile()) {
      const error = new Error(
        `not a regular file (${describeFileType(stats)}), expected a Markdown file`,
      ) as NodeJS.ErrnoException
      error.code = stats.isDirectory() ? 'EISDIR' : 'ENOTREG'
      throw error
    }
    // Files in /proc say 0 bytes, and a file may grow while it is read: read until the end or the limit.
    const wanted = Math.min(limit + 1, Math.max(stats.size, 64 * 1024))
    let buffer = Buffer.allocUnsafe(wanted)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) break
        const larger = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2))
        buffer.copy(larger, 0, 0, length)
        buffer = larger
      }
      const read = readSync(descriptor, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
    }
    return {bytes: buffer.subarray(0, length), size: Math.max(stats.size, length)}
  } finally {
    closeSync(descriptor)
  }
}

function describeFileType(stats: Stats): string {
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isSocket()) return 'a socket'
  if (stats.isDirectory()) return 'a directory'
  return 'not a file'
}

/** Cache, baseline and report files: generous, and still far below what a JavaScript string holds. */
export const maxStateFileSize = 256 * 1024 * 1024

/** A regular file's text, read as `readRegularFile` does; a file over `limit` bytes is an error. */
export function readTextFile(path: string, limit = maxStateFileSize): string {
  const {bytes, size} = readRegularFile(path, limit)
  if (size > limit) {
    const error = new Error(
      `file too large (${formatSize(size)}, more than ${formatSize(limit)})`,
    ) as NodeJS.ErrnoException
    error.code = 'EFBIG'
    throw error
  }
  return Buffer.from(bytes).toString('utf8')
}

/** A page's text from a file, decoded, or why it cannot be linted; throws when it cannot be read. */
export function readSource(path: string, maxFileSize: number): Source {
  const {bytes, size} = readRegularFile(path, maxFileSize)
  return decodeSource(bytes, maxFileSize, size)
}

function problem(reason: string): Source {
  return {problems: [{reason, line: 1, column: 1, fatal: true}]}
}

function pointAt(bytes: Uint8Array, offset: number): {line: number; column: number} {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++
      lineStart = index + 1
    }
  }
  return {line, column: offset - lineStart + 1}
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`
  return `${bytes} bytes`
}

/** `--max-file-size`: bytes, or a number with kb/mb/gb. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim())
  if (!match) return undefined
  const units: Record<string, number> = {
    b: 1,
    k: 1024,
    kb: 1024,
    m: 1024 ** 2,
    mb: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1024 ** 3,
  }
  return Math.round(Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()]!)
}

/** Deeper than this, a file is not parsed: see `tooDeeplyNested`. */
export const maxNesting = 100
/**
 * Longer than this, a file is not parsed: micromark holds about 20 KB of events a line while
 * parsing, so a 200,000-line list needed over 3 GB. Five times the longest page in the docs
 * trees we test on.
 */
export const maxLines = 30_000

/** Why this text cannot be parsed in bounded time and memory, or undefined when it can. */
export function parseProblem(text: string): {reason: string; line: number} | undefined {
  let lines = 1
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++
  if (lines > maxLines) {
    return {
      reason: `Cannot lint file: it has ${lines.toLocaleString('en-US')} lines, more than the limit of ${maxLines.toLocaleString('en-US')}`,
      line: 1,
    }
  }
  const deepLine = tooDeeplyNested(text, maxNesting)
  if (deepLine !== undefined) {
    return {
      reason: `Cannot lint file: its lists or block quotes nest more than ${maxNesting} levels deep, expected at most ${maxNesting}`,
      line: deepLine,
    }
  }
  const nesting = containerLines(text)
  if (nesting > maxContainerLines) {
    return {
      reason: `Cannot lint file: its lines lie ${nesting.toLocaleString('en-US')} list or block quote levels deep in all, more than the limit of ${maxContainerLines.toLocaleString('en-US')} (nest less, or split the page)`,
      line: 1,
    }
  }
  const cells = tableCells(text)
  if (cells.count > maxTableCells) {
    return {
      reason: `Cannot lint file: its tables have ${cells.count.toLocaleString('en-US')} cells, more than the limit of ${maxTableCells.toLocaleString('en-US')} (split the tables or the page)`,
      line: cells.line,
    }
  }
  const run = longDelimiterRun(text)
  if (run) {
    return {
      reason: `Cannot lint file: ${run.length.toLocaleString('en-US')} emphasis markers in a row, more than the limit of ${maxDelimiterRun}`,
      line: run.line,
    }
  }
  const inline = inlineNesting(text)
  if (inline) {
    return {
      reason: `Cannot lint file: its emphasis and links nest ${inline.depth.toLocaleString('en-US')} deep in one paragraph, more than the limit of ${maxInlineNesting}`,
      line: inline.line,
    }
  }
  return undefined
}

/**
 * Each line's list and block quote depth, added up: micromark does work for every open
 * container on every line, so 2 MB of block quotes 99 deep took 17 s and 3.2 GB. The real docs
 * trees we test on reach 3,900 (a 580 KB changelog).
 */
export const maxContainerLines = 100_000
/**
 * Cells of GFM tables (counted as their pipes): a table costs time and memory for every cell, so
 * a 1 MB table took 31 s and 3.4 GB, and one of 20,000 columns ran out of memory. The real docs
 * trees we test on reach 800 cells on a page.
 */
export const maxTableCells = 20_000
/**
 * A run of `*` or `_` inside a line longer than this nests emphasis as deep (10,000 deep took
 * 44 s to parse and overflowed the stack of rules that walk the tree). A line of nothing but
 * markers is a thematic break, not emphasis, and is not counted.
 */
export const maxDelimiterRun = 100

/**
 * Emphasis and links nested inside each other in one paragraph, written as many short runs
 * (`*a **b *c …` closed in turn, `*[a *[b …](u)* ](u)*`): micromark resolves each closer against
 * every opener still open, so 2,000 levels took 4 s and 10,000 did not finish. Real docs nest
 * two or three.
 */
export const maxInlineNesting = 100

/**
 * How deep emphasis and links nest in the deepest paragraph, when deeper than the limit: a
 * linear estimate that pairs each closing run (`*`/`_` after text, `]`) with the last opening one
 * (`*`/`_` before text, `[`) of the same paragraph; code spans and fenced code are skipped.
 */
function inlineNesting(text: string): {depth: number; line: number} | undefined {
  if (!/[*_[]/.test(text)) return undefined
  let open = 0
  let line = 1
  let inCode = false
  let fence = ''
  let lineStart = true
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index)
    if (lineStart) {
      lineStart = false
      const lineEnd = text.indexOf('\n', index)
      const lineText = text.slice(index, lineEnd === -1 ? text.length : lineEnd)
      const fenceMark = /^[ \t>]*(`{3,}|~{3,})/.exec(lineText)?.[1]
      if (fence) {
        if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = ''
        index += lineText.length - 1
        continue
      }
      if (fenceMark) {
        fence = fenceMark
        index += lineText.length - 1
        continue
      }
      // A blank line ends the paragraph: nothing stays open across it.
      if (/^[ \t\r]*$/.test(lineText)) {
        open = 0
        inCode = false
      }
    }
    if (char === 0x0a) {
      line++
      lineStart = true
      continue
    }
    if (char === 0x60) {
      while (text.charCodeAt(index + 1) === 0x60) index++
      inCode = !inCode
      continue
    }
    if (inCode) continue
    if (char === 0x5b) open++
    else if (char === 0x5d) {
      if (open > maxInlineNesting) return {depth: open, line}
      if (open > 0) open--
    } else if (char === 0x2a || char === 0x5f) {
      let end = index
      while (text.charCodeAt(end + 1) === char) end++
      const before = index === 0 ? 0x20 : text.charCodeAt(index - 1)
      const after = end + 1 >= text.length ? 0x20 : text.charCodeAt(end + 1)
      const textBefore = !isSpace(before)
      const textAfter = !isSpace(after)
      if (textBefore && open > 0) {
        if (open > maxInlineNesting) return {depth: open, line}
        open--
      } else if (textAfter) open++
      index = end
    }
  }
  return undefined
}

function containerLines(text: string): number {
  let total = 0
  const marker = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/gm
  for (const match of text.matchAll(marker)) {
    for (let index = 0; index < match[0].length; index++) {
      const char = match[0].charCodeAt(index)
      // `>`, or a list marker: `-`, `*`, `+`, or the `.`/`)` after an ordered list's number.
      if (char === 0x3e || char === 0x2d || char === 0x2a || char === 0x2b || char === 0x2e || char === 0x29) total++
    }
  }
  return total
}

/** The pipes of the blocks (text between blank lines) that hold a table delimiter row, and the first such block's line. */
function tableCells(text: string): {count: number; line: number} {
  if (!text.includes('|')) return {count: 0, line: 1}
  const delimiterRow = /^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/m
  let count = 0
  let line = 0
  let lineAt = 1
  let start = 0
  const blank = /\n[ \t]*(?=\n)/g
  for (;;) {
    const match = blank.exec(text)
    const end = match ? match.index + 1 : text.length
    const block = text.slice(start, end)
    if (block.includes('|') && delimiterRow.test(block) && /\|/.test(block)) {
      if (!line) line = lineAt
      for (let index = block.indexOf('|'); index !== -1; index = block.indexOf('|', index + 1)) count++
    }
    if (!match) break
    for (let index = text.indexOf('\n', start); index !== -1 && index < end; index = text.indexOf('\n', index + 1))
      lineAt++
    start = end
  }
  return {count, line: line || 1}
}

function longDelimiterRun(text: string): {length: number; line: number} | undefined {
  const run = new RegExp(`[*_]{${maxDelimiterRun + 1},}`, 'g')
  for (const match of text.matchAll(run)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1
    const lineEnd = text.indexOf('\n', match.index)
    const lineText = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd)
    // A thematic break (`*****…`, `_ _ _`): markers and white space only.
    if (/^[ \t*_-]*$/.test(lineText)) continue
    let line = 1
    for (let index = text.indexOf('\n'); index !== -1 && index < match.index; index = text.indexOf('\n', index + 1))
      line++
    return {length: match[0].length, line}
  }
  return undefined
}

/**
 * The first line whose lists or block quotes nest deeper than `limit`, or undefined. micromark
 * does work for every open container on every line, so very deep nesting costs time quadratic
 * in the file's length (a 10,000-deep list did not finish in minutes); real docs nest a few
 * levels.
 */
export function tooDeeplyNested(text: string, limit: number): number | undefined {
  let line = 1
  let start = 0
  while (start <= text.length) {
    let depth = 0
    let index = start
    let indent = 0
    for (;;) {
      const char = text.charCodeAt(index)
      if (char === 0x20) indent++
      else if (char === 0x09) indent += 4
      else if (char === 0x3e)
        depth++ // >
      else if ((char === 0x2d || char === 0x2a || char === 0x2b) && isSpace(text.charCodeAt(index + 1)))
        depth++ // - * +
      else if (char >= 0x30 && char <= 0x39) {
        // An ordered list marker, `1.` or `1)`, or the start of text.
        let end = index
        while (text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++
        const after = text.charCodeAt(end)
        if (end - index > 9 || (after !== 0x2e && after !== 0x29) || !isSpace(text.charCodeAt(end + 1))) break
        depth++
        index = end
      } else break
      index++
    }
    // Indentation before a marker is nesting too: two columns a level at the least.
    if (depth > 0) depth += Math.floor(indent / 2)
    if (depth > limit) return line
    const newline = text.indexOf('\n', start)
    if (newline === -1) break
    start = newline + 1
    line++
  }
  return undefined
}

function isSpace(char: number): boolean {
  return char === 0x20 || char === 0x09 || Number.isNaN(char) || char === 0x0a || char === 0x0d
}
