/** Links between pages: anchors into other files and missing files, through the CLI. */
import {describe, expect, it} from 'vitest'
import {makeTree, runCli} from './cli-helpers.js'

const only = ['--rule', 'no-empty-sections=off', '--rule', 'no-editorial-notes=off', '-f', 'compact']

describe('no-broken-anchors across files', () => {
  const cwd = makeTree({
    'docs/index.md': [
      '# Start',
      '',
      'See [install](guides/install.md#kustomize), [helm](guides/install.md#with-helm),',
      '[upgrade](./guides/upgrade.md), [self](./index.md#nowhere) and [self ok](index.md#start).',
      '',
      'Also [the product](guides/product.md#kuma-security) and [a route](/docs/install/#anything).',
      '',
    ].join('\n'),
    'docs/guides/install.md': '# Install\n\n## With Helm\n\nText.\n',
    'docs/guides/product.md': '# Product\n\n## {{ site.name }} security\n\nText.\n',
    'docgap.config.json': JSON.stringify({variables: {site: {name: 'Kuma'}}}),
  })

  it('reports a missing anchor in another page, a missing file, and a missing anchor in the page itself', () => {
    const result = runCli(['docs', ...only], {cwd})
    expect(result.stdout.trim().split('\n')).toEqual([
      'docs/index.md:3:5: error Unexpected link to missing anchor `guides/install.md#kustomize`, expected a heading or id in `guides/install.md` [no-broken-anchors]',
      'docs/index.md:4:1: error Unexpected link to missing file `./guides/upgrade.md`, expected an existing file [no-broken-anchors]',
      expect.stringMatching(/^docs\/index\.md:4:33: error Unexpected link to missing anchor `#nowhere`/),
    ])
    expect(result.code).toBe(1)
  })

  it('gives the same findings when only the linking page is linted', () => {
    const all = runCli(['docs', ...only], {cwd}).stdout
    const one = runCli(['docs/index.md', ...only], {cwd}).stdout
    expect(one).toBe(all)
  })
})
