/** Inline suppressions: `<!-- docgap-disable … -->` comments, on every rule and every format. */
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {lintFile} from '../src/lint.js'
import {createParser} from '../src/parse.js'
import {wordRule} from './harness.js'
import {makeTree, parseJsonReport, runCli} from './cli-helpers.js'

const parse = createParser()

const rules = [wordRule('alpha-rule', 'apple'), wordRule('beta-rule', 'pear')]

function lint(markdown: string, reportUnused = false): string[] {
  const file = new VFile({path: 'page.md', value: markdown})
  lintFile(file, {
    rules: rules.map((rule) => ({rule, severity: 'error', options: undefined})),
    parse,
    knownRules: [...rules.map((rule) => rule.meta.id), 'gamma-rule'],
    reportUnusedDisableDirectives: reportUnused,
  })
  return file.messages.map((message) => `${message.line}:${message.ruleId}`)
}

describe('inline suppressions', () => {
  it('disable … enable, for named rules and for all', () => {
    const page = [
      'apple pear', // 1
      '<!-- docgap-disable alpha-rule -->', // 2
      'apple pear', // 3
      '<!-- docgap-disable -->', // 4
      'apple pear', // 5
      '<!-- docgap-enable beta-rule -->', // 6
      'apple pear', // 7
      '<!-- docgap-enable -->', // 8
      'apple pear', // 9
    ].join('\n\n')
    expect(lint(page)).toEqual([
      '1:alpha-rule',
      '1:beta-rule',
      '5:beta-rule',
      '13:beta-rule',
      '17:alpha-rule',
      '17:beta-rule',
    ])
  })

  it('disable-line and disable-next-line', () => {
    const page =
      'apple <!-- docgap-disable-line alpha-rule -->\n\n<!-- docgap-disable-next-line -->\napple pear\n\napple\n'
    expect(lint(page)).toEqual(['6:alpha-rule'])
  })

  it('disable-file, anywhere in the file, with or without ids', () => {
    expect(lint('apple pear\n\n<!-- docgap-disable-file -->\n')).toEqual([])
    expect(lint('apple pear\n\n<!-- docgap-disable-file beta-rule -->\n')).toEqual(['1:alpha-rule'])
  })

  it('accepts commas between ids and a `-- reason`', () => {
    expect(lint('apple pear <!-- docgap-disable-line alpha-rule, beta-rule -- quoted from a user -->\n')).toEqual([])
  })

  it('may name a rule that is off, but an unknown id is itself reported, with a suggestion', () => {
    expect(lint('<!-- docgap-disable-file gamma-rule -->\n\npear\n')).toEqual(['3:beta-rule'])
    const file = new VFile({path: 'page.md', value: 'apple <!-- docgap-disable-line alpha-rul -->\n'})
    lintFile(file, {rules: rules.map((rule) => ({rule, severity: 'error', options: undefined})), parse})
    expect(file.messages.map((m) => [m.line, m.column, m.ruleId, m.reason, m.fatal])).toEqual([
      [1, 1, 'alpha-rule', 'Unexpected `apple`', true],
      [
        1,
        7,
        'inline-config',
        'Unexpected unknown rule `alpha-rul` in `docgap-disable-line` comment, expected a rule id (did you mean `alpha-rule`?)',
        true,
      ],
    ])
  })

  it('ignores directives shown in code', () => {
    expect(lint('```html\n<!-- docgap-disable-file -->\n```\n\napple\n')).toEqual(['5:alpha-rule'])
    expect(lint('`<!-- docgap-disable-line -->` apple\n')).toEqual(['1:alpha-rule'])
  })

  it('reports unused directives when asked', () => {
    const page = 'apple <!-- docgap-disable-line alpha-rule -->\n\n<!-- docgap-disable-next-line beta-rule -->\napple\n'
    expect(lint(page)).toEqual(['4:alpha-rule'])
    expect(lint(page, true)).toEqual(['3:inline-config', '4:alpha-rule'])
  })
})

describe('inline suppressions through the CLI', () => {
  const cwd = makeTree({
    'a.md':
      '# Steps\n\n- One.\n- <!-- docgap-disable-line no-empty-list-items -->\n\nFill in ___ here. <!-- docgap-disable-line -->\n\n<!-- docgap-disable-next-line no-placeholders -->\nNothing to suppress.\n',
  })

  it('suppresses built-in rules in every format', () => {
    expect(runCli(['a.md'], {cwd})).toMatchObject({code: 0, stdout: ''})
    expect(parseJsonReport(runCli(['a.md', '-f', 'json'], {cwd}).stdout)[0]!.messages).toEqual([])
  })

  it('--report-unused-disable-directives reports the one that suppressed nothing, as an error', () => {
    const result = runCli(['a.md', '-f', 'compact', '--report-unused-disable-directives'], {cwd})
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(
      'a.md:8:1: error Unexpected unused `docgap-disable-next-line` comment for `no-placeholders`, expected it to suppress a finding [inline-config]\n',
    )
  })
})

describe('--list-rules', () => {
  it('prints every rule with its default severity and description', () => {
    const result = runCli(['--list-rules'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^no-empty-list-items\s+error\s+List items must have content\.$/m)
  })
})
