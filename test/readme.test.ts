/**
 * The README and the docs pages stay true: the README's rule table is the registry, each rule's
 * examples in docs/rules.md give exactly the findings they show, every docs page the README
 * links to exists, and docgap finds nothing in its own README, rule pages and docs.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {builtinRules} from '../rules/index.js'
import {repoRoot, runCli} from './cli-helpers.js'
import {lint} from './harness.js'
import {createParser} from '../src/parse.js'
import {VFile} from 'vfile'
import type {Code} from 'mdast'

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
const rulesPage = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8')
// What docs/rules.md's prose says the variables example is configured with.
const readmeVariables = {site: {mesh_product_name: 'Kuma'}}

describe('README', () => {
  it('lists every built-in rule in its table, in registry order', () => {
    const listed = [...readme.matchAll(/^\| \[`([a-z-]+)`\]\(rules\/\1\.md\) \|/gm)].map((match) => match[1])
    expect(listed).toEqual(builtinRules.map((rule) => rule.meta.id))
  })

  it('is the entry point: about 300 lines, linking a docs page for each topic', () => {
    expect(readme.split('\n').length).toBeLessThan(360)
    for (const page of ['configuration', 'site-generators', 'integrations', 'report', 'plugins', 'performance']) {
      expect(readme).toContain(`](docs/${page}.md)`)
      expect(existsSync(join(repoRoot, 'docs', `${page}.md`))).toBe(true)
    }
  })

  describe.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s in docs/rules.md', (id, rule) => {
    const examples = ruleExamples(id)
    it('has a failing and a passing example', () => {
      expect(examples.some((example) => example.expected.length > 0)).toBe(true)
      expect(examples.some((example) => example.expected.length === 0)).toBe(true)
    })

    it.each(examples.map((example, index) => [index + 1, example] as const))(
      'example %i gives what docs/rules.md shows',
      (_, example) => {
        const findings = lint(example.markdown, [rule], {
          variables: readmeVariables,
          templates: example.templates,
          generator: example.generator,
        })
        expect(findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}: ${f.message}`)).toEqual(
          example.expected,
        )
      },
    )
  })

  it('docgap finds nothing in its own README, rule pages and docs', () => {
    const result = runCli(['README.md', 'rules', 'docs', '--format', 'compact'])
    expect(result.stdout).toBe('')
    expect(result.code).toBe(0)
  })
})

/**
 * The code blocks under docs/rules.md's `## <id>` heading, paired: a markdown example and the text
 * block after it. A ```` ```markdown template PATH ```` block is the template the examples after it come from;
 * ```` ```markdown generator NAME ```` lints its example as that site generator's page.
 */
function ruleExamples(
  id: string,
): Array<{markdown: string; expected: string[]; templates?: Array<{path: string; text: string}>; generator?: string}> {
  const tree = createParser()(new VFile({path: 'docs/rules.md', value: rulesPage}))
  const blocks: Code[] = []
  let inSection = false
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const text = node.children.map((child) => ('value' in child ? child.value : '')).join('')
      if (node.depth <= 2) inSection = node.depth === 2 && text === id
    } else if (inSection && node.type === 'code') {
      blocks.push(node)
    }
  }
  let templates: Array<{path: string; text: string}> | undefined
  return blocks.flatMap((block, index) => {
    if (block.lang !== 'markdown') return []
    if (block.meta?.startsWith('template ')) {
      templates = [{path: block.meta.slice('template '.length), text: `${block.value}\n`}]
      return []
    }
    const next = blocks[index + 1]
    // ```` ```markdown generator hugo ````: the page as that site generator builds it.
    const generator = /^generator (\S+)$/.exec(block.meta ?? '')?.[1]
    return [
      {
        markdown: `${block.value}\n`,
        expected: next?.lang === 'text' ? next.value.split('\n') : [],
        templates,
        generator,
      },
    ]
  })
}
