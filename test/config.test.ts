/** Configuration: where it is found, what it may say, and the one-line errors when it is wrong. */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {findConfig} from '../src/config/find.js'
import {resolveConfig, type FileConfig} from '../src/config/resolve.js'
import type {Rule} from '../src/rule.js'
import {builtinRules} from '../rules/index.js'
import {makeTree, parseJsonReport, runCli} from './cli-helpers.js'

const page = '# Guide\n\n- \n\nWelcome to {{ site.product }}.\n'

async function resolveIn(cwd: string, explicit?: string) {
  return resolveConfig(await findConfig(cwd, explicit), builtinRules, {cwd})
}

function enabled(config: Awaited<ReturnType<typeof resolveIn>>): Record<string, string> {
  return Object.fromEntries(config.rules.map(({rule, severity}) => [rule.meta.id, severity]))
}

describe('finding the configuration', () => {
  it('turns the recommended rules on at their default severity when there is none', async () => {
    const config = await resolveIn(makeTree({'a.md': page}))
    const expected = builtinRules
      .filter((rule) => rule.meta.recommended)
      .map((rule) => [rule.meta.id, rule.meta.severity ?? 'error'])
    expect(enabled(config)).toEqual(Object.fromEntries(expected))
    expect(enabled(config)['no-empty-list-items']).toBe('error')
  })

  it.each([
    ['docgap.config.json', JSON.stringify({rules: {'no-empty-list-items': 'warn'}})],
    ['docgap.config.yaml', 'rules:\n  no-empty-list-items: warn\n'],
    ['docgap.config.yml', 'rules:\n  no-empty-list-items: 1\n'],
    ['docgap.config.mjs', 'export default {rules: {"no-empty-list-items": "warn"}}\n'],
    ['.docgaprc.json', JSON.stringify({rules: {'no-empty-list-items': 'warn'}})],
    ['.docgaprc.yaml', 'rules: {no-empty-list-items: warn}\n'],
    ['.docgaprc', '{"rules": {"no-empty-list-items": "warn"}}\n'],
    ['package.json', JSON.stringify({name: 'docs', docgap: {rules: {'no-empty-list-items': 'warn'}}})],
  ])('reads %s', async (name, content) => {
    const config = await resolveIn(makeTree({[name]: content}))
    expect(enabled(config)['no-empty-list-items']).toBe('warn')
  })

  it('looks upward from the working directory, nearest first', async () => {
    const root = makeTree({
      'docgap.config.json': JSON.stringify({rules: {'no-placeholders': 'off'}}),
      'docs/guides/a.md': page,
    })
    const config = await resolveIn(join(root, 'docs', 'guides'))
    expect(enabled(config)['no-placeholders']).toBeUndefined()
    expect(config.display).toBe(join('..', '..', 'docgap.config.json'))
  })

  it('prefers docgap.config.json over .docgaprc and skips a package.json without a docgap key', async () => {
    const root = makeTree({
      'docgap.config.json': JSON.stringify({rules: {'no-placeholders': 'warn'}}),
      '.docgaprc': 'rules: {no-placeholders: off}\n',
      'sub/package.json': JSON.stringify({name: 'x'}),
    })
    expect(enabled(await resolveIn(join(root, 'sub')))['no-placeholders']).toBe('warn')
  })

  it('--config overrides the search', async () => {
    const root = makeTree({
      'docgap.config.json': JSON.stringify({rules: {'no-placeholders': 'warn'}}),
      'ci/strict.yml': 'rules: {no-placeholders: error}\n',
    })
    expect(enabled(await resolveIn(root, 'ci/strict.yml'))['no-placeholders']).toBe('error')
  })
})

describe('variables', () => {
  it('loads YAML and JSON files relative to the config file, and inline objects', async () => {
    const root = makeTree({
      // A repository: its files, the site's _config.yml above docs/ included, may be read.
      '.git/HEAD': 'ref: refs/heads/main\n',
      'docs/docgap.config.yml': 'variables:\n  site: ../_config.yml\n  data: ./data.json\n  page: {version: 2.1.x}\n',
      '_config.yml': 'title: Docs\nlinks:\n  web: https://example.com\n',
      'docs/data.json': '{"releases": ["1.0"]}',
    })
    const config = await resolveIn(join(root, 'docs'))
    expect(config.variables).toEqual({
      site: {title: 'Docs', links: {web: 'https://example.com'}},
      data: {releases: ['1.0']},
      page: {version: '2.1.x'},
    })
  })

  it('reads an mkdocs.yml with Python tags as plain data, running nothing', async () => {
    const root = makeTree({
      'docgap.config.yml': 'variables:\n  config: ./mkdocs.yml\n',
      'mkdocs.yml':
        'site_name: Docs\nextra:\n  version: 3\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n',
    })
    const config = await resolveIn(root)
    expect(config.variables.config).toMatchObject({site_name: 'Docs', extra: {version: 3}})
  })

  it('defines the variables a page uses', () => {
    const cwd = makeTree({
      'docgap.config.json': JSON.stringify({
        variables: {site: {product: 'Kuma'}},
        rules: {'no-empty-list-items': 'off'},
      }),
      'a.md': page,
    })
    expect(runCli(['a.md'], {cwd})).toMatchObject({code: 0, stdout: ''})
  })
})

describe('configuration errors: exit 2, one line naming the file and the key', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    [
      'an unknown rule, with a suggestion',
      {'docgap.config.json': '{"rules": {"no-placeholder": "error"}}'},
      'docgap: docgap.config.json: rules.no-placeholder: unknown rule `no-placeholder` (did you mean `no-placeholders`?)',
    ],
    [
      'a bad severity',
      {'docgap.config.json': '{"rules": {"no-placeholders": "fatal"}}'},
      'docgap: docgap.config.json: rules.no-placeholders: invalid severity "fatal" (expected "off", "warn", "error", 0, 1 or 2)',
    ],
    [
      'an option of the wrong type',
      {'docgap.config.json': '{"rules": {"require-step-links": ["warn", {"skipProcedures": "yes"}]}}'},
      'docgap: docgap.config.json: rules.require-step-links.skipProcedures: must be true or false',
    ],
    [
      'an unknown option',
      {'docgap.config.json': '{"rules": {"require-step-links": ["warn", {"heading": []}]}}'},
      'docgap: docgap.config.json: rules.require-step-links.heading: unknown option (known: headings, skipProcedures)',
    ],
    [
      'an invalid regular expression',
      {'docgap.config.json': '{"rules": {"require-step-links": ["warn", {"headings": ["(next"]}]}}'},
      'docgap: docgap.config.json: rules.require-step-links.headings: invalid regular expression "(next"',
    ],
    [
      'options for a rule that takes none',
      {'docgap.config.json': '{"rules": {"no-empty-list-items": ["warn", {"x": 1}]}}'},
      'docgap: docgap.config.json: rules.no-empty-list-items',
    ],
    [
      'an unknown top-level key',
      {'docgap.config.json': '{"rule": {}}'},
      'docgap: docgap.config.json: rule: unknown key `rule` (did you mean `rules`?)',
    ],
    ['invalid JSON', {'docgap.config.json': '{"rules": {'}, 'docgap: docgap.config.json: invalid JSON'],
    [
      'invalid YAML, with its line',
      {'docgap.config.yml': 'rules:\n  no-placeholders: [warn\n'},
      'docgap: docgap.config.yml: invalid YAML (line 3',
    ],
    [
      'a missing variables file',
      {'docgap.config.yml': 'variables:\n  site: ./_config.yml\n'},
      'docgap: docgap.config.yml: variables.site: ./_config.yml: cannot read file: no such file or directory',
    ],
    [
      'an invalid variables file',
      {'docgap.config.yml': 'variables:\n  site: ./site.yml\n', 'site.yml': 'title: [oops\n'},
      'docgap: docgap.config.yml: variables.site: ./site.yml: invalid YAML',
    ],
    [
      'a variables file that is not a mapping',
      {'docgap.config.yml': 'variables:\n  site: ./site.yml\n', 'site.yml': '- a\n- b\n'},
      'docgap: docgap.config.yml: variables.site: ./site.yml: expected a mapping at the top level',
    ],
    [
      'ignores that are not a list',
      {'docgap.config.json': '{"ignores": "drafts/**"}'},
      'docgap: docgap.config.json: ignores: expected an array of glob patterns',
    ],
    [
      'a JavaScript config that throws',
      {'docgap.config.mjs': 'throw new Error("boom")\n'},
      'docgap: docgap.config.mjs: cannot load config file: boom',
    ],
  ]

  it.each(cases)('%s', (_, files, expected) => {
    const cwd = makeTree({...files, 'a.md': '# A\n\nText.\n'})
    const result = runCli(['a.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.startsWith(expected)).toBe(true)
  })

  it('--config naming a missing file', () => {
    const result = runCli(['a.md', '--config', 'nope.json'], {cwd: makeTree({'a.md': '# A\n'})})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('docgap: nope.json: cannot read config file: no such file or directory\n')
  })

  it('is checked before any file is read', () => {
    const cwd = makeTree({'docgap.config.json': '{"rules": {"nope": "error"}}'})
    const result = runCli(['missing.md'], {cwd})
    expect(result.stderr).toContain('rules.nope')
  })
})

describe('a rule set to warn in config', () => {
  it('reports warnings with severity 1 and exits 0', () => {
    const cwd = makeTree({
      '.docgaprc.json': '{"rules": {"no-empty-list-items": "warn", "no-unresolved-variables": "off"}}',
      'a.md': page,
    })
    const result = runCli(['a.md', '-f', 'json'], {cwd})
    expect(result.code).toBe(0)
    const [file] = parseJsonReport(result.stdout)
    expect(file!.messages.map((m) => [m.ruleId, m.severity])).toEqual([['no-empty-list-items', 1]])
    expect(file!.warningCount).toBe(1)
  })
})

describe('hostile configuration', () => {
  it('runs patterns that backtrack exponentially in JavaScript in linear time (RE2), and still matches with them', () => {
    // Each of these takes exponential time in a backtracking engine on the text below.
    const patterns = ['(a|a)*$', '(?:a|a)+!x', '\\d+\\d+\\d+\\d+\\d+\\d+y', '^(a+)+$', 'DRAFT-\\d+']
    const cwd = makeTree({
      'docgap.config.json': JSON.stringify({
        rules: {'no-placeholders': ['error', {patterns}], 'require-step-links': ['error', {headings: ['^(a+)+$']}]},
      }),
      'a.md': `# A\n\n${'a'.repeat(5000)}! and ${'1'.repeat(5000)}z.\n\nSee DRAFT-12.\n`,
    })
    const result = runCli(['a.md', '-f', 'compact'], {cwd})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    // `(a|a)*$` matches only the empty string at the end of text; `DRAFT-\d+` matches where it should.
    expect(result.stdout).toContain('a.md:5:5: error Unexpected placeholder `DRAFT-12`')
  })

  it('names the file and key of a pattern RE2 cannot run (lookahead, backreferences)', () => {
    for (const pattern of ['(?=x)a', '(a)\\1']) {
      const cwd = makeTree({
        'docgap.config.json': JSON.stringify({rules: {'no-placeholders': ['error', {patterns: [pattern]}]}}),
        'a.md': '# A\n',
      })
      const result = runCli(['a.md'], {cwd})
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(
        new RegExp(
          `^docgap: docgap\\.config\\.json: rules\\.no-placeholders\\.patterns: invalid regular expression .*(lookahead|backreference|unsupported|invalid escape).*\\n$`,
        ),
      )
    }
  })

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    const names = 'abcdefghi'
    for (let index = 1; index < names.length; index++) {
      levels.push(
        `${names[index]}: &${names[index]} [${Array(9)
          .fill(`*${names[index - 1]}`)
          .join(',')}]`,
      )
    }
    const cwd = makeTree({
      'docgap.config.yml': 'variables:\n  site: ./bomb.yml\n',
      'bomb.yml': `${levels.join('\n')}\n`,
      'a.md': '# A\n',
    })
    const result = runCli(['a.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^docgap: docgap\.config\.yml: variables\.site: \.\/bomb\.yml: invalid YAML: Excessive alias count/,
    )
  })

  it('refuses a variables file over 10 MB', () => {
    const cwd = makeTree({
      'docgap.config.yml': 'variables:\n  site: ./big.yml\n',
      'big.yml': `x: "${'a'.repeat(11 * 1024 * 1024)}"\n`,
      'a.md': '# A\n',
    })
    const result = runCli(['a.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'docgap: docgap.config.yml: variables.site: ./big.yml: file too large (11 MB; configuration and variables files may be up to 10 MB)\n',
    )
  })

  it('never runs code named by YAML tags', () => {
    const cwd = makeTree({
      'docgap.config.yml': 'variables:\n  site: ./site.yml\n',
      'site.yml':
        "name: !!js/function \"function () { require('fs').writeFileSync('pwned', '') }\"\nhook: !!python/object/apply:os.system [\"touch pwned\"]\n",
      'a.md': '# A\n\n{{ site.name }}\n',
    })
    runCli(['a.md'], {cwd})
    expect(existsSync(join(cwd, 'pwned'))).toBe(false)
  })
})

describe('extends and overrides, resolved', () => {
  async function resolveWith(
    files: Record<string, string>,
    options: {rules?: Rule<any>[]; ruleOverrides?: string[]} = {},
  ) {
    const cwd = makeTree(files)
    const config = await resolveConfig(await findConfig(cwd), options.rules ?? builtinRules, {
      cwd,
      ruleOverrides: options.ruleOverrides,
    })
    return {cwd, config}
  }
  const severityIn = (config: FileConfig, id: string) => config.settings.get(id)?.severity

  it('gives files the same overrides match the same configuration object, built once', async () => {
    let parsed = 0
    const counting: Rule<{n: number}> = {
      meta: {id: 'counting', description: 'Counts.', recommended: true, url: 'https://example.com'},
      parseOptions(raw) {
        parsed++
        return {n: (raw as {n?: number} | undefined)?.n ?? 0}
      },
      check() {},
    }
    const {cwd, config} = await resolveWith(
      {
        'docgap.config.json': JSON.stringify({
          overrides: [
            {files: ['api/**'], rules: {counting: 'warn'}},
            {files: ['*.md'], rules: {counting: ['error', {n: 2}]}},
          ],
        }),
      },
      {rules: [counting]},
    )
    const parsedAtLoad = parsed
    const a = config.forFile(join(cwd, 'api', 'a.txt'))
    expect(config.forFile(join(cwd, 'api', 'deep', 'b.txt'))).toBe(a)
    expect(config.forFile(join(cwd, 'guides', 'c.txt')).rules).toBe(config.rules)
    expect(config.forFile(join(cwd, 'api', 'd.md')).rules).toEqual([
      {rule: counting, severity: 'error', options: {n: 2}},
    ])
    expect(a.rules).toEqual([{rule: counting, severity: 'warn', options: {n: 0}}])
    // Options given in the file are parsed when it is read; default options once a rule.
    expect(parsed).toBe(parsedAtLoad)
    expect(config.forFile(join(cwd, '..', 'elsewhere', 'api', 'x.md')).rules).toBe(config.rules)
  })

  it("applies an extended file's overrides before the extending file's own rules, as ESLint does", async () => {
    const {cwd, config} = await resolveWith({
      'base.json': JSON.stringify({
        overrides: [{files: ['api/**'], rules: {'no-placeholders': 'off', 'no-empty-links': 'off'}}],
      }),
      'docgap.config.json': JSON.stringify({extends: ['./base.json'], rules: {'no-placeholders': 'warn'}}),
    })
    const api = config.forFile(join(cwd, 'api', 'a.md'))
    expect(severityIn(api, 'no-placeholders')).toBe('warn')
    expect(severityIn(api, 'no-empty-links')).toBe('off')
    expect(config.extends).toEqual(['base.json'])
    expect(config.overrides).toEqual([{from: 'base.json: overrides[0]', files: ['api/**']}])
  })

  it('lets --rule win over every override', async () => {
    const {cwd, config} = await resolveWith(
      {'docgap.config.json': JSON.stringify({overrides: [{files: ['api/**'], rules: {'no-placeholders': 'off'}}]})},
      {ruleOverrides: ['no-placeholders=warn']},
    )
    expect(severityIn(config.forFile(join(cwd, 'api', 'a.md')), 'no-placeholders')).toBe('warn')
  })

  it("merges an override's variables into the namespaces already defined", async () => {
    const {cwd, config} = await resolveWith({
      '_config.yml': 'product: Kuma\nversion: 2.0\n',
      'docgap.config.json': JSON.stringify({
        variables: {site: './_config.yml'},
        overrides: [{files: ['v1/**'], variables: {site: {version: '1.0'}, page: {layout: 'old'}}}],
      }),
    })
    expect(config.forFile(join(cwd, 'v1', 'a.md')).variables).toEqual({
      site: {product: 'Kuma', version: '1.0'},
      page: {layout: 'old'},
    })
    expect(config.variables).toEqual({site: {product: 'Kuma', version: 2}})
  })

  it('docgap:strict turns every built-in rule on as an error, with a title required', async () => {
    const {config} = await resolveWith({'docgap.config.json': JSON.stringify({extends: 'docgap:strict'})})
    expect(config.rules.map(({rule, severity}) => [rule.meta.id, severity])).toEqual(
      builtinRules.map((rule) => [rule.meta.id, 'error']),
    )
    expect(config.rules.find(({rule}) => rule.meta.id === 'require-frontmatter')?.options).toEqual({
      required: ['title'],
      draft: false,
    })
  })

  it('docgap:recommended is the configuration docgap uses with none', async () => {
    const {config} = await resolveWith({
      'docgap.config.json': JSON.stringify({extends: ['docgap:strict', 'docgap:recommended']}),
    })
    const none = await resolveIn(makeTree({}))
    expect(enabled(config)).toEqual(enabled(none))
  })
})
