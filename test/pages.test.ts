/**
 * The page that started docgap: every gap in the real first draft is found, and a finished
 * version of it is silent given its site's variables. Run through the CLI, as a user would. The
 * draft is in fixtures/, so this runs in CI; the published page and the site's real jekyll.yml
 * are checked too when ../shared/seed is present.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, repoRoot, runCli} from './cli-helpers.js'

const pageDir = join(repoRoot, 'fixtures', 'pages', 'about-kuma-in-production')
// ../shared beside the repository (DOCGAP_SHARED names it elsewhere, e.g. from a git worktree).
const shared = join(process.env.DOCGAP_SHARED ?? join(repoRoot, '..', 'shared'), 'seed')

const draftFindings = [
  '11:no-editorial-notes',
  '14:no-editorial-notes',
  '41:no-editorial-notes',
  '43:no-empty-sections',
  '7:no-unresolved-variables',
  '7:no-unresolved-variables',
  '7:no-unresolved-variables',
  '13:require-step-links',
  '14:require-step-links',
  '15:require-step-links',
  '16:require-step-links',
  '17:require-step-links',
  '17:no-unresolved-variables',
  '18:no-empty-list-items',
  '22:no-unresolved-variables',
  '22:no-unresolved-variables',
  '29:no-unresolved-variables',
  '35:no-unresolved-variables',
  '35:no-unresolved-variables',
  '37:no-placeholders',
  '39:no-unanswered-questions',
  '43:no-unresolved-variables',
]

function keys(stdout: string): string[] {
  const [file] = parseJsonReport(stdout)
  return file!.messages.map((message) => `${message.line}:${message.ruleId}`).sort()
}

describe('about-kuma-in-production', () => {
  it('finds every gap in the draft with no configuration, and exits 1', () => {
    const result = runCli(['draft.md', '--format', 'json'], {cwd: pageDir})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    expect(keys(result.stdout)).toEqual([...draftFindings].sort())
  })

  it('reports each undefined variable with its exact span', () => {
    const [file] = parseJsonReport(runCli(['draft.md', '--format', 'json'], {cwd: pageDir}).stdout)
    const first = file!.messages.find((message) => message.ruleId === 'no-unresolved-variables')
    expect(first).toMatchObject({line: 7, column: 60, endLine: 7, endColumn: 86})
    expect(first!.message).toContain('`site.mesh_product_name`')
  })

  it('is silent on a finished version of the draft given the site variables, and exits 0', () => {
    const result = runCli(['finished.md', '--config', 'final.config.yml', '--format', 'json'], {cwd: pageDir})
    expect(result.code).toBe(0)
    expect(parseJsonReport(result.stdout)[0]!.messages).toEqual([])
  })

  it('needs those variables: without them the finished page is flagged', () => {
    const result = runCli(['finished.md', '--format', 'json'], {cwd: pageDir})
    expect(result.code).toBe(1)
    expect(keys(result.stdout).every((key) => key.endsWith(':no-unresolved-variables'))).toBe(true)
  })

  const withShared = existsSync(join(shared, 'jekyll.yml'))
  if (!withShared) console.log(`pages.test.ts: ${shared} is not present: the published page is not checked`)

  it.skipIf(!withShared)('has the seed draft as its draft (../shared/seed)', () => {
    expect(readFileSync(join(pageDir, 'draft.md'), 'utf8')).toBe(
      readFileSync(join(shared, 'about-kuma-in-production.draft.md'), 'utf8'),
    )
  })

  it.skipIf(!withShared)("is silent on the published page with the site's real jekyll.yml (../shared/seed)", () => {
    const cwd = makeTree({
      'final.md': readFileSync(join(shared, 'about-kuma-in-production.final.md'), 'utf8'),
      'jekyll.yml': readFileSync(join(shared, 'jekyll.yml'), 'utf8'),
      'docgap.config.yml': 'variables:\n  site: ./jekyll.yml\n  page:\n    version: 2.1.x\n',
    })
    const result = runCli(['final.md', '--format', 'json'], {cwd})
    expect(parseJsonReport(result.stdout)[0]!.messages).toEqual([])
    expect(result.code).toBe(0)
  })
})
