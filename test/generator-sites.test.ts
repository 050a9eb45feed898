/**
 * Acceptance for site generator profiles: a small site per generator (fixtures/generators/<name>/),
 * linted through the CLI with no docgap configuration at all. `auto` must pick the generator, and
 * the findings must be exactly the ones marked `<!-- expect rule-id -->` in its pages: the
 * generator's admonitions, tabs, shortcodes, variables and heading ids stay silent, and a link to
 * an id that only another generator would make is reported.
 */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, sep} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parseJsonReport, repoRoot, runCli} from './cli-helpers.js'
import {stripMarkers} from './harness.js'

const sitesDir = join(repoRoot, 'fixtures', 'generators')

/** Each site, the page `--print-config` is asked about, and the reason it must give. */
const sites = [
  {
    name: 'github',
    // No generator config: linted with the union of every generator, and --print-config says so.
    printed: 'unknown',
    page: 'docs/getting-started.md',
    reason:
      /^no _config\.yml, hugo\.toml, mkdocs\.yml, docusaurus\.config\.\*, \.vitepress\/config\.\* or astro\.config\.\* from docs up to \.: any generator's heading ids and site syntax are accepted$/,
  },
  {name: 'jekyll', page: 'docs/mesh/zones.md', reason: /^_config\.yml at _config\.yml$/},
  {name: 'hugo', page: 'content/en/functions/anchorize.md', reason: /^hugo\.toml at hugo\.toml$/},
  {name: 'mkdocs', page: 'docs/reference/admonitions.md', reason: /^mkdocs\.yml at mkdocs\.yml$/},
  {name: 'docusaurus', page: 'docs/guides/deploy.md', reason: /^docusaurus\.config\.ts at docusaurus\.config\.ts$/},
  {name: 'vitepress', page: 'docs/guide/markdown.md', reason: /^config\.mts at docs\/\.vitepress\/config\.mts$/},
  {
    name: 'starlight',
    page: 'src/content/docs/guides/components.mdx',
    reason: /^astro\.config\.mjs at astro\.config\.mjs$/,
  },
] as const

/**
 * Copies a site into a fresh temporary folder, with the markers cut out of its Markdown pages, so
 * that no docgap configuration and no git repository around the checkout is found. Returns the
 * folder and the expected `file:line:rule` keys.
 */
function copySite(name: string): {cwd: string; expected: string[]} {
  const from = join(sitesDir, name)
  const cwd = mkdtempSync(join(tmpdir(), `docgap-site-${name}-`))
  const expected: string[] = []
  const copy = (folder: string): void => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const source = join(folder, entry.name)
      const target = join(cwd, relative(from, source))
      if (entry.isDirectory()) {
        copy(source)
        continue
      }
      mkdirSync(dirname(target), {recursive: true})
      const text = readFileSync(source, 'utf8')
      if (!/\.(?:md|markdown|mdx)$/.test(entry.name)) {
        writeFileSync(target, text)
        continue
      }
      const stripped = stripMarkers(text)
      const file = relative(from, source).split(sep).join('/')
      expected.push(...stripped.expected.map((key) => `${file}:${key}`))
      writeFileSync(target, stripped.text)
    }
  }
  copy(from)
  return {cwd, expected: expected.sort()}
}

describe.each(sites as ReadonlyArray<{name: string; page: string; reason: RegExp; printed?: string}>)(
  'the $name site',
  ({name, page, reason, printed: printedName = name}) => {
    let cwd = ''
    let expected: string[] = []
    beforeAll(() => void ({cwd, expected} = copySite(name)))
    afterAll(() => rmSync(cwd, {recursive: true, force: true}))

    it('has unfinished pages with marked findings', () => {
      expect(expected.length).toBeGreaterThan(0)
    })

    it('is linted with exactly the marked findings, no docgap config needed', () => {
      const result = runCli(['.', '--format', 'json'], {cwd})
      expect(result.stderr).toBe('')
      expect(result.code).toBe(1)
      const actual = parseJsonReport(result.stdout).flatMap((file) =>
        file.messages.map((message) => `${file.filePath}:${message.line}:${message.ruleId}`),
      )
      expect(actual.sort(), result.stdout).toEqual(expected)
    })

    it(`--print-config names ${printedName}`, () => {
      const result = runCli(['--print-config', page], {cwd})
      expect(result.code).toBe(0)
      const printed = JSON.parse(result.stdout)
      expect(printed.config).toBe('(no config file)')
      expect(printed.generator.name).toBe(printedName)
      expect(printed.generator.reason).toMatch(reason)
    })
  },
)
