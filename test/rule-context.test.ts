/**
 * The RuleContext, as a plugin's rule gets it through the CLI: the page's variables and where
 * each came from, its generator profile, the document index (another page's anchors, with
 * no-broken-anchors off), the front matter, the template spans, and a `report` bound to the rule.
 */
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, runCli} from './cli-helpers.js'

// Reports, on the first node of every page, what its context holds.
const plugin = `
import {resolve, dirname} from 'node:path'
export default {
  name: 'acme',
  rules: {
    context: {
      meta: {id: 'context', description: 'Shows its context.', recommended: false, url: 'https://example.com/context'},
      check(tree, file, options, context) {
        const other = context.documents.anchorsOf(resolve(file.cwd, dirname(file.path), 'b.md'))
        const own = context.documents.anchorsOf(resolve(file.cwd, file.path))
        context.report(JSON.stringify({
          profile: context.profile.name,
          renders: context.profile.rendersTemplates,
          slug: context.profile.slug('Step 1: Install'),
          variables: Object.keys(context.variables).sort(),
          sources: context.variableSources,
          title: context.frontMatter.title ?? null,
          spans: context.templateSpans.map((span) => span.value),
          own: own === context.anchors() ? [...own.ids] : 'not the same',
          other: other ? [...other.ids] : null,
        }), tree.children[0])
      },
    },
  },
}
`

describe('RuleContext', () => {
  it('gives a plugin rule everything the engine knows about the page', () => {
    const cwd = makeTree({
      'acme.mjs': plugin,
      'docgap.config.json': JSON.stringify({
        plugins: ['./acme.mjs'],
        rules: {'no-broken-anchors': 'off', 'no-unresolved-variables': 'off', 'acme/context': 'error'},
        variables: {site: './site.yml', page: {version: '2.9'}},
      }),
      'site.yml': 'name: Kuma\n',
      'mkdocs.yml': 'site_name: Docs\nplugins:\n  - macros\nextra:\n  product: Mesh\n',
      'docs/a.md': '---\ntitle: Install\n---\n\n# Install {{ product }}\n\nSee [upgrading](b.md#upgrade).\n',
      'docs/b.md': '# Upgrade\n\n## Roll back\n',
    })
    const result = runCli(['docs/a.md', '-f', 'json'], {cwd})
    const [file] = parseJsonReport(result.stdout)
    expect(file!.messages).toHaveLength(1)
    const message = file!.messages[0]!
    expect(message.ruleId).toBe('acme/context')
    expect(JSON.parse(message.message)).toEqual({
      profile: 'mkdocs',
      // mkdocs-macros is on: templates run before Markdown.
      renders: true,
      slug: 'step-1-install',
      variables: ['config', 'page', 'product', 'site'],
      sources: {
        config: [{from: 'site', file: 'mkdocs.yml'}],
        product: [{from: 'site', file: 'mkdocs.yml'}],
        site: [{from: 'configuration', file: './site.yml'}],
        page: [{from: 'configuration', file: 'docgap.config.json'}],
      },
      title: 'Install',
      spans: ['{{ product }}'],
      own: ['install-mesh'],
      // Read from the other page although no-broken-anchors is off.
      other: ['upgrade', 'roll-back'],
    })
  })
})
