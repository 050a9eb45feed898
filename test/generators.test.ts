/** Site generators: which one builds a page, and the variables its own configuration provides. */
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'
import {findConfig} from '../src/config/find.js'
import {resolveConfig} from '../src/config/resolve.js'
import {
  clearGeneratorCache,
  detectGenerator,
  generatorProfile,
  loadSite,
  unknownGenerator,
  type DetectedGenerator,
} from '../src/generators/index.js'
import {parseTable} from '../src/generators/jekyll.js'
import {builtinRules} from '../rules/index.js'
import noBrokenAnchors from '../rules/no-broken-anchors.js'
import noLiteralTemplateSyntax from '../rules/no-literal-template-syntax.js'
import noUnresolvedVariables from '../rules/no-unresolved-variables.js'
import {profileOf, type GeneratorChoice} from './harness.js'
import {lintFile} from '../src/lint.js'
import {createParser, loadMdx} from '../src/parse.js'
import {VFile} from 'vfile'
import {makeTree} from './cli-helpers.js'

const page = '# Guide\n\nText.\n'

/** The variables a detected site's config gives its pages. */
const generatorVariables = async (detected: DetectedGenerator) => (await loadSite(detected)).variables
/** The heading-id settings read from a detected site's config (the macros plugin apart). */
const headingIdOptions = async (detected: DetectedGenerator) => {
  const {macros: _, ...settings} = (await loadSite(detected)).profile.settings
  return settings
}

/** How the reason names a path: relative to the working directory, with `/`. */
const shown = (path: string) => relative(process.cwd(), path).split(sep).join('/')

afterEach(() => clearGeneratorCache())

describe('detectGenerator', () => {
  it.each([
    ['jekyll', '_config.yml', {'_config.yml': 'title: Docs\n'}],
    ['hugo', 'hugo.toml', {'hugo.toml': 'title = "Docs"\n'}],
    ['hugo', 'hugo.yaml', {'hugo.yaml': 'title: Docs\n'}],
    ['hugo', 'hugo.json', {'hugo.json': '{"title": "Docs"}\n'}],
    ['mkdocs', 'mkdocs.yml', {'mkdocs.yml': 'site_name: Docs\n'}],
    ['docusaurus', 'docusaurus.config.js', {'docusaurus.config.js': 'export default {}\n'}],
    ['docusaurus', 'docusaurus.config.mjs', {'docusaurus.config.mjs': 'export default {}\n'}],
    ['docusaurus', 'docusaurus.config.ts', {'docusaurus.config.ts': 'export default {}\n'}],
  ] as const)('detects %s from %s in a folder above the page', (name, file, files) => {
    const root = makeTree({...files, 'docs/guides/a.md': page})
    const detected = detectGenerator(join(root, 'docs', 'guides', 'a.md'))
    expect({...detected, profile: detected.profile.name}).toEqual({
      profile: name,
      reason: `${file} at ${shown(join(root, file))}`,
      root,
      configPath: join(root, file),
    })
  })

  it('takes config.toml as Hugo only beside a content/ folder', () => {
    const hugo = makeTree({'config.toml': 'title = "Docs"\n', 'content/posts/a.md': page})
    const detected = detectGenerator(join(hugo, 'content', 'posts', 'a.md'), hugo)
    expect({...detected, profile: detected.profile.name}).toEqual({
      profile: 'hugo',
      reason: `config.toml beside content/ at ${shown(join(hugo, 'config.toml'))}`,
      root: hugo,
      configPath: join(hugo, 'config.toml'),
    })
    const other = makeTree({'config.toml': '[tool]\n', 'docs/a.md': page})
    expect(detectGenerator(join(other, 'docs', 'a.md'), other).profile.name).toBe('github')
  })

  it("takes Hugo's config directory (config/_default/hugo.toml or config.toml) beside content/", () => {
    for (const file of ['hugo.toml', 'config.yaml']) {
      const hugo = makeTree({
        [`config/_default/${file}`]: 'title: Docs\n',
        'config/production/params.toml': '',
        'content/en/a.md': page,
      })
      const detected = detectGenerator(join(hugo, 'content', 'en', 'a.md'), hugo)
      expect(detected.profile.name).toBe('hugo')
      expect(detected.configPath).toBe(join(hugo, 'config', '_default', file))
    }
    // A config folder of something else, or with no content/ beside it, is not a Hugo site.
    expect(
      detectGenerator(join(makeTree({'config/_default/app.toml': '', 'content/a.md': page}), 'content', 'a.md')).profile
        .name,
    ).not.toBe('hugo')
    const noContent = makeTree({'config/_default/hugo.toml': '', 'docs/a.md': page})
    expect(detectGenerator(join(noContent, 'docs', 'a.md'), noContent).profile.name).toBe('github')
  })

  it('says github, and why, when no generator config is found up to stopAt', () => {
    const root = makeTree({'docs/a.md': page})
    const detected = detectGenerator(join(root, 'docs', 'a.md'), root)
    expect(detected.profile.name).toBe('github')
    expect(detected.root).toBeUndefined()
    expect(detected.configPath).toBeUndefined()
    expect(detected.reason).toBe(
      `no _config.yml, hugo.toml, mkdocs.yml, docusaurus.config.*, .vitepress/config.* or astro.config.* from ${shown(join(root, 'docs'))} up to ${shown(root)}`,
    )
  })

  it('does not look above stopAt', () => {
    const root = makeTree({'mkdocs.yml': 'site_name: Docs\n', 'repo/docs/a.md': page})
    expect(detectGenerator(join(root, 'repo', 'docs', 'a.md'), join(root, 'repo')).profile.name).toBe('github')
    expect(detectGenerator(join(root, 'repo', 'docs', 'a.md')).profile.name).toBe('mkdocs')
  })

  it('takes the nearest config: a nested site wins over the one around it', () => {
    const root = makeTree({
      '_config.yml': 'title: Outer\n',
      'index.md': page,
      'handbook/mkdocs.yml': 'site_name: Handbook\n',
      'handbook/docs/a.md': page,
      'handbook/docs/deep/b.md': page,
    })
    expect(detectGenerator(join(root, 'index.md'), root).profile.name).toBe('jekyll')
    const nested = detectGenerator(join(root, 'handbook', 'docs', 'deep', 'b.md'), root)
    expect(nested.profile.name).toBe('mkdocs')
    expect(nested.root).toBe(join(root, 'handbook'))
    expect(detectGenerator(join(root, 'handbook', 'docs', 'a.md'), root).configPath).toBe(
      join(root, 'handbook', 'mkdocs.yml'),
    )
  })

  it('prefers mkdocs.yml to _config.yml in the same folder', () => {
    const root = makeTree({'_config.yml': 'theme: minima\n', 'mkdocs.yml': 'site_name: Docs\n', 'docs/a.md': page})
    expect(detectGenerator(join(root, 'docs', 'a.md'), root).profile.name).toBe('mkdocs')
  })

  it('reads each folder once: answers come from the cache until it is cleared', () => {
    const root = makeTree({'docs/a.md': page, 'docs/b.md': page})
    expect(detectGenerator(join(root, 'docs', 'a.md'), root).profile.name).toBe('github')
    writeFileSync(join(root, 'mkdocs.yml'), 'site_name: Docs\n')
    // A sibling in a folder already read is answered without reading the tree again.
    expect(detectGenerator(join(root, 'docs', 'b.md'), root).profile.name).toBe('github')
    clearGeneratorCache()
    expect(detectGenerator(join(root, 'docs', 'b.md'), root).profile.name).toBe('mkdocs')
  })

  it('does not take a folder named like a config file for one', () => {
    const root = makeTree({'mkdocs.yml/x.txt': 'x', 'docs/a.md': page})
    expect(detectGenerator(join(root, 'docs', 'a.md'), root).profile.name).toBe('github')
  })
})

describe('generatorVariables', () => {
  it('gives Jekyll `site` from _config.yml and `site.data` from _data/, nested folders as mappings', async () => {
    const root = makeTree({
      '_config.yml': 'title: Docs\nbaseurl: /docs\nproduct:\n  name: Mesh\n',
      '_data/navigation.yml': '- title: Home\n  url: /\n',
      '_data/versions.json': '{"latest": "3.6"}',
      '_data/team.csv': 'name,role\nAda,"Lead, docs"\nLin,Writer\n',
      '_data/products/gateway/release.yaml': 'version: 3.6.1\n',
      '_data/empty.yml': '',
      '_data/notes.txt': 'ignored',
      'docs/a.md': page,
    })
    const variables = await generatorVariables(detectGenerator(join(root, 'docs', 'a.md'), root))
    expect(variables).toEqual({
      site: {
        title: 'Docs',
        baseurl: '/docs',
        product: {name: 'Mesh'},
        data: {
          navigation: [{title: 'Home', url: '/'}],
          versions: {latest: '3.6'},
          team: [
            {name: 'Ada', role: 'Lead, docs'},
            {name: 'Lin', role: 'Writer'},
          ],
          products: {gateway: {release: {version: '3.6.1'}}},
          empty: {},
        },
      },
    })
  })

  it('leaves `site.data` unset without a data folder and honours data_dir', async () => {
    const plain = makeTree({'_config.yml': 'title: Docs\n', 'a.md': page})
    expect(await generatorVariables(detectGenerator(join(plain, 'a.md'), plain))).toEqual({site: {title: 'Docs'}})
    const moved = makeTree({'_config.yml': 'data_dir: data\n', 'data/links.yml': 'home: /\n', 'a.md': page})
    expect(await generatorVariables(detectGenerator(join(moved, 'a.md'), moved))).toEqual({
      site: {data_dir: 'data', data: {links: {home: '/'}}},
    })
    const empty = makeTree({'_config.yml': '', 'a.md': page})
    mkdirSync(join(empty, '_data'))
    expect(await generatorVariables(detectGenerator(join(empty, 'a.md'), empty))).toEqual({site: {data: {}}})
  })

  it('gives MkDocs `config` from mkdocs.yml and its `extra:` keys at the top level, custom tags and all', async () => {
    const root = makeTree({
      'mkdocs.yml': [
        'site_name: Mesh docs',
        "site_url: !ENV [SITE_URL, 'https://example.com/']",
        'repo_url: !ENV REPO_URL',
        'theme:',
        '  name: material',
        'markdown_extensions:',
        '  - pymdownx.emoji:',
        '      emoji_index: !!python/name:material.extensions.emoji.twemoji',
        '      emoji_generator: !!python/name:material.extensions.emoji.to_svg',
        '  - toc:',
        '      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}',
        'extra:',
        '  product: Mesh',
        '  versions:',
        '    latest: "2.9"',
        '',
      ].join('\n'),
      'docs/index.md': page,
    })
    const detected = detectGenerator(join(root, 'docs', 'index.md'), root)
    expect(detected.profile.name).toBe('mkdocs')
    const variables = await generatorVariables(detected)
    expect(Object.keys(variables).sort()).toEqual(['config', 'product', 'versions'])
    expect(variables.product).toBe('Mesh')
    expect(variables.versions).toEqual({latest: '2.9'})
    const config = variables.config as Record<string, any>
    expect(config.site_name).toBe('Mesh docs')
    expect(config.site_url).toEqual(['SITE_URL', 'https://example.com/'])
    expect(config.repo_url).toBe('REPO_URL')
    expect(config.markdown_extensions[0]['pymdownx.emoji'].emoji_index).toBeTypeOf('string')
    expect(config.markdown_extensions[1].toc.slugify).toEqual({kwds: {case: 'lower'}})
    expect(config.extra.product).toBe('Mesh')
  })

  it('gives nothing for Hugo, Docusaurus and GitHub', async () => {
    const hugo = makeTree({'hugo.toml': 'title = "x"\n', 'content/a.md': page})
    const docusaurus = makeTree({'docusaurus.config.ts': 'export default {}\n', 'docs/a.md': page})
    const github = makeTree({'a.md': page})
    for (const [root, file] of [
      [hugo, 'content/a.md'],
      [docusaurus, 'docs/a.md'],
      [github, 'a.md'],
    ] as const) {
      expect(await generatorVariables(detectGenerator(join(root, file), root))).toEqual({})
    }
  })

  it('names the file when a generator config is not valid YAML', async () => {
    const root = makeTree({'mkdocs.yml': 'site_name: [unclosed\n', 'a.md': page})
    await expect(generatorVariables(detectGenerator(join(root, 'a.md'), root))).rejects.toThrow(
      /mkdocs\.yml: invalid YAML/,
    )
    rmSync(root, {recursive: true})
  })
})

describe('headingIdOptions', () => {
  const optionsOf = async (files: Record<string, string>, page = 'docs/a.md') => {
    const root = makeTree({...files, [page]: '# A\n'})
    return headingIdOptions(detectGenerator(join(root, page), root))
  }

  it('reads Jekyll kramdown input, auto_id_prefix and auto_ids', async () => {
    expect(await optionsOf({'_config.yml': 'markdown: kramdown\n'})).toEqual({})
    expect(await optionsOf({'_config.yml': 'kramdown:\n  input: GFM\n  auto_id_prefix: sec-\n'})).toEqual({
      autoIdPrefix: 'sec-',
    })
    expect(await optionsOf({'_config.yml': 'kramdown:\n  input: kramdown\n  auto_ids: false\n'})).toEqual({
      jekyllInput: 'kramdown',
      autoIds: false,
    })
    // Values of the wrong type leave the defaults.
    expect(await optionsOf({'_config.yml': 'kramdown:\n  input: [GFM]\n  auto_id_prefix: 3\n'})).toEqual({})
  })

  it('reads Hugo goldmark parser settings from TOML, YAML and JSON, keys in any case', async () => {
    const toml = [
      '[markup.goldmark.parser]',
      "  autoHeadingIDType = 'github-ascii'",
      '  autoDefinitionTermID = true',
      '  [markup.goldmark.parser.attribute]',
      '    block = true',
      '    title = false',
    ].join('\n')
    expect(await optionsOf({'hugo.toml': toml}, 'content/a.md')).toEqual({
      hugoAutoHeadingIDType: 'github-ascii',
      hugoDefinitionTermIds: true,
      hugoBlockAttributes: true,
      hugoTitleAttributes: false,
    })
    const yaml = 'markup:\n  goldmark:\n    parser:\n      autoheadingidtype: blackfriday\n      autoHeadingID: false\n'
    expect(await optionsOf({'hugo.yaml': yaml}, 'content/a.md')).toEqual({
      hugoAutoHeadingIDType: 'blackfriday',
      autoIds: false,
    })
    const json = JSON.stringify({Markup: {Goldmark: {Parser: {AutoHeadingIDType: 'github'}}}})
    expect(await optionsOf({'hugo.json': json}, 'content/a.md')).toEqual({hugoAutoHeadingIDType: 'github'})
    expect(
      await optionsOf(
        {'config.toml': '[markup.goldmark.parser]\nautoHeadingIDType = "nonsense"\n', 'content/b.md': ''},
        'content/a.md',
      ),
    ).toEqual({})
  })

  it("reads Hugo's config directory, markup settings in a markup file of their own", async () => {
    const markup = '[goldmark.parser]\n  autoHeadingIDType = "github-ascii"\n'
    expect(
      await optionsOf(
        {'config/_default/hugo.toml': 'title = "Docs"\n', 'config/_default/markup.toml': markup},
        'content/a.md',
      ),
    ).toEqual({
      hugoAutoHeadingIDType: 'github-ascii',
    })
    // Only per-key files: still a Hugo site, its markup settings still read.
    expect(
      await optionsOf(
        {'config/_default/params.toml': 'x = 1\n', 'config/_default/markup.toml': markup},
        'content/a.md',
      ),
    ).toEqual({
      hugoAutoHeadingIDType: 'github-ascii',
    })
    const inline = '[markup.goldmark.parser]\n  autoHeadingIDType = "blackfriday"\n'
    expect(await optionsOf({'config/_default/config.toml': inline}, 'content/a.md')).toEqual({
      hugoAutoHeadingIDType: 'blackfriday',
    })
  })

  it("names the file when Hugo's TOML is invalid", async () => {
    await expect(optionsOf({'hugo.toml': '[markup\n'}, 'content/a.md')).rejects.toThrow(/hugo\.toml: invalid TOML/)
  })

  it('reads the MkDocs toc slugify from its Python tag, its keyword arguments and the separator', async () => {
    const config = (toc: string, extensions = '  - attr_list\n') => ({
      'mkdocs.yml': `site_name: Docs\nsite_url: !ENV [SITE_URL, 'https://example.com/']\nmarkdown_extensions:\n${extensions}  - toc:\n${toc}`,
    })
    expect(await optionsOf(config('      permalink: true\n'))).toEqual({mkdocsAttrList: true})
    expect(
      await optionsOf(config('      slugify: !!python/name:pymdownx.slugs.uslugify\n      separator: _\n')),
    ).toEqual({
      mkdocsAttrList: true,
      mkdocsSlugify: 'pymdownx.slugs.uslugify',
      mkdocsSeparator: '_',
    })
    expect(
      await optionsOf(config('      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n', '')),
    ).toEqual({
      mkdocsAttrList: false,
      mkdocsSlugify: 'markdown.extensions.toc.slugify_unicode',
    })
    // The block form and the flow form of `!!python/object/apply`, as the Material docs write them.
    const block =
      '      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n          normalize: NFD\n'
    expect(await optionsOf(config(block))).toEqual({
      mkdocsAttrList: true,
      mkdocsSlugify: 'pymdownx.slugs.slugify',
      mkdocsSlugifyOptions: {case: 'lower', normalize: 'NFD'},
    })
    const flow =
      '      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: fold, percent_encode: true}}\n'
    expect((await optionsOf(config(flow))).mkdocsSlugifyOptions).toEqual({case: 'fold', percent_encode: true})
    // A slugify of the site's own cannot be run: its name is kept so that its ids count as unknown.
    expect(await optionsOf(config('      slugify: !!python/name:docs.hooks.slugify\n'))).toEqual({
      mkdocsAttrList: true,
      customSlugify: 'docs.hooks.slugify',
    })
  })

  it('reads MkDocs extensions given as a mapping, `extra` as bundling attr_list, and survives odd shapes', async () => {
    expect(
      await optionsOf({
        'mkdocs.yml': 'markdown_extensions:\n  markdown.extensions.extra: {}\n  toc: {separator: "_"}\n',
      }),
    ).toEqual({
      mkdocsAttrList: true,
      mkdocsSeparator: '_',
    })
    for (const odd of [
      'markdown_extensions: 3\n',
      'markdown_extensions: [[toc]]\n',
      'markdown_extensions:\n  - toc: !ENV TOC\n',
      '',
    ]) {
      expect(await optionsOf({'mkdocs.yml': odd})).toMatchObject({})
    }
    await expect(optionsOf({'mkdocs.yml': '- a list\n'})).rejects.toThrow(
      /mkdocs\.yml: expected a mapping at the top level/,
    )
  })

  it('reads whether mkdocs.yml turns on mkdocs-macros: a site fact of the profile, not a variable', async () => {
    const rendersIn = async (config: string) => {
      const root = makeTree({'mkdocs.yml': config, 'docs/a.md': page})
      return (await loadSite(detectGenerator(join(root, 'docs', 'a.md'), root))).profile.rendersTemplates
    }
    expect(await rendersIn('site_name: Docs\n')).toBe(false)
    expect(await rendersIn('plugins:\n  - search\n')).toBe(false)
    expect(await rendersIn('plugins:\n  - search\n  - macros\n')).toBe(true)
    expect(await rendersIn('plugins:\n  macros: {module_name: main}\n')).toBe(true)
    // Plugins inherited from another file are not known: templates are taken to render.
    expect(await rendersIn('INHERIT: base.yml\n')).toBe(true)
    // A profile not configured from a site does not know either.
    expect(generatorProfile('mkdocs').rendersTemplates).toBe(true)
  })

  it('gives loadSite the options beside the variables', async () => {
    const root = makeTree({'_config.yml': 'title: Docs\nkramdown:\n  auto_id_prefix: h-\n', 'a.md': page})
    const site = await loadSite(detectGenerator(join(root, 'a.md'), root))
    expect(site.profile.name).toBe('jekyll')
    expect(site.profile.settings).toEqual({autoIdPrefix: 'h-'})
    expect(site.variables).toEqual({site: {title: 'Docs', kramdown: {auto_id_prefix: 'h-'}}})
    const docusaurus = makeTree({'docusaurus.config.js': 'export default {}\n', 'docs/a.md': page})
    const read = await loadSite(detectGenerator(join(docusaurus, 'docs', 'a.md'), docusaurus))
    expect([read.profile.name, read.profile.settings, read.variables]).toEqual([
      'docusaurus',
      {siteRoot: docusaurus},
      {},
    ])
  })
})

describe('parseTable', () => {
  it('reads quoted fields, doubled quotes, CRLF and TSV', () => {
    expect(parseTable('a,b\r\n"x ""y""","1\n2"\r\n', ',')).toEqual([{a: 'x "y"', b: '1\n2'}])
    expect(parseTable('a\tb\nx\n', '\t')).toEqual([{a: 'x', b: ''}])
    expect(parseTable('', ',')).toEqual([])
  })
})

describe('the generator config key', () => {
  const resolveIn = async (files: Record<string, string>) => {
    const cwd = makeTree(files)
    return resolveConfig(await findConfig(cwd), builtinRules, {cwd})
  }

  it('is auto by default and takes each generator name', async () => {
    expect((await resolveIn({})).generator).toBe('auto')
    for (const name of ['auto', 'github', 'jekyll', 'hugo', 'mkdocs', 'docusaurus']) {
      expect((await resolveIn({'docgap.config.json': JSON.stringify({generator: name})})).generator).toBe(name)
    }
  })

  it('lets a file override the one it extends', async () => {
    const config = await resolveIn({
      'base.json': JSON.stringify({generator: 'hugo'}),
      'docgap.config.json': JSON.stringify({extends: './base.json', generator: 'mkdocs'}),
    })
    expect(config.generator).toBe('mkdocs')
    const inherited = await resolveIn({
      'base.json': JSON.stringify({generator: 'hugo'}),
      'docgap.config.json': JSON.stringify({extends: './base.json'}),
    })
    expect(inherited.generator).toBe('hugo')
  })

  it.each([
    [
      'mkdoc',
      'docgap.config.json: generator: invalid value `mkdoc` (did you mean `mkdocs`?) (expected auto, github, jekyll, hugo, mkdocs, docusaurus, vitepress, starlight)',
    ],
    [
      3,
      'docgap.config.json: generator: invalid value 3 (expected auto, github, jekyll, hugo, mkdocs, docusaurus, vitepress, starlight)',
    ],
  ])('refuses %j, naming the valid values', async (value, message) => {
    await expect(resolveIn({'docgap.config.json': JSON.stringify({generator: value})})).rejects.toThrow(message)
  })
})

describe('no-unresolved-variables on each generator', () => {
  const parse = createParser()
  const findings = (
    markdown: string,
    generator?: GeneratorChoice,
    settings: {allow?: string[]; path?: string; variables?: Record<string, unknown>} = {},
  ) => {
    const file = new VFile({path: settings.path ?? 'docs/page.md', value: markdown})
    const options = noUnresolvedVariables.parseOptions({allow: settings.allow ?? []})
    const rules = [
      {rule: noUnresolvedVariables, severity: 'error' as const, options},
      {rule: noLiteralTemplateSyntax, severity: 'error' as const, options: undefined},
    ]
    lintFile(file, {rules, parse, variables: settings.variables, profile: profileOf(generator)})
    return file.messages.map((message) => `${message.line}:${message.column}: ${message.reason}`)
  }

  it('hugo: a `{{ }}` outside code and shortcodes renders as written', () => {
    const page = [
      'Built by {{ .Site.Title }} for [the home page]({{ .Site.BaseURL }}).',
      '',
      '{{< note >}}Shortcodes {{% param "version" %}} are replaced.{{< /note >}}',
      '',
      '{{< highlight go-html-template >}}',
      '{{ range .Pages }}{{ .Title }}{{ end }}',
      '{{< /highlight >}}',
      '',
      'In code: `{{ .Title }}`, and ${{ github.sha }} in a workflow.',
      '',
      '```go-html-template',
      '{{ .Content }}',
      '```',
    ].join('\n')
    expect(findings(page, {generator: 'hugo'})).toEqual([
      '1:10: Unexpected template expression `{{ .Site.Title }}` in Hugo content, expected a shortcode (`{{< … >}}` or `{{% … %}}`): Hugo shows it as written',
      '1:48: Unexpected template expression `{{ .Site.BaseURL }}` in Hugo content, expected a shortcode (`{{< … >}}` or `{{% … %}}`): Hugo shows it as written',
    ])
    // Without a generator the same page is read as a template that some build fills in.
    expect(findings(page)).toEqual([])
  })

  it("mkdocs: a macro call is resolved by name against `allow`, the page's own macros and the built-in ones", () => {
    const page = [
      '{% macro card(title) %}{{ title }}{% endmacro %}',
      '{% import "macros.md" as m %}',
      '{{ card("Install") }} {{ m.note("x") }} {{ macros_info() }} {{ now().year }}',
      '{{ button("Install", "install.md") }}',
    ].join('\n')
    expect(findings(page, 'mkdocs')).toEqual([
      "4:1: Unexpected call of undefined macro `button()`, expected a macro named in the rule's `allow` option (mkdocs-macros defines macros in Python, which docgap does not run)",
    ])
    expect(findings(page, 'mkdocs', {allow: ['button']})).toEqual([])
    expect(findings(page)).toEqual([])
  })

  it('mkdocs: without the mkdocs-macros plugin in mkdocs.yml, any `{{ }}` is shown as written', () => {
    const page = 'Welcome to {{ config.site_name }}.\n\nIn code: `{{ config.site_name }}`.\n'
    const message =
      '1:12: Unexpected template expression `{{ config.site_name }}` on an MkDocs site without the mkdocs-macros plugin, expected `macros` in the `plugins` of mkdocs.yml: MkDocs shows it as written'
    // Whether mkdocs.yml turns on the plugin is a fact of the site's profile (read from mkdocs.yml).
    const noMacros = {generator: 'mkdocs', options: {macros: false}}
    expect(findings(page, noMacros, {variables: {config: {site_name: 'Docs'}}})).toEqual([message])
    expect(
      findings(page, {generator: 'mkdocs', options: {macros: true}}, {variables: {config: {site_name: 'Docs'}}}),
    ).toEqual([])
    // A variable named `config` says nothing about the site's plugins.
    expect(findings(page, noMacros, {variables: {config: {site_name: 'Docs', plugins: ['macros']}}})).toEqual([message])
    // mkdocs.yml not read (variables configured by hand): the plugin is taken as there.
    expect(findings(page, 'mkdocs', {variables: {config: undefined}})).toEqual([
      '1:12: Unexpected undefined variable `config.site_name`, expected a variable defined in the configuration',
    ])
  })

  it('mkdocs: `page.meta.*` from the front matter, `config.*` and `extra:` keys from mkdocs.yml', () => {
    const page =
      '---\nstatus: new\n---\n\n{{ page.meta.status }} {{ config.site_name }} {{ product }} {{ page.meta.owner }}\n'
    const variables = {
      config: {site_name: 'Docs', plugins: ['search', 'macros'], extra: {product: 'Mesh'}},
      product: 'Mesh',
    }
    expect(findings(page, 'mkdocs', {variables})).toEqual([
      '5:61: Unexpected undefined variable `page.meta.owner`, expected a variable defined in the front matter or the configuration',
    ])
  })

  it("jekyll: `layout.*` is the layout's front matter, `include.*` an include's parameters inside _includes", () => {
    expect(findings('{{ layout.sidebar }}\n', 'jekyll')).toEqual([])
    expect(findings('{{ layout.sidebar }}\n')).toHaveLength(1)
    expect(findings('{{ include.title }}\n', 'jekyll', {path: 'site/_includes/card.md'})).toEqual([])
    expect(findings('{{ include.title }}\n', 'jekyll')).toEqual([
      '1:1: Unexpected undefined variable `include.title`, expected `include.*` only in files inside `_includes`, with the `includeParameters` option',
    ])
  })
})

describe('how a Docusaurus site reads its pages', () => {
  /** Whether each page is parsed as MDX, and with HTML comments, for a site with this config and package.json. */
  const modes = async (config: string, manifest?: string) => {
    const files: Record<string, string> = {'docusaurus.config.ts': config, 'docs/a.md': page, 'docs/b.mdx': page}
    if (manifest) files['package.json'] = manifest
    files['README.md'] = page
    const root = makeTree(files)
    try {
      const {profile} = await loadSite(detectGenerator(join(root, 'docs', 'a.md'), root))
      return ['docs/a.md', 'docs/b.mdx', 'README.md'].map((path) => {
        const mode = profile.parseMode!(join(root, path))
        return `${path} ${mode.mdx ? 'mdx' : 'markdown'}${mode.mdx && mode.htmlComments ? '+comments' : ''}`
      })
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  }

  it('reads .md pages of its content folders as MDX by default (Docusaurus 3), with HTML comments', async () => {
    expect(await modes('export default {}\n')).toEqual([
      'docs/a.md mdx+comments',
      'docs/b.mdx mdx+comments',
      // Beside the config, not one of its pages.
      'README.md markdown',
    ])
  })

  it("reads .md pages as CommonMark with markdown.format 'detect' or 'md'", async () => {
    for (const format of ['detect', 'md']) {
      const config = `export default {\n  markdown: {\n    // format: 'mdx',\n    format: '${format}',\n  },\n}\n`
      expect(await modes(config)).toEqual(['docs/a.md markdown', 'docs/b.mdx mdx+comments', 'README.md markdown'])
    }
  })

  it('refuses HTML comments in MDX with mdx1Compat.comments false, and not when the line is commented out', async () => {
    const off = 'export default {markdown: {mdx1Compat: {comments: false}}}\n'
    expect(await modes(off)).toEqual(['docs/a.md mdx', 'docs/b.mdx mdx', 'README.md markdown'])
    const commented = 'export default {markdown: {mdx1Compat: {\n  // comments: false,\n}}}\n'
    expect((await modes(commented))[0]).toBe('docs/a.md mdx+comments')
  })

  it('reads .md pages as Markdown on a Docusaurus 2 site (MDX 1), from its package.json', async () => {
    const manifest = JSON.stringify({dependencies: {'@docusaurus/core': '^2.4.3'}})
    expect(await modes('module.exports = {}\n', manifest)).toEqual([
      'docs/a.md markdown',
      'docs/b.mdx mdx+comments',
      'README.md markdown',
    ])
    const three = JSON.stringify({dependencies: {'@docusaurus/core': '3.5.2'}})
    expect((await modes('module.exports = {}\n', three))[0]).toBe('docs/a.md mdx+comments')
  })

  it('reads a docs folder the config names with path: as content', async () => {
    const root = makeTree({
      'website/docusaurus.config.js': "module.exports = {presets: [['classic', {docs: {path: '../guides'}}]]}\n",
      'guides/a.md': page,
    })
    try {
      const {profile} = await loadSite(detectGenerator(join(root, 'website', 'docusaurus.config.js'), root))
      expect(profile.parseMode!(join(root, 'guides', 'a.md')).mdx).toBe(true)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})

describe('footnote ids, as each generator makes them', () => {
  // Docusaurus reads a `.md` page as MDX.
  beforeAll(loadMdx)
  // Two footnotes, the second one labelled: links to each id form the generators use.
  const page = [
    'Retries[^1] back off[^backoff].',
    '',
    '[^1]: Three of them.',
    '[^backoff]: One second, then two.',
    '',
    ...['fn:1', 'fnref:1', 'fn:backoff', 'fn:2', 'fn2', 'fnref2', 'fn-backoff', 'user-content-fn-backoff'].map(
      (id) => `- [${id}](#${id})`,
    ),
    '',
  ].join('\n')
  /** The fragments this profile's page does not have. */
  const broken = (profile: Parameters<typeof lintFile>[1]['profile']) => {
    const file = new VFile({path: 'notes.md', value: page})
    lintFile(file, {
      rules: [{rule: noBrokenAnchors, severity: 'error', options: undefined}],
      parse: createParser(),
      profile,
    })
    return file.messages.map((message) => /`#([^`]+)`/.exec(message.reason)?.[1])
  }

  it.each([
    // Python-Markdown and kramdown: by label.
    ['mkdocs', ['fn:2', 'fn2', 'fnref2', 'fn-backoff', 'user-content-fn-backoff']],
    ['jekyll', ['fn:2', 'fn2', 'fnref2', 'fn-backoff', 'user-content-fn-backoff']],
    // goldmark: numbered in order.
    ['hugo', ['fn:backoff', 'fn2', 'fnref2', 'fn-backoff', 'user-content-fn-backoff']],
    // remark-rehype; GitHub also without its `user-content-` prefix.
    ['github', ['fn:1', 'fnref:1', 'fn:backoff', 'fn:2', 'fn2', 'fnref2']],
    ['docusaurus', ['fn:1', 'fnref:1', 'fn:backoff', 'fn:2', 'fn2', 'fnref2', 'fn-backoff']],
    ['starlight', ['fn:1', 'fnref:1', 'fn:backoff', 'fn:2', 'fn2', 'fnref2', 'fn-backoff']],
    // markdown-it-footnote: numbered, no separator.
    ['vitepress', ['fn:1', 'fnref:1', 'fn:backoff', 'fn:2', 'fn-backoff', 'user-content-fn-backoff']],
  ])('%s pages have their own', (name, expected) => {
    expect(broken(generatorProfile(name))).toEqual(expected)
  })

  it("a page of an unknown generator has every generator's", () => {
    expect(broken(unknownGenerator)).toEqual([])
  })
})
