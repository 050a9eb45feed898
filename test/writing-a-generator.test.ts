/**
 * docs/writing-a-generator.md: its worked example is the profile in test/generators/eleventy.ts,
 * registered in the one list of generators and used to lint a small Eleventy site.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
// The built engine (as the CLI runs it): run() reads its version from the package beside dist/.
import {clearGeneratorCache, generators} from '../dist/src/generators/index.js'
import {printConfig, run} from '../dist/src/run.js'
import {makeTree, parseJsonReport, repoRoot} from './cli-helpers.js'
import eleventy from './generators/eleventy.js'

const page = [
  '# Getting started',
  '',
  'This page is {{ page.fileSlug }}, built by Eleventy {{ eleventy.version }} for {{ metadata.title }}.',
  '',
  'Start with [the first step](#step-1.-install).',
  '',
  '## Step 1. Install',
  '',
  'Run the installer.',
  '',
].join('\n')

const lint = async (cwd: string) => {
  clearGeneratorCache()
  const result = await run({
    cwd,
    paths: ['.'],
    format: 'json',
    quiet: false,
    maxWarnings: -1,
    useIgnores: true,
    color: false,
    concurrency: 'off',
  })
  return parseJsonReport([...result.output].join('')).flatMap((file) =>
    file.messages.map((message) => `${message.line}:${message.ruleId}: ${message.message}`),
  )
}

describe('docs/writing-a-generator.md', () => {
  it('shows the code of the example profile the tests register', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'writing-a-generator.md'), 'utf8')
    const shown = /^```ts\n([\s\S]*?)^```$/m.exec(doc)?.[1]
    const tested = readFileSync(join(repoRoot, 'test', 'generators', 'eleventy.ts'), 'utf8').replaceAll(
      '../../src/generators/',
      './',
    )
    expect(shown).toBe(tested)
  })

  describe('an Eleventy site', () => {
    let cwd = ''
    beforeAll(() => {
      cwd = makeTree({'eleventy.config.js': 'export default function () {}\n', 'docs/getting-started.md': page})
    })

    it('is read as no particular generator before the profile is registered', async () => {
      expect(await lint(cwd)).toEqual([
        '3:no-unresolved-variables: Unexpected undefined variable `page.fileSlug`, expected a variable defined in the front matter or the configuration',
        '3:no-unresolved-variables: Unexpected undefined variable `eleventy.version`, expected a variable defined in the configuration',
        '3:no-unresolved-variables: Unexpected undefined variable `metadata.title`, expected a variable defined in the configuration',
        '5:no-broken-anchors: Unexpected link to missing anchor `#step-1.-install`, expected a heading or id on this page (did you mean `#step-1-install`?)',
      ])
    })

    describe('with the profile registered in the one list', () => {
      beforeAll(() => void generators.push(eleventy))
      afterAll(() => void generators.splice(generators.indexOf(eleventy), 1))

      it('is detected from its config file, and the config key accepts its name', async () => {
        clearGeneratorCache()
        const printed = JSON.parse(await printConfig({cwd, file: 'docs/getting-started.md'})) as {
          generator: {name: string}
        }
        expect(printed.generator.name).toBe('eleventy')
        const configured = makeTree({'docgap.config.json': '{"generator": "eleventy"}', 'a.md': page})
        expect(await lint(configured)).toEqual([
          '3:no-unresolved-variables: Unexpected undefined variable `metadata.title`, expected a variable defined in the configuration',
        ])
      })

      it('gives pages its built-in variables and its heading ids', async () => {
        expect(await lint(cwd)).toEqual([
          '3:no-unresolved-variables: Unexpected undefined variable `metadata.title`, expected a variable defined in the configuration',
        ])
      })
    })
  })
})
