/**
 * Each generator's heading ids against examples from its own documentation or test suite; the
 * source of each group is named above it. Where a source shows a heading in a page, the text
 * passed here is the heading's rendered text (what the generator slugs).
 */
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {collectAnchors} from '../src/anchors.js'
import {createParser} from '../src/parse.js'
import {generatorProfile} from '../src/generators/index.js'
import {hugoAnchor} from '../src/generators/hugo.js'
import {pymdownxSlugify, tocSlugify, type MkdocsSlugify} from '../src/generators/mkdocs.js'
import {profileOf, type GeneratorChoice} from './harness.js'

function createSlugger(generator: string, options?: Record<string, unknown>) {
  return generatorProfile(generator, options).slugger()!
}

/** The ids one slugger gives a page's headings in order. */
function ids(generator: string, texts: string[], options?: Record<string, unknown>): string[] {
  const slugger = createSlugger(generator, options)
  return texts.map((text) => slugger.slug(text))
}

describe('github', () => {
  // github-slugger README (node_modules/github-slugger/README.md, "Use").
  it('numbers repeats -1, -2 and keeps non-Latin letters, dropping emoji', () => {
    expect(ids('github', ['foo', 'foo', 'bar', 'foo', 'Привет non-latin 你好', '😄 emoji'])).toEqual([
      'foo',
      'foo-1',
      'bar',
      'foo-2',
      'привет-non-latin-你好',
      '-emoji',
    ])
  })

  // github-slugger README: `reset()` forgets earlier slugs.
  it('starts over after reset', () => {
    const slugger = createSlugger('github')
    slugger.slug('foo')
    slugger.reset()
    expect(slugger.slug('foo')).toBe('foo')
  })

  // Hugo's autoid_test.go cases are "generated manually on github.com": the same text on GitHub.
  it('matches headings as github.com renders them', () => {
    expect(ids('github', ['Question?', '1+2=3', 'Resumé', 'Multiple--Hyphens', 'Under_score'])).toEqual([
      'question',
      '123',
      'resumé',
      'multiple--hyphens',
      'under_score',
    ])
  })
})

describe('docusaurus', () => {
  // docusaurus.io/docs/markdown-features/toc, "Heading IDs": `### Hello World` has id `hello-world`;
  // Docusaurus' createSlugger (@docusaurus/utils slugger.ts) is a thin wrapper of github-slugger.
  it('slugs as github-slugger does', () => {
    expect(ids('docusaurus', ['Hello World', 'Hello World', '😄 emoji'])).toEqual([
      'hello-world',
      'hello-world-1',
      '-emoji',
    ])
  })
})

describe("jekyll (kramdown GFM input, Jekyll's default)", () => {
  // kramdown-parser-gfm test/testcases/header_ids.html (rendered heading text → id). `;.;;` gets no
  // id at all (empty), and the next empty one `-1`. (Its typographic-symbols case is left out: the
  // heading's source, which decides the spaces kramdown puts around « », is not in the test case.)
  it('follows the kramdown-parser-gfm header id test case', () => {
    expect(
      ids('jekyll', [
        'variable_name',
        'abc def öúß',
        '192 abc 192',
        ';.;;',
        'variable_name',
        'variable_name',
        ';;',
        'before \tafter tab',
        'with code',
        'With “smart” quotes',
      ]),
    ).toEqual([
      'variable_name',
      'abc-def-öúß',
      '192-abc-192',
      '',
      'variable_name-1',
      'variable_name-2',
      '-1',
      'before--after-tab',
      'with-code',
      'with-smart-quotes',
    ])
  })

  // kramdown-parser-gfm generate_gfm_header_id: `auto_id_prefix` goes in front.
  it('puts auto_id_prefix in front', () => {
    expect(ids('jekyll', ['Install'], {autoIdPrefix: 'id-'})).toEqual(['id-install'])
  })

  // Emoji are not word characters: dropped, the space before them kept.
  it('drops emoji and punctuation', () => {
    expect(ids('jekyll', ['Ship it 🚀', 'Why? Because!'])).toEqual(['ship-it-', 'why-because'])
  })
})

describe('jekyll (kramdown input)', () => {
  // kramdown documentation of the `auto_ids` option (kramdown.gettalong.org, converter/html),
  // "some examples of header texts and their respective generated IDs".
  it('follows the kramdown auto_ids examples', () => {
    expect(
      ids(
        'jekyll',
        ['This is a header', '12. Another one 1 here', 'Do ^& it now', 'Hallo', 'Not now', 'Hallo', '123456789'],
        {
          jekyllInput: 'kramdown',
        },
      ),
    ).toEqual(['this-is-a-header', 'another-one-1-here', 'do--it-now', 'hallo', 'not-now', 'hallo-1', 'section'])
  })

  // The same algorithm keeps ASCII only: accents and emoji go.
  it('drops non-ASCII letters and emoji', () => {
    expect(ids('jekyll', ['Ünïcödé 🎉 heading', '🎉'], {jekyllInput: 'kramdown'})).toEqual(['ncd--heading', 'section'])
  })
})

describe('hugo', () => {
  // Hugo markup/goldmark/autoid_test.go, TestSanitizeAnchorName ("generated manually on github.com").
  it('follows TestSanitizeAnchorName (github)', () => {
    const cases: Array<[string, string]> = [
      ['God is good: 神真美好', 'god-is-good-神真美好'],
      ['Number 32', 'number-32'],
      ['Question?', 'question'],
      ['1+2=3', '123'],
      ['Special !"#$%&(parens)=?´* chars', 'special-parens-chars'],
      ['Resumé', 'resumé'],
      ['One-Hyphen', 'one-hyphen'],
      ['Multiple--Hyphens', 'multiple--hyphens'],
      ['Trailing hyphen-', 'trailing-hyphen-'],
      ['Many   spaces  here', 'many---spaces--here'],
      ['Forward/slash', 'forwardslash'],
      ['Backward\\slash', 'backwardslash'],
      ['Under_score', 'under_score'],
      ['Nonbreaking\u00a0Space', 'nonbreakingspace'],
      ['Tab\tSpace', 'tabspace'],
      ['Trailing Space ', 'trailing-space'],
    ]
    for (const [text, id] of cases) expect(hugoAnchor(text, 'github'), text).toBe(id)
  })

  // gohugo.io/functions/urls/anchorize: anchorize uses the same sanitizer as heading ids.
  it('follows the anchorize examples', () => {
    expect(ids('hugo', ['A B C', 'a b   c', '< a, b, & c >', 'main.go', 'Hugö'])).toEqual([
      'a-b-c',
      'a-b---c',
      '-a-b--c-',
      'maingo',
      'hugö',
    ])
  })

  // autoid_test.go, TestSanitizeAnchorNameAsciiOnly.
  it('follows TestSanitizeAnchorNameAsciiOnly (github-ascii)', () => {
    expect(ids('hugo', ['god is神真美好 good', 'Resumé'], {hugoAutoHeadingIDType: 'github-ascii'})).toEqual([
      'god-is-good',
      'resume',
    ])
  })

  // autoid_test.go, TestSanitizeAnchorNameBlackfriday; blackfriday's own doc comment: runs of
  // letters and numbers joined by single dashes.
  it('follows TestSanitizeAnchorNameBlackfriday (blackfriday)', () => {
    expect(
      ids('hugo', ["Let's try this, shall we?", '  Émoji 🎉 -- and (more)  '], {hugoAutoHeadingIDType: 'blackfriday'}),
    ).toEqual(['let-s-try-this-shall-we', 'émoji-and-more'])
  })

  // Hugo autoid.go idFactory: an empty id is `heading`; repeats get `-1`, `-2`, stepping around
  // ids already taken, explicit ones included (Put).
  it('numbers repeats -1 and names empty headings `heading`', () => {
    const slugger = createSlugger('hugo')
    slugger.claim('setup-1')
    expect(['Setup', 'Setup', '🎉', '🎉', 'Setup'].map((text) => slugger.slug(text))).toEqual([
      'setup',
      'setup-2',
      'heading',
      'heading-1',
      'setup-3',
    ])
  })
})

describe('mkdocs', () => {
  // Python-Markdown tests/test_syntax/extensions/test_toc.py, testUniqueIds: `#Header` three times.
  it('numbers repeats _1, _2 (testUniqueIds)', () => {
    expect(ids('mkdocs', ['Header', 'Header', 'Header'])).toEqual(['header', 'header_1', 'header_2'])
  })

  // test_toc.py, testUniqueFunc: unique('foo', {'foo'}) is 'foo_1'.
  it('steps around an id already in the page (testUniqueFunc)', () => {
    const slugger = createSlugger('mkdocs')
    slugger.claim('foo')
    expect(slugger.slug('foo')).toBe('foo_1')
  })

  // toc.py `unique`: a taken `x_1` becomes `x_2`, not `x_1_1`; an empty id becomes `_1`.
  it('raises an existing _n suffix and numbers empty ids', () => {
    expect(ids('mkdocs', ['Header', 'Header', 'Header_1', '你好', '🎉'])).toEqual([
      'header',
      'header_1',
      'header_2',
      '_1',
      '_2',
    ])
  })

  // test_toc.py, testAnchorLinkWithDoubleInlineCode: `# This is \`code\` and \`this\` too.`
  it('drops punctuation (testAnchorLinkWithDoubleInlineCode)', () => {
    expect(ids('mkdocs', ['This is code and this too.'])).toEqual(['this-is-code-and-this-too'])
  })

  // toc.py slugify comment: "Replace Extended Latin characters with ASCII, i.e. `žlutý` => `zluty`";
  // runs of dashes and spaces become one separator.
  it('folds accents to ASCII and collapses dashes', () => {
    expect(tocSlugify('žlutý')).toBe('zluty')
    expect(ids('mkdocs', ['Multiple--Hyphens  and   spaces', 'Ship it 🚀'])).toEqual([
      'multiple-hyphens-and-spaces',
      'ship-it',
    ])
  })

  // Python-Markdown's `slugify_unicode` keeps Unicode letters (docs: toc extension, `slugify`).
  it('keeps Unicode with slugify_unicode', () => {
    expect(
      ids('mkdocs', ['Привет non-latin 你好', 'Résumé'], {mkdocsSlugify: 'markdown.extensions.toc.slugify_unicode'}),
    ).toEqual(['привет-non-latin-你好', 'résumé'])
  })

  // The toc extension's `separator` option.
  it('uses the configured separator', () => {
    expect(ids('mkdocs', ['Hello World'], {mkdocsSeparator: '_'})).toEqual(['hello_world'])
  })
})

describe('mkdocs with pymdownx.slugs', () => {
  // pymdown-extensions tests/test_extensions/test_slugs.py (legacy slugifiers).
  it('follows test_slugs.py', () => {
    const slug = (name: MkdocsSlugify, text: string): string => ids('mkdocs', [text], {mkdocsSlugify: name})[0]!
    expect(slug('pymdownx.slugs.uslugify', 'Testing unicode-slugs_headers ±♠Ωℑ')).toBe(
      'testing-unicode-slugs_headers-ωℑ',
    )
    expect(slug('pymdownx.slugs.uslugify_encoded', 'Testing unicode-slugs_headers ±♠Ωℑ with encoding')).toBe(
      'testing-unicode-slugs_headers-%CF%89%E2%84%91-with-encoding',
    )
    expect(slug('pymdownx.slugs.uslugify_cased', 'Testing cased unicode-slugs_headers ±♠Ωℑ')).toBe(
      'Testing-cased-unicode-slugs_headers-Ωℑ',
    )
    expect(
      slug('pymdownx.slugs.uslugify_cased_encoded', 'Testing cased unicode-slugs_headers ±♠Ωℑ with encoding'),
    ).toBe('Testing-cased-unicode-slugs_headers-%CE%A9%E2%84%91-with-encoding')
    expect(slug('pymdownx.slugs.gfm', 'Testing GFM unicode-slugs_headers ±♠Ωℑ')).toBe(
      'testing-gfm-unicode-slugs_headers-Ωℑ',
    )
    expect(slug('pymdownx.slugs.gfm_encoded', 'Testing GFM unicode-slugs_headers ±♠Ωℑ with encoding')).toBe(
      'testing-gfm-unicode-slugs_headers-%CE%A9%E2%84%91-with-encoding',
    )
  })

  // facelessuser.github.io/pymdown-extensions/extras/slugs: `slugify(case=…, percent_encode=…,
  // normalize=…)`; case `none` by default, NFC by default, and "NFD will strip diacritics".
  it('follows the slugify keyword options', () => {
    const text = 'Testing unicode-slugs_headers ±♠Ωℑ'
    expect(pymdownxSlugify(text)).toBe('Testing-unicode-slugs_headers-Ωℑ')
    expect(pymdownxSlugify(text, '-', {case: 'lower'})).toBe('testing-unicode-slugs_headers-ωℑ')
    expect(pymdownxSlugify(text, '-', {case: 'lower-ascii'})).toBe('testing-unicode-slugs_headers-Ωℑ')
    expect(pymdownxSlugify('Straße', '-', {case: 'fold'})).toBe('strasse')
    expect(pymdownxSlugify('Résumé', '-', {case: 'lower', normalize: 'NFD'})).toBe('resume')
    expect(pymdownxSlugify('Résumé <em>now</em>', '-', {case: 'lower'})).toBe('résumé-now')
    expect(
      ids('mkdocs', ['Ünïcödé 🎉', 'Ünïcödé 🎉'], {
        mkdocsSlugify: 'pymdownx.slugs.slugify',
        mkdocsSlugifyOptions: {case: 'lower'},
      }),
    ).toEqual(['ünïcödé-', 'ünïcödé-_1'])
  })
})

describe('collectAnchors with a generator', () => {
  const page = [
    '# Install {#setup}',
    '',
    '## Install',
    '',
    '## Install',
    '',
    '## Résumé -- notes',
    '',
    '## [Docs](https://example.com/x) and `code`',
    '',
    'Text {#para}',
  ].join('\n')
  const anchors = (profile?: GeneratorChoice): string[] =>
    [...collectAnchors(createParser()(new VFile({value: page})), {}, undefined, profileOf(profile)).ids].sort()

  it('keeps the union of ids by default', () => {
    const all = anchors()
    for (const id of ['setup', 'install', 'install-1', 'install_1', 'resume-notes', 'para']) expect(all).toContain(id)
  })

  it("has in the union every id any profile gives, Hugo's github-ascii and blackfriday types included", () => {
    const all = anchors()
    const profiles: GeneratorChoice[] = [
      'github',
      'jekyll',
      'hugo',
      {generator: 'hugo', options: {hugoAutoHeadingIDType: 'github-ascii'}},
      {generator: 'hugo', options: {hugoAutoHeadingIDType: 'blackfriday'}},
      'mkdocs',
      'docusaurus',
    ]
    for (const profile of profiles)
      for (const id of anchors(profile)) expect(all, JSON.stringify(profile)).toContain(id)
  })

  it('gives only GitHub ids for github: no attribute lists', () => {
    expect(anchors('github')).toEqual(
      ['docs-and-code', 'install', 'install-1', 'install-setup', 'résumé----notes'].sort(),
    )
  })

  it('gives kramdown GFM ids for jekyll, with its typographic dashes', () => {
    expect(anchors('jekyll')).toEqual(
      ['docs-and-code', 'install', 'install-1', 'para', 'résumé--notes', 'setup'].sort(),
    )
  })

  it("gives goldmark ids from the heading source for hugo; a paragraph's `{#id}` only with block attributes", () => {
    expect(anchors('hugo')).toEqual(
      ['docshttpsexamplecomx-and-code', 'install', 'install-1', 'résumé----notes', 'setup'].sort(),
    )
    expect(anchors({generator: 'hugo', options: {hugoBlockAttributes: true}})).toContain('para')
  })

  it('gives Python-Markdown ids for mkdocs, and the pymdownx slugify when named', () => {
    expect(anchors('mkdocs')).toEqual(['docs-and-code', 'install', 'install_1', 'para', 'resume-notes', 'setup'].sort())
    expect(
      anchors({
        generator: 'mkdocs',
        options: {mkdocsSlugify: 'pymdownx.slugs.slugify', mkdocsSlugifyOptions: {case: 'lower'}},
      }),
    ).toContain('résumé----notes')
  })

  it('gives github-slugger ids and `{#custom-id}` for docusaurus, which reads no paragraph attributes', () => {
    expect(anchors('docusaurus')).toEqual(['docs-and-code', 'install', 'install-1', 'résumé----notes', 'setup'].sort())
  })
})

describe('collectAnchors: explicit ids in the syntax each generator reads', () => {
  const page = [
    '## Alpha {#a}',
    '',
    '## Beta {: #b}',
    '',
    '## Gamma { #c .wide }',
    '',
    '## Delta',
    '{: #d}',
    '',
    'Text.',
  ].join('\n')
  const anchors = (profile: GeneratorChoice): string[] =>
    [...collectAnchors(createParser()(new VFile({value: page})), {}, undefined, profileOf(profile)).ids].sort()

  // kramdown: `{#id}` ends a header, `{: …}` is an attribute list, also on the line after it.
  it('jekyll: `{#id}` and `{: #id}`, after the heading or on the next line', () => {
    expect(anchors('jekyll')).toEqual(['a', 'b', 'd', 'gamma--c-wide-'].sort())
  })

  // goldmark's attribute syntax has no colon (gohugo.io, configuration/markup, parser.attribute).
  it('hugo: `{#id .class}` only; `{: #id}` stays text', () => {
    expect(anchors('hugo')).toEqual(['a', 'beta--b', 'c', 'delta'].sort())
    expect(anchors({generator: 'hugo', options: {hugoTitleAttributes: false}})).toEqual(
      ['alpha-a', 'beta--b', 'delta', 'gamma--c-wide-'].sort(),
    )
  })

  // Python-Markdown attr_list: the colon is optional; without the extension it is all text.
  it('mkdocs: every attr_list form, and none without attr_list', () => {
    expect(anchors('mkdocs')).toEqual(['a', 'b', 'c', 'd', 'delta'].sort())
    expect(anchors({generator: 'mkdocs', options: {mkdocsAttrList: false}})).toEqual(
      ['alpha-a', 'beta-b', 'delta', 'gamma-c-wide'].sort(),
    )
  })

  // docusaurus.io/docs/markdown-features/toc#heading-ids: `### Hello World {#my-explicit-id}`.
  it('docusaurus: `{#custom-id}` only', () => {
    expect(anchors('docusaurus')).toEqual(['a', 'beta--b', 'delta', 'gamma--c-wide-'].sort())
  })

  it('github: none', () => {
    expect(anchors('github')).toEqual(['alpha-a', 'beta--b', 'delta', 'gamma--c-wide-'].sort())
  })
})

describe('collectAnchors: what a profile knows about ids', () => {
  const collect = (markdown: string, profile?: GeneratorChoice) =>
    collectAnchors(createParser()(new VFile({value: markdown})), {}, undefined, profileOf(profile))

  // gohugo.io, configuration/markup, `autoDefinitionTermID`: definition terms get ids made as
  // heading ids are, numbered with them.
  it('hugo: definition terms get ids when autoDefinitionTermID is on', () => {
    const page = [
      '## anchorize',
      '',
      'anchorize',
      ': Sanitizes a string.',
      '',
      'Term one',
      'Term two',
      ': Both defined here.',
      '',
      'Loose term',
      '',
      ': Defined after a blank line.',
      '',
      'Not a term.',
    ].join('\n')
    const on = {generator: 'hugo', options: {hugoDefinitionTermIds: true}} as const
    expect([...collect(page, on).ids].sort()).toEqual(
      ['anchorize', 'anchorize-1', 'loose-term', 'term-one', 'term-two'].sort(),
    )
    expect([...collect(page, 'hugo').ids]).toEqual(['anchorize'])
  })

  it('jekyll and hugo with automatic ids off: only explicit ids', () => {
    expect([
      ...collect('## Install\n\n## Upgrade {#up}\n', {generator: 'jekyll', options: {autoIds: false}}).ids,
    ]).toEqual(['up'])
    expect([
      ...collect('## Install\n\n## Upgrade {#up}\n', {generator: 'hugo', options: {autoIds: false}}).ids,
    ]).toEqual(['up'])
  })

  it('mkdocs with a slugify of its own: headings without an explicit id make the set incomplete', () => {
    const custom = {generator: 'mkdocs', options: {customSlugify: 'hooks.slugify'}} as const
    expect(collect('## Install {#install}\n', custom).complete).toBe(true)
    expect(collect('## Install {#install}\n\n## Upgrade\n', custom).complete).toBe(false)
  })

  it('Docusaurus tabs wrap content and leave the set complete; an imported partial does not', () => {
    const tabs = '## Install\n\n<Tabs>\n<TabItem value="npm">\n\nRun `npm install`.\n\n</TabItem>\n</Tabs>\n'
    expect(collect(tabs, 'docusaurus').complete).toBe(true)
    expect(collect('## Install\n\n<Partial />\n', 'docusaurus').complete).toBe(false)
  })
})

describe('docusaurus heading ids', () => {
  const headingIds = (markdown: string): string[] => [
    ...collectAnchors(createParser()(new VFile({value: markdown})), {}, undefined, profileOf('docusaurus')).ids,
  ]

  // @docusaurus/utils __tests__/slugger.test.ts, "can create unique slugs".
  it('numbers repeats as its createSlugger does', () => {
    expect(ids('docusaurus', ['Some$/vaLue$!^', 'Some$/vaLue$!^', 'Some$/vaLue$!^', 'Some$/vaLue$!^-1'])).toEqual([
      'somevalue',
      'somevalue-1',
      'somevalue-2',
      'somevalue-1-1',
    ])
  })

  // markdownHeadingIdUtils.test.ts, writeMarkdownHeadingId: "unwraps markdown links" and "can
  // slugify complex headings" (non-ASCII, punctuation, underscores kept).
  it('slugs the rendered text: link text only, accents and underscores kept', () => {
    expect(headingIds('## hello [facebook](https://facebook.com) [crowdin](https://crowdin.com/translate)\n')).toEqual([
      'hello-facebook-crowdin',
    ])
    expect(headingIds('## abc [Hello] How are you %Sébastien_-_$)( ## -56756\n')).toEqual([
      'abc-hello-how-are-you-sébastien_-_---56756',
    ])
  })

  // markdownHeadingIdUtils.test.ts, parseMarkdownHeadingId: the classic and mdx-comment syntaxes.
  it('reads `{#id}` and `{/* #id */}` as parseMarkdownHeadingId does', () => {
    expect(headingIds('## Some heading {#custom-_id}\n')).toEqual(['custom-_id'])
    expect(headingIds('## Some heading {#id1} {#id2}\n')).toEqual(['id2'])
    expect(headingIds('## a {#你好}\n\n## b {#2022.1.1}\n\n## c {#a#b}\n')).toEqual(['你好', '2022.1.1', 'a#b'])
    expect(headingIds('## Some heading {/* #custom-_id */}\n')).toEqual(['custom-_id'])
    expect(headingIds('## {#custom-_id} Some heading\n')).toEqual(['custom-_id-some-heading'])
    expect(headingIds('## a {#}\n')).toEqual(['a-'])
  })
})

describe('the same headings under each generator', () => {
  // One page of headings with non-ASCII letters, emoji, punctuation and a repeat, slugged as each
  // generator's documented algorithm does (see the groups above for the sources).
  const texts = ['Résumé', 'Ship it 🚀', 'Q&A: why?', 'Setup', 'Setup']
  it.each([
    ['github', {}, ['résumé', 'ship-it-', 'qa-why', 'setup', 'setup-1']],
    ['docusaurus', {}, ['résumé', 'ship-it-', 'qa-why', 'setup', 'setup-1']],
    ['jekyll', {}, ['résumé', 'ship-it-', 'qa-why', 'setup', 'setup-1']],
    ['jekyll', {jekyllInput: 'kramdown'}, ['rsum', 'ship-it-', 'qa-why', 'setup', 'setup-1']],
    ['hugo', {}, ['résumé', 'ship-it-', 'qa-why', 'setup', 'setup-1']],
    ['hugo', {hugoAutoHeadingIDType: 'github-ascii'}, ['resume', 'ship-it-', 'qa-why', 'setup', 'setup-1']],
    ['hugo', {hugoAutoHeadingIDType: 'blackfriday'}, ['résumé', 'ship-it', 'q-a-why', 'setup', 'setup-1']],
    ['mkdocs', {}, ['resume', 'ship-it', 'qa-why', 'setup', 'setup_1']],
    ['mkdocs', {mkdocsSlugify: 'pymdownx.slugs.uslugify'}, ['résumé', 'ship-it-', 'qa-why', 'setup', 'setup_1']],
  ] as const)('%s %j', (generator, options, expected) => {
    expect(ids(generator, texts, options as Record<string, unknown>)).toEqual(expected)
  })
})
