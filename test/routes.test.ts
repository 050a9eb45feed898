/**
 * Links written as routes of the built site, mapped back to the pages they are built from:
 * VitePress' `rewrites` and folder routes, Starlight's `base`, locales, `redirects` and custom
 * pages. The config files are read as text, never run.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {objectPairs, pageFiles, resolveRoute, rewrite} from '../src/generators/routes.js'
import {parseJsonReport, runCli} from './cli-helpers.js'

describe('route arithmetic', () => {
  it('rewrites paths by path-to-regexp patterns, both ways', () => {
    expect(rewrite('en/guide/markdown.md', 'en/:rest*', ':rest*')).toBe('guide/markdown.md')
    expect(rewrite('guide/markdown.md', ':rest*', 'en/:rest*')).toBe('en/guide/markdown.md')
    expect(rewrite('packages/pkg-a/src/foo.md', 'packages/:pkg/src/:slug*', ':pkg/:slug*')).toBe('pkg-a/foo.md')
    expect(rewrite('packages/pkg-a/foo.md', 'packages/:pkg/src/:slug*', ':pkg/:slug*')).toBeUndefined()
  })

  it('maps a route to the page files it may be built from', () => {
    expect(pageFiles('guide/x', ['md'])).toEqual(['guide/x.md', 'guide/x/index.md'])
    expect(pageFiles('guide/x.html', ['md'])).toEqual(['guide/x.md', 'guide/x/index.md'])
    expect(pageFiles('guide/', ['md'])).toEqual(['guide/index.md'])
    expect(pageFiles('guide/', ['md'], false)).toEqual(['guide.md', 'guide/index.md'])
    expect(pageFiles('', ['md', 'mdx'])).toEqual(['index.md', 'index.mdx'])
  })

  it('resolves relative routes from the route of the page they are in', () => {
    expect(resolveRoute('../reference/site-config', 'guide/routing.md')).toBe('reference/site-config')
    expect(resolveRoute('./', 'guide/routing.md')).toBe('guide/')
    expect(resolveRoute('/guide/x?y=1', 'index.md')).toBe('guide/x')
  })

  it('reads an object literal of string pairs, and says when the key is set by code', () => {
    const text = "export default {\n  rewrites: {\n    'en/:rest*': ':rest*', // English at the root\n  },\n}"
    expect(objectPairs(text, 'rewrites')).toEqual([['en/:rest*', ':rest*']])
    expect(objectPairs('export default {rewrites(id) { return id }}', 'rewrites')).toBe('code')
    expect(objectPairs('export default {title: "x"}', 'rewrites')).toEqual([])
  })
})

describe('a Starlight site with base, redirects and dynamic pages', () => {
  let cwd = ''
  afterEach(() => rmSync(cwd, {recursive: true, force: true}))

  function site(files: Record<string, string>): string {
    cwd = mkdtempSync(join(tmpdir(), 'docgap-routes-'))
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(cwd, path)), {recursive: true})
      writeFileSync(join(cwd, path), text)
    }
    return cwd
  }

  const config = (extra: string) =>
    `import starlight from '@astrojs/starlight'\nexport default {\n  base: '/docs/',\n  ${extra}\n  integrations: [starlight({title: 'X'})],\n}\n`
  const target = '---\ntitle: Setup\n---\n\n## Install\n\nRun it.\n'

  it('checks routes under base, leaves other routes and redirected ones alone', () => {
    site({
      'astro.config.mjs': config("redirects: { '/docs/old/': '/docs/setup/' },"),
      'src/content/docs/setup.md': target,
      'src/content/docs/index.md':
        '---\ntitle: Home\n---\n\n[a](/docs/setup/#install) [b](/docs/setup#install) [c](/blog/) [d](/docs/old/)\n\n' +
        '[e](/docs/setup/#usage) [f](/docs/missing/)\n',
    })
    const result = runCli(['--format', 'json', '.'], {cwd})
    const found = parseJsonReport(result.stdout).flatMap((file) => file.messages.map((m) => `${m.line}:${m.column}`))
    expect(found).toEqual(['7:1', '7:25'])
  })

  it('does not call a route missing when src/pages has a dynamic route', () => {
    site({
      'astro.config.mjs': config(''),
      'src/pages/[...slug].astro': '---\n---\n',
      'src/content/docs/index.md': '---\ntitle: Home\n---\n\n[a](/docs/api/anything/) [b](/docs/#nowhere)\n',
    })
    const result = runCli(['--format', 'json', '.'], {cwd})
    const found = parseJsonReport(result.stdout).flatMap((file) => file.messages.map((m) => m.message))
    expect(found).toEqual([expect.stringContaining('missing anchor `#nowhere`')])
  })

  it('leaves routes alone that a plugin or an unknown section could make, and finds pages by their slugged names', () => {
    site({
      'astro.config.mjs': config(''),
      'src/content/docs/guides/Getting Started.md': target,
      'src/content/docs/index.md':
        '---\ntitle: Home\n---\n\n[a](/docs/guides/getting-started/#install) [b](/docs/api/client/) [c](/docs/guides/nothing/)\n',
    })
    const result = runCli(['--format', 'json', '.'], {cwd})
    const found = parseJsonReport(result.stdout).flatMap((file) => file.messages.map((m) => m.message))
    expect(found).toEqual([expect.stringContaining('missing page `/docs/guides/nothing/`')])
  })

  it('does not call a route missing on a site whose plugin adds pages (a blog)', () => {
    site({
      'astro.config.mjs': `import starlightBlog from 'starlight-blog'\n${config('')}`,
      'src/content/docs/index.md': '---\ntitle: Home\n---\n\n[a](/docs/blog/) [b](/docs/nothing/)\n',
    })
    const result = runCli(['--format', 'json', '.'], {cwd})
    expect(parseJsonReport(result.stdout).flatMap((file) => file.messages)).toEqual([])
  })
})

describe('a VitePress site', () => {
  let cwd = ''
  afterEach(() => rmSync(cwd, {recursive: true, force: true}))

  it('does not call a route missing when ignoreDeadLinks lets such links through', () => {
    cwd = mkdtempSync(join(tmpdir(), 'docgap-routes-'))
    mkdirSync(join(cwd, 'docs', '.vitepress'), {recursive: true})
    writeFileSync(join(cwd, 'docs', 'index.md'), '# Home\n\n[a](/guide/) [b](./setup#install) [c](./setup#nope)\n')
    writeFileSync(join(cwd, 'docs', 'setup.md'), '# Setup\n\n## Install\n\nRun it.\n')
    const run = (config: string) => {
      writeFileSync(join(cwd, 'docs', '.vitepress', 'config.mts'), config)
      const result = runCli(['--format', 'json', 'docs'], {cwd})
      return parseJsonReport(result.stdout).flatMap((file) => file.messages.map((m) => m.column))
    }
    expect(run('export default {title: "x"}\n')).toEqual([1, 35])
    expect(run('export default {ignoreDeadLinks: true}\n')).toEqual([35])
  })

  it('resolves routes from srcDir', () => {
    cwd = mkdtempSync(join(tmpdir(), 'docgap-routes-'))
    mkdirSync(join(cwd, '.vitepress'))
    mkdirSync(join(cwd, 'src', 'guide'), {recursive: true})
    writeFileSync(join(cwd, '.vitepress', 'config.js'), "export default {srcDir: './src', cleanUrls: true}\n")
    writeFileSync(
      join(cwd, 'src', 'index.md'),
      '# Home\n\n[a](/guide/setup#install) [b](/guide/setup#nope) [c](/setup)\n',
    )
    writeFileSync(join(cwd, 'src', 'guide', 'setup.md'), '# Setup\n\n## Install\n\nRun it.\n')
    const result = runCli(['--format', 'json', 'src'], {cwd})
    const found = parseJsonReport(result.stdout).flatMap((file) => file.messages.map((m) => m.column))
    expect(found).toEqual([27, 50])
  })
})
