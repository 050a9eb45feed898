/** The VS Code problem matchers of docs/integrations.md read docgap's real output. */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, repoRoot, runCli} from './cli-helpers.js'

const page = readFileSync(join(repoRoot, 'docs', 'integrations.md'), 'utf8')
const editors = page.slice(page.indexOf('## Editors'))
const [tasks, stylishMatcher] = [...editors.matchAll(/^```json\n([\s\S]*?)\n```$/gm)].map((match) =>
  JSON.parse(match[1]!),
)

interface Pattern {
  regexp: string
  [group: string]: string | number | boolean
}

const cwd = makeTree({
  'docs/guide.md': '# Guide\n\n- One.\n- \n\nFill in ___ here.\n',
  'docs/a b/über.md': '# Über\n\n1. \n',
})
const args = ['docs', '--rule', 'no-placeholders=warn']

describe('VS Code problem matchers', () => {
  it('compact: every line of real output is matched with its file, position, severity, message and rule', () => {
    const pattern: Pattern = tasks.tasks[0].problemMatcher.pattern
    const regexp = new RegExp(pattern.regexp)
    const output = runCli([...args, '-f', 'compact'], {cwd})
      .stdout.trim()
      .split('\n')
    const problems = output.map((line) => {
      const match = regexp.exec(line)
      expect(match, line).not.toBeNull()
      return [
        match![pattern.file as number],
        match![pattern.line as number],
        match![pattern.column as number],
        match![pattern.severity as number],
        match![pattern.code as number],
      ]
    })
    expect(problems).toContainEqual(['docs/guide.md', '4', '1', 'error', 'no-empty-list-items'])
    expect(problems).toContainEqual(['docs/guide.md', '6', '9', 'warning', 'no-placeholders'])
    expect(problems).toContainEqual(['docs/a b/über.md', '3', '1', 'error', 'no-empty-list-items'])
  })

  it('stylish: the multi-line matcher finds every finding under its file', () => {
    const [fileLine, findingLine]: Pattern[] = stylishMatcher.pattern
    const fileRegexp = new RegExp(fileLine!.regexp)
    const findingRegexp = new RegExp(findingLine!.regexp)
    const lines = runCli(args, {cwd}).stdout.split('\n')
    const problems: string[] = []
    let file: string | undefined
    for (const line of lines) {
      const finding = findingRegexp.exec(line)
      if (finding && file) {
        problems.push(
          `${file}:${finding[findingLine!.line as number]}:${finding[findingLine!.column as number]}:${finding[findingLine!.severity as number]}:${finding[findingLine!.code as number]}`,
        )
        continue
      }
      const fileMatch = fileRegexp.exec(line)
      file = fileMatch ? fileMatch[1] : undefined
    }
    expect(problems.sort()).toEqual(
      [
        'docs/a b/über.md:3:1:error:no-empty-list-items',
        'docs/guide.md:4:1:error:no-empty-list-items',
        'docs/guide.md:6:9:warning:no-placeholders',
      ].sort(),
    )
  })
})
