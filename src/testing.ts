/**
 * `docgap/testing`: the test kit docgap's own rules are tested with, for plugin authors. It needs
 * no test framework (use its results with vitest, node:test, Jest…):
 *
 * - `lint(markdown, rules, settings)`: the findings of the rules on a string, parsed as docgap
 *   parses a page.
 * - `checkFixture(markdown, rules, settings)`: a fixture marks each expected finding with
 *   `<!-- expect rule-id -->` at the end of the line where it starts (several ids,
 *   comma-separated, for several findings). The markers are cut out before linting, so the page
 *   lints exactly as a reader sees it; compare `actual` with `expected` (`line:rule` keys), and
 *   too many findings and too few both fail.
 * - `pageExamples(page)` and `checkPageExample(example, rules)`: the examples of a rule's page
 *   run as tests. A ```` ```markdown ```` block followed by a ```` ```text ```` block must give
 *   exactly those messages (`line:column-endLine:endColumn: message`, one a line); one with no
 *   `text` block, none. A ```` ```json settings ```` block before the example gives its settings;
 *   a ```` ```markdown template PATH ```` block is not an example but the template the examples
 *   after it may come from.
 */
import {resolve} from 'node:path'
import {VFile} from 'vfile'
import {generatorProfile} from './generators/index.js'
import {lintFile, type ConfiguredRule} from './lint.js'
import {createParser, type Parse} from './parse.js'
import type {Rule} from './rule.js'
import {templateFromText} from './templates.js'

export interface Finding {
  line: number
  column: number
  endLine?: number
  endColumn?: number
  ruleId: string
  message: string
  severity: 'warn' | 'error'
}

export interface LintOptions {
  /** Options for each rule, as a user configures them; each rule's `parseOptions` checks them. */
  options?: unknown
  /** Template variables by namespace (`{site: {title: 'Docs'}}`), as `file.data.variables`. */
  variables?: Record<string, unknown>
  /** The page's path (default `fixture.md`). */
  path?: string
  /** The site generator the page is written for, by name or with its site settings; none: unknown. */
  generator?: GeneratorChoice
  /** Templates the page may come from (`file.data.templates`): each a path, as messages show it, and its text. */
  templates?: Array<{path: string; text: string}>
}

/** A generator by name (`hugo`), or with the settings its site's config gives (`{generator, options}`). */
export type GeneratorChoice = string | {generator: string; options?: Record<string, unknown>}

function profileOf(choice: GeneratorChoice | undefined) {
  if (choice === undefined) return undefined
  return typeof choice === 'string'
    ? generatorProfile(choice)
    : generatorProfile(choice.generator, choice.options ?? {})
}

export interface PageExample {
  markdown: string
  /** Expected messages, `line:column-endLine:endColumn: message`; none for an example that passes. */
  expected: string[]
  settings: LintOptions
}

let sharedParse: Parse | undefined
const marker = /[ \t]*<!--\s*expect\s+([^>]*?)\s*-->/g

/** Lints Markdown with the given rules (each with its `parseOptions` applied to `settings.options`). */
export function lint(markdown: string, rules: Rule<any>[], settings: LintOptions = {}): Finding[] {
  const configured: ConfiguredRule[] = rules.map((rule) => ({
    rule,
    severity: 'error',
    options: rule.parseOptions ? rule.parseOptions(settings.options) : settings.options,
  }))
  const file = new VFile({path: settings.path ?? 'fixture.md', value: markdown})
  sharedParse ??= createParser()
  const parse = sharedParse
  const templates = settings.templates?.map(({path, text}) =>
    templateFromText(text, resolve('/', path), path, '/', parse),
  )
  lintFile(file, {
    rules: configured,
    parse,
    variables: settings.variables ?? {},
    profile: profileOf(settings.generator),
    templates,
  })
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

/** The fixture without its `<!-- expect … -->` markers, and the `line:rule` keys they mark, sorted. */
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

/** Lints a marked fixture; returns the expected and actual `line:rule` keys, sorted, and the findings. */
export function checkFixture(
  markdown: string,
  rules: Rule<any>[],
  settings: LintOptions = {},
): {expected: string[]; actual: string[]; findings: Finding[]} {
  const {text, expected} = stripMarkers(markdown)
  const findings = lint(text, rules, settings)
  const actual = findings.map((finding) => `${finding.line}:${finding.ruleId}`).sort(compareKeys)
  return {expected, actual, findings}
}

/** The examples of a rule's page (its Markdown source). */
export function pageExamples(page: string): PageExample[] {
  const blocks = [...page.matchAll(/^(`{3,})(\w+)( settings| template \S+)?\n([\s\S]*?)\n\1$/gm)].map((match) => ({
    lang: match[2],
    settings: match[3] === ' settings',
    template: match[3]?.startsWith(' template ') ? match[3].slice(' template '.length) : undefined,
    body: match[4]!,
  }))
  const examples: PageExample[] = []
  let templates: Array<{path: string; text: string}> | undefined
  blocks.forEach((block, index) => {
    if (block.template) {
      templates = [{path: block.template, text: `${block.body}\n`}]
      return
    }
    if (block.lang !== 'markdown') return
    const before = blocks[index - 1]
    const after = blocks[index + 1]
    examples.push({
      markdown: `${block.body}\n`,
      expected: after?.lang === 'text' ? after.body.split('\n').filter(Boolean) : [],
      settings: {
        ...(templates && {templates}),
        ...(before?.lang === 'json' && before.settings ? (JSON.parse(before.body) as LintOptions) : {}),
      },
    })
  })
  return examples
}

/** Lints one page example; `actual` is in the form of `expected`. */
export function checkPageExample(example: PageExample, rules: Rule<any>[]): {expected: string[]; actual: string[]} {
  const findings = lint(example.markdown, rules, example.settings)
  const actual = findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}: ${f.message}`)
  return {expected: example.expected, actual}
}

function compareKeys(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b)
}
