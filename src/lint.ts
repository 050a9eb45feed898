/**
 * The engine: parse each file once, run every configured rule over that one tree, set each
 * finding's severity from the configuration, and sort. It takes the rules as an argument and
 * never imports rules/, so built-in, plugin and test rules are all treated alike.
 */
import type {VFile} from 'vfile'
import {applyInlineConfig} from './inline-config.js'
import {tooDeeplyNested} from './source.js'
import type {Parse} from './parse.js'
import type {DocumentIndex, Rule} from './rule.js'

export type Severity = 'warn' | 'error'

export interface ConfiguredRule {
  rule: Rule<any>
  severity: Severity
  /** Options as returned by the rule's `parseOptions`. */
  options: unknown
}

export interface LintSettings {
  rules: ConfiguredRule[]
  parse: Parse
  /** Template variables by namespace, handed to rules as `file.data.variables`. */
  variables?: Record<string, unknown>
  /** Other documents, handed to rules as `file.data.documents`. */
  documents?: DocumentIndex
  /** Every rule id an inline directive may name (rules that are off included); default: the configured ones. */
  knownRules?: string[]
  /** Report `docgap-disable` comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean
}

/** Deeper than this, a file is not parsed: see `tooDeeplyNested`. */
export const maxNesting = 100
/**
 * Longer than this, a file is not parsed: micromark holds about 20 KB of events a line while
 * parsing, so a 200,000-line list needed over 3 GB. Five times the longest page in the docs
 * trees we test on.
 */
export const maxLines = 30_000

export function lintFile(file: VFile, settings: LintSettings): VFile {
  file.data.variables = settings.variables ?? {}
  if (settings.documents) file.data.documents = settings.documents
  const lines = countLines(String(file.value))
  if (lines > maxLines) {
    fileError(file, `Cannot lint file: it has ${lines.toLocaleString('en-US')} lines, more than the limit of ${maxLines.toLocaleString('en-US')}`)
    return file
  }
  const deepLine = tooDeeplyNested(String(file.value), maxNesting)
  if (deepLine !== undefined) {
    fileError(file, `Cannot lint file: its lists or block quotes nest more than ${maxNesting} levels deep, expected at most ${maxNesting}`, deepLine)
    return file
  }
  let tree
  try {
    tree = settings.parse(file)
  } catch (error) {
    // micromark does not throw on any input we know of; if it ever does, the file says so.
    const message = file.message(`Cannot parse file: ${(error as Error).message}`, {
      ruleId: 'parse-error',
      source: 'docgap',
    })
    message.fatal = true
    return file
  }
  for (const {rule, severity, options} of settings.rules) {
    const first = file.messages.length
    try {
      rule.check(tree, file, options)
    } catch (error) {
      const message = file.message(
        `Rule \`${rule.meta.id}\` failed on this file: ${(error as Error).message}`,
        {ruleId: 'rule-error', source: 'docgap'},
      )
      message.fatal = true
      continue
    }
    for (let index = first; index < file.messages.length; index++) {
      const message = file.messages[index]!
      message.ruleId ??= rule.meta.id
      message.source ??= 'docgap'
      message.fatal = severity === 'error'
    }
  }
  // Cheap test first: most pages have no directives, and then the tree need not be walked again.
  if (String(file.value).includes('docgap-')) {
    applyInlineConfig(tree, file, {
      knownRules: settings.knownRules ?? settings.rules.map(({rule}) => rule.meta.id),
      reportUnused: settings.reportUnusedDisableDirectives ?? false,
    })
  }
  file.messages.sort(compareMessages)
  return file
}

/** A finding about the file itself (it cannot be read, decoded or parsed), not about its content. */
export function fileError(file: VFile, reason: string, line = 1, column = 1, fatal = true): void {
  const message = file.message(reason, {place: {line, column}, ruleId: 'file-error', source: 'docgap'})
  message.fatal = fatal
}

function countLines(text: string): number {
  let count = 1
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++
  return count
}

function compareMessages(a: VFile['messages'][number], b: VFile['messages'][number]): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    String(a.ruleId).localeCompare(String(b.ruleId))
  )
}
