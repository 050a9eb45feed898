/**
 * Fixture harness. A fixture marks each expected finding with `<!-- expect rule-id -->` at the
 * end of the line where the finding starts (several ids, comma-separated, for several findings).
 * The markers are cut out before linting, so the page lints exactly as a reader sees it, and the
 * (line, rule) findings must match the markers exactly: too many and too few both fail.
 */
import {generatorProfile} from '../src/generators/index.js'
import {VFile} from 'vfile'
import {lintFile, type ConfiguredRule} from '../src/lint.js'
import {resolve} from 'node:path'
import {createParser} from '../src/parse.js'
import {templateFromText} from '../src/templates.js'
import {docsUrl, report, type Rule} from '../src/rule.js'

const parse = createParser()
const marker = /[ \t]*<!--\s*expect\s+([^>]*?)\s*-->/g

export interface Finding {
  line: number
  column: number
  endLine?: number
  endColumn?: number
  ruleId: string
  message: string
  severity: 'warn' | 'error'
}

export function stripMarkers(markdown: string): {text: string; expected: string[]} {
  const expected: string[] = []
  const lines = markdown.split('\n').map((line, index) =>
    line.replace(marker, (_, ids: string) => {
      for (const id of ids.split(',')) expected.push(`${index + 1}:${id.trim()}`)
      return ''
    }),
  )
  return {text: lines.join('\n'), expected: expected.sort(compareKeys)}
}

export interface LintOptions {
  options?: unknown
  variables?: Record<string, unknown>
  path?: string
  /** The site generator the page is written for, by name or with its site settings; none: unknown. */
  generator?: GeneratorChoice
  /** Templates the page may come from (`file.data.templates`): each a path, as messages show it, and its text. */
  templates?: Array<{path: string; text: string}>
}

/** A generator by name (`hugo`), or with the settings its site's config gives (`{generator, options}`). */
export type GeneratorChoice = string | {generator: string; options?: Record<string, unknown>}

export function profileOf(choice: GeneratorChoice | undefined) {
  if (choice === undefined) return undefined
  return typeof choice === 'string' ? generatorProfile(choice) : generatorProfile(choice.generator, choice.options ?? {})
}

/** Lints Markdown with the given rules (each with its `parseOptions` applied to `options`). */
export function lint(markdown: string, rules: Rule<any>[], settings: LintOptions = {}): Finding[] {
  const configured: ConfiguredRule[] = rules.map((rule) => ({
    rule,
    severity: 'error',
    options: rule.parseOptions ? rule.parseOptions(settings.options) : settings.options,
  }))
  const file = new VFile({path: settings.path ?? 'fixture.md', value: markdown})
  const templates = settings.templates?.map(({path, text}) => templateFromText(text, resolve('/', path), path, '/', parse))
  lintFile(file, {rules: configured, parse, variables: settings.variables ?? {}, profile: profileOf(settings.generator), templates})
  return file.messages.map((message) => ({
    line: message.line ?? 0,
    column: message.column ?? 0,
    endLine: message.place && 'end' in message.place ? message.place.end.line : undefined,
    endColumn: message.place && 'end' in message.place ? message.place.end.column : undefined,
    ruleId: String(message.ruleId),
    message: message.reason,
    severity: message.fatal ? 'error' : 'warn',
  }))
}

/** Lints a marked fixture; returns the expected and actual `line:rule` keys, sorted. */
export function checkFixture(markdown: string, rules: Rule<any>[], settings: LintOptions = {}) {
  const {text, expected} = stripMarkers(markdown)
  const findings = lint(text, rules, settings)
  const actual = findings.map((finding) => `${finding.line}:${finding.ruleId}`).sort(compareKeys)
  return {expected, actual, findings}
}

function compareKeys(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b)
}

/**
 * A fake rule flagging every occurrence of a word, with its exact span, so that engine tests do
 * not depend on what a built-in rule considers a finding.
 */
export function wordRule(id: string, word: string): Rule<undefined> {
  const meta = {id, description: `Flags ${word}.`, recommended: true, url: docsUrl(id)}
  return {
    meta,
    check(_tree, file) {
      String(file.value)
        .split('\n')
        .forEach((text, index) => {
          for (let column = text.indexOf(word); column !== -1; column = text.indexOf(word, column + 1)) {
            const start = {line: index + 1, column: column + 1}
            report(file, meta, `Unexpected \`${word}\``, {start, end: {line: start.line, column: start.column + word.length}})
          }
        })
    },
  }
}
