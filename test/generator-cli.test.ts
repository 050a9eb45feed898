/** The site generator, detected with no docgap configuration, through the CLI. */
import {describe, expect, it} from 'vitest'
import {makeTree, runCli} from './cli-helpers.js'

const page = '# A\n\n{{ site.product }} {{ site.data.release.latest }} {{ site.nope }}\n'

describe('generator: auto', () => {
  it("defines a Jekyll site's variables from _config.yml and _data/, with no docgap config", () => {
    const cwd = makeTree({'_config.yml': 'product: Kuma\n', '_data/release.yml': 'latest: "2.6"\n', 'docs/a.md': page})
    const result = runCli(['docs', '-f', 'compact'], {cwd})
    expect(result.stdout).toBe(
      'docs/a.md:3:51: error Unexpected undefined variable `site.nope`, expected a variable defined in the configuration [no-unresolved-variables]\n',
    )
  })

  it("lets the configured variables win over the site's", () => {
    const cwd = makeTree({
      '_config.yml': 'product: Kuma\n',
      'docgap.config.json': JSON.stringify({
        variables: {site: {product: 'Kong', nope: 1, data: {release: {latest: 1}}}},
      }),
      'docs/a.md': page,
    })
    expect(runCli(['docs', '-f', 'compact'], {cwd})).toMatchObject({code: 0, stdout: ''})
  })

  it('--print-config names the generator, why, and the variable namespaces', () => {
    const cwd = makeTree({'mkdocs.yml': 'site_name: Docs\nextra:\n  version: 3\n', 'docs/a.md': '# A\n'})
    const printed = JSON.parse(runCli(['--print-config', 'docs/a.md'], {cwd}).stdout)
    expect(printed.generator).toEqual({name: 'mkdocs', reason: 'mkdocs.yml at mkdocs.yml'})
    expect(printed.variables).toEqual(['config', 'version'])
  })

  it('generator: github turns detection off', () => {
    const cwd = makeTree({
      '_config.yml': 'product: Kuma\n',
      'docgap.config.json': '{"generator": "github"}',
      'docs/a.md': '# A\n\n{{ site.product }}\n',
    })
    expect(runCli(['docs', '-f', 'compact'], {cwd}).stdout).toContain('`site.product`')
  })
})
