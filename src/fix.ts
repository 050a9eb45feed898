/**
 * Fixes, the ESLint way: a rule that declares `meta.fixable` may attach one text edit to a
 * finding (`message.fix`); the engine drops any edit that would touch code or template syntax,
 * and `--fix` (or an editor) applies the edits that do not overlap, lints again and repeats.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import type {PlainMessage} from './messages.js'

/** Replace the text from offset `range[0]` up to (not including) `range[1]` of the page with `text`. */
export interface Fix {
  /** Offsets into the page's text as it was parsed (after a byte order mark, if any). */
  range: [number, number]
  text: string
}

declare module 'vfile-message' {
  interface VFileMessage {
    /** A certain edit that resolves the finding; set only by rules whose `meta.fixable` is true. */
    fix?: Fix
  }
}

// Code, front matter, and MDX's JavaScript (ESM, `{expressions}`): text a fix must not change.
const guardedTypes = new Set([
  'code',
  'inlineCode',
  'yaml',
  'toml',
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
])

/** At most this many rounds of fix-and-lint-again, as ESLint does: fixes that keep producing fixes stop. */
export const maxFixPasses = 10

export function isFix(value: unknown): value is Fix {
  if (!value || typeof value !== 'object') return false
  const {range, text} = value as Fix
  return (
    typeof text === 'string' &&
    Array.isArray(range) &&
    range.length === 2 &&
    Number.isInteger(range[0]) &&
    Number.isInteger(range[1]) &&
    range[0] >= 0 &&
    range[0] <= range[1]
  )
}

/**
 * Removes the fixes the engine cannot vouch for: malformed ones, ones past the end of the text,
 * ones that overlap code (fenced, indented or inline), front matter or MDX's ESM and
 * expressions, and ones that touch a
 * template span other than by editing inside the expression of a `{{ }}` output (the variable
 * name, not its delimiters).
 */
export function dropUnsafeFixes(tree: Root, file: VFile, first = 0): void {
  const messages = file.messages.slice(first).filter((message) => message.fix !== undefined)
  if (messages.length === 0) return
  const length = String(file.value).length
  const guarded: Array<[number, number]> = []
  visit(tree, (node) => {
    if (!guardedTypes.has(node.type)) return
    const from = node.position?.start.offset
    const to = node.position?.end.offset
    if (from !== undefined && to !== undefined) guarded.push([from, to])
  })
  const spans = file.data.templateSpans ?? []
  for (const message of messages) {
    const fix = message.fix
    let safe = isFix(fix) && fix.range[1] <= length
    if (safe) {
      const [start, end] = fix!.range
      if (guarded.some(([from, to]) => start < to && end > from)) safe = false
      for (const span of spans) {
        if (!safe || span.end <= start || span.start >= end) continue
        // Inside an expression's own text only: `{{ site.prodct }}` → `{{ site.product }}`.
        const innerStart = span.start + span.value.indexOf(span.inner)
        const innerEnd = innerStart + span.inner.length
        safe = span.kind === 'expression' && span.inner !== '' && start >= innerStart && end <= innerEnd
      }
    }
    if (!safe) delete message.fix
  }
}

/** Applies the fixes that do not overlap an earlier one (by start offset); returns the new text and how many applied. */
export function applyFixes(text: string, fixes: Fix[]): {text: string; applied: number} {
  const sorted = fixes.filter(isFix).sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])
  let output = ''
  let at = 0
  let applied = 0
  for (const fix of sorted) {
    const [start, end] = fix.range
    // Touching ranges count as overlapping, so that two insertions at one place never race.
    if (applied > 0 && start <= at) continue
    if (end > text.length) continue
    output += text.slice(at, start) + fix.text
    at = end
    applied++
  }
  return {text: output + text.slice(at), applied}
}

export interface FixedPage {
  /** The text after every pass. */
  value: string
  /** The findings of the last lint, of the fixed text. */
  messages: PlainMessage[]
  /** How many fixes were applied, over all passes. */
  applied: number
}

/**
 * Fixes a page until no fix applies or `maxFixPasses` rounds have run. `lint` lints a text and
 * returns its findings; `messages` are the findings of `value` as first linted.
 */
export function fixPage(value: string, messages: PlainMessage[], lint: (text: string) => PlainMessage[]): FixedPage {
  let text = value
  let current = messages
  let applied = 0
  for (let pass = 0; pass < maxFixPasses; pass++) {
    const fixes = current.flatMap((message) => (message.fix ? [message.fix] : []))
    if (fixes.length === 0) break
    const result = applyFixes(text, fixes)
    if (result.applied === 0 || result.text === text) break
    text = result.text
    applied += result.applied
    current = lint(text)
  }
  return {value: text, messages: current, applied}
}
