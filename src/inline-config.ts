/**
 * Inline suppressions, in markdownlint's and ESLint's habit:
 *
 *     <!-- docgap-disable rule-a rule-b -->  …  <!-- docgap-enable rule-a -->
 *     <!-- docgap-disable-line rule -->
 *     <!-- docgap-disable-next-line rule -->
 *     <!-- docgap-disable-file -->
 *
 * No ids means every rule. Directives are read from HTML comments in the parsed tree, so a
 * directive shown inside a code block is an example, not a directive.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {levenshtein} from './lazy.js'

type Kind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file'

interface Directive {
  kind: Kind
  /** Rule ids, or undefined for every rule. */
  ids: string[] | undefined
  line: number
  column: number
  endLine: number
  endColumn: number
  offset: number
  /** Whether it suppressed at least one finding. */
  used: boolean
}

export interface InlineConfigOptions {
  /** Every rule id a directive may name, including rules that are off. */
  knownRules: string[]
  /** Report directives that suppressed nothing (`--report-unused-disable-directives`). */
  reportUnused: boolean
}

// Findings about the run itself, never suppressed.
const unsuppressible = new Set(['file-error', 'parse-error', 'rule-error', 'inline-config'])
const directivePattern = /<!--\s*docgap-(disable-next-line|disable-line|disable-file|disable|enable)\b([\s\S]*?)-->/g
// In MDX, where HTML comments are not allowed: `{/* docgap-disable-next-line no-placeholders */}`.
const mdxDirectivePattern =
  /\/\*\s*docgap-(disable-next-line|disable-line|disable-file|disable|enable)\b([\s\S]*?)\*\//g
const ruleIdPattern = /^[\w@/.-]+$/

export function applyInlineConfig(tree: Root, file: VFile, options: InlineConfigOptions): void {
  const directives = readDirectives(tree)
  if (directives.length === 0) return
  const known = new Set(options.knownRules)
  for (const directive of directives) {
    for (const id of directive.ids ?? []) {
      if (known.has(id)) continue
      const {closest, distance} = levenshtein()
      const nearest = options.knownRules.length > 0 ? closest(id, options.knownRules) : undefined
      const hint =
        nearest && distance(id, nearest) <= Math.max(2, Math.floor(id.length / 3))
          ? ` (did you mean \`${nearest}\`?)`
          : ''
      directiveMessage(
        file,
        directive,
        `Unexpected unknown rule \`${id}\` in \`docgap-${directive.kind}\` comment, expected a rule id${hint}`,
      )
    }
  }

  file.messages = file.messages.filter((message) => !suppressed(message, directives))

  if (options.reportUnused) {
    for (const directive of directives) {
      if (directive.used || directive.kind === 'enable') continue
      const which = directive.ids ? ` for ${directive.ids.map((id) => `\`${id}\``).join(', ')}` : ''
      directiveMessage(
        file,
        directive,
        `Unexpected unused \`docgap-${directive.kind}\` comment${which}, expected it to suppress a finding`,
      )
    }
  }
}

function readDirectives(tree: Root): Directive[] {
  const directives: Directive[] = []
  visit(tree, (node) => {
    const type = node.type as string
    const mdx = type === 'mdxFlowExpression' || type === 'mdxTextExpression'
    if (type !== 'html' && !mdx) return
    const value = (node as {value: string}).value
    let start = node.position?.start
    if (!start || start.offset === undefined || !value.includes('docgap-')) return
    // An expression's value starts after its `{`.
    if (mdx) start = {line: start.line, column: start.column + 1, offset: start.offset + 1}
    for (const match of value.matchAll(mdx ? mdxDirectivePattern : directivePattern)) {
      const before = value.slice(0, match.index)
      const text = match[0]
      const startPoint = advance(start.line, start.column, before)
      const endPoint = advance(startPoint.line, startPoint.column, text)
      const words = match[2]!
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean)
      // `-- reason` ends the ids, as in ESLint: `<!-- docgap-disable-line no-placeholders -- quoted on purpose -->`.
      const reasonAt = words.indexOf('--')
      const ids = (reasonAt === -1 ? words : words.slice(0, reasonAt)).filter((word) => ruleIdPattern.test(word))
      directives.push({
        kind: match[1] as Kind,
        ids: ids.length > 0 ? ids : undefined,
        line: startPoint.line,
        column: startPoint.column,
        endLine: endPoint.line,
        endColumn: endPoint.column,
        offset: start.offset! + match.index,
        used: false,
      })
    }
  })
  return directives.sort((a, b) => a.offset - b.offset)
}

function advance(line: number, column: number, text: string): {line: number; column: number} {
  const lines = text.split('\n')
  if (lines.length === 1) return {line, column: column + text.length}
  return {line: line + lines.length - 1, column: lines[lines.length - 1]!.length + 1}
}

function covers(directive: Directive, ruleId: string): boolean {
  return directive.ids === undefined || directive.ids.includes(ruleId)
}

function suppressed(message: VFileMessage, directives: Directive[]): boolean {
  const ruleId = String(message.ruleId)
  if (unsuppressible.has(ruleId) || message.line === undefined) return false
  const line = message.line
  const column = message.column ?? 1
  let hit: Directive | undefined
  // Ranges: the last disable or enable before the finding decides.
  let range: Directive | undefined
  for (const directive of directives) {
    if (!covers(directive, ruleId)) continue
    switch (directive.kind) {
      case 'disable-file':
        hit ??= directive
        break
      case 'disable-line':
        if (directive.line === line) hit ??= directive
        break
      case 'disable-next-line':
        if (directive.endLine + 1 === line) hit ??= directive
        break
      default:
        if (directive.line < line || (directive.line === line && directive.column <= column)) range = directive
    }
  }
  if (!hit && range?.kind === 'disable') hit = range
  if (hit) hit.used = true
  return hit !== undefined
}

function directiveMessage(file: VFile, directive: Directive, reason: string): void {
  const message = file.message(reason, {
    place: {
      start: {line: directive.line, column: directive.column},
      end: {line: directive.endLine, column: directive.endColumn},
    },
    ruleId: 'inline-config',
    source: 'docgap',
  })
  message.fatal = true
}
