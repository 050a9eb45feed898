/**
 * The second stage of a run, without I/O: from every finding of the linted pages to the ones to
 * show (baseline, changed lines, `--quiet`), and their counts.
 */
import type {VFile} from 'vfile'
import type {Baseline, FixedEntry} from './baseline.js'
import type {ChangedLines} from './git.js'

export interface PostProcessOptions {
  /** Findings recorded here are not shown; `baselineDir` is the folder its paths are relative to. */
  baseline?: {data: Baseline; dir: string; apply: typeof import('./baseline.js').applyBaseline}
  /** The rules that ran: a baseline entry of a rule that did not run is not called fixed. */
  ranRuleIds: string[]
  changed: Map<VFile, ChangedLines>
  /** Pages whose findings of these rules only are reported. */
  onlyRules?: Map<VFile, string[]>
  quiet: boolean
}

export interface PostProcessed {
  /** Baseline entries that no longer occur. */
  fixed: FixedEntry[]
  errors: number
  warnings: number
}

/** Filters each file's messages in place, in this order: baseline, changed lines, `--quiet`. */
export function postProcess(files: VFile[], options: PostProcessOptions): PostProcessed {
  let fixed: FixedEntry[] = []
  if (options.baseline) {
    const {data, dir, apply} = options.baseline
    fixed = apply(files, data, dir, {rules: options.ranRuleIds}).fixed
  }
  for (const [file, lines] of options.changed) {
    if (lines !== 'all') file.messages = file.messages.filter((message) => touchesLines(message, lines))
  }
  for (const [file, rules] of options.onlyRules ?? []) {
    file.messages = file.messages.filter((message) => rules.includes(String(message.ruleId)))
  }
  if (options.quiet) {
    for (const file of files) file.messages = file.messages.filter((message) => message.fatal)
  }
  let errors = 0
  let warnings = 0
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal) errors++
      else warnings++
    }
  }
  return {fixed, errors, warnings}
}

/** Whether a finding's span overlaps one of the changed lines. */
export function touchesLines(message: VFile['messages'][number], lines: Set<number>): boolean {
  const start = message.line ?? 1
  const end = message.place && 'end' in message.place ? message.place.end.line : start
  for (let line = start; line <= Math.max(start, end); line++) if (lines.has(line)) return true
  return false
}
