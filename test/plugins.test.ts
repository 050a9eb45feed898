/**
 * Pluggable rules through the CLI, as a docs team uses them: a rule file of their own, a
 * remark-lint rule package, presets, per-folder overrides, --print-config, and every way
 * loading a plugin can go wrong (exit 2, one line naming the plugin and the config file).
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, repoRoot, runCli, type JsonFile} from './cli-helpers.js'

const examplePlugin = join(repoRoot, 'examples', 'require-prerequisites.mjs')
const lintRuleUrl = pathToFileURL(join(repoRoot, 'node_modules', 'unified-lint-rule', 'index.js')).href

// A plugin as a plain object, with no import from docgap: the documented shape is all it takes.
const releaseNotesPlugin = `
const meta = {
  description: 'Release notes must give the release date.',
  recommended: false,
  url: 'https://docs.example.com/rules/release-notes-have-date',
}
export default {
  name: 'acme',
  rules: {
    'release-notes-have-date': {
      meta,
      parseOptions(raw) {
        const options = raw ?? {}
        for (const key of Object.keys(options)) {
          if (key !== 'pattern') throw Object.assign(new Error('unknown option (known: pattern)'), {name: 'RuleOptionError', option: key})
        }
        if (options.pattern !== undefined && typeof options.pattern !== 'string') {
          throw Object.assign(new Error('must be a string'), {name: 'RuleOptionError', option: 'pattern'})
        }
        return {pattern: new RegExp(options.pattern ?? '\\\\d{4}-\\\\d{2}-\\\\d{2}')}
      },
      check(tree, file, options) {
        const heading = tree.children.find((node) => node.type === 'heading')
        if (!heading) return
        const text = heading.children.map((child) => child.value ?? '').join('')
        if (!options.pattern.test(text)) {
          file.message('Unexpected release heading without a date, expected one such as \`## 2.1.0 (2024-05-01)\`', {place: heading.position})
        }
      },
    },
    crashes: {
      meta: {description: 'Fails on pages that say boom.', recommended: false, url: 'https://docs.example.com/rules/crashes'},
      check(tree, file) {
        if (String(file.value).includes('boom')) throw new Error('cannot handle boom')
      },
    },
  },
  presets: {
    recommended: {rules: {'acme/release-notes-have-date': 'error'}},
  },
}
`

/** A remark-lint rule package made with unified-lint-rule, whose `exports` offer only `import`. */
const headingWordRule = `
import {lintRule} from '${lintRuleUrl}'
export default lintRule({origin: 'remark-lint:heading-word', url: 'https://example.com/heading-word'}, (tree, file, options) => {
  const word = options ?? 'Misc'
  if (typeof word !== 'string') file.fail('Unexpected value \`' + JSON.stringify(word) + '\` for \`options\`, expected a word')
  for (const node of tree.children) {
    if (node.type === 'heading' && node.children.some((child) => child.value === word)) {
      file.message('Unexpected heading \`' + word + '\`, expected a descriptive heading', {place: node.position})
    }
  }
})
`

function project(files: Record<string, string>): string {
  const cwd = makeTree(files)
  const modules = join(cwd, 'node_modules')
  mkdirSync(modules, {recursive: true})
  // Installed as npm installs it, so that it resolves from the config file's folder.
  symlinkSync(
    join(repoRoot, 'node_modules', 'remark-lint-no-duplicate-headings'),
    join(modules, 'remark-lint-no-duplicate-headings'),
    'dir',
  )
  writePackage(modules, 'remark-lint-heading-word', headingWordRule, {exports: {'.': {import: './index.js'}}})
  return cwd
}

function writePackage(modules: string, name: string, code: string, manifest: Record<string, unknown> = {}): void {
  const folder = join(modules, name)
  mkdirSync(folder, {recursive: true})
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({name, version: '1.0.0', type: 'module', main: 'index.js', ...manifest}),
  )
  writeFileSync(join(folder, 'index.js'), code)
}

function config(value: unknown): string {
  return JSON.stringify(value)
}

function findings(files: JsonFile[]): string[] {
  return files.flatMap((file) =>
    file.messages.map((message) => `${file.filePath}:${message.line}:${message.ruleId}:${message.severity}`),
  )
}

function lintJson(
  cwd: string,
  args: string[] = ['.'],
): {code: number | null; findings: string[]; stderr: string; files: JsonFile[]} {
  const result = runCli([...args, '-f', 'json'], {cwd})
  const files = result.stdout ? parseJsonReport(result.stdout) : []
  return {code: result.code, findings: findings(files), stderr: result.stderr, files}
}

describe('a custom rule file in a docs project', () => {
  const pages = {
    'docs-rules/release-notes.mjs': releaseNotesPlugin,
    'release-notes/2-1.md': '## 2.1.0\n\nFaster startup.\n',
    'release-notes/2-0.md': '## 2.0.0 (2024-01-15)\n\nFirst release.\n',
  }

  it('is loaded from a path relative to the config file, namespaced by the plugin name, and configured under rules', () => {
    const cwd = project({
      ...pages,
      'docgap.config.json': config({
        plugins: ['./docs-rules/release-notes.mjs'],
        rules: {'acme/release-notes-have-date': 'warn'},
      }),
    })
    const result = lintJson(cwd)
    expect(result.findings).toEqual(['release-notes/2-1.md:1:acme/release-notes-have-date:1'])
    expect(result.code).toBe(0)
  })

  it('is off unless configured (its meta says recommended: false), and is found from a subfolder', () => {
    const cwd = project({...pages, 'docgap.config.json': config({plugins: ['./docs-rules/release-notes.mjs']})})
    expect(lintJson(join(cwd, 'release-notes')).findings).toEqual([])
  })

  it('takes options, validated before any page is read', () => {
    const cwd = project({
      ...pages,
      'docgap.config.json': config({
        plugins: ['./docs-rules/release-notes.mjs'],
        rules: {'acme/release-notes-have-date': ['error', {pattern: '\\(\\w+ \\d{4}\\)'}]},
      }),
    })
    expect(lintJson(cwd).findings).toEqual([
      'release-notes/2-0.md:1:acme/release-notes-have-date:2',
      'release-notes/2-1.md:1:acme/release-notes-have-date:2',
    ])
  })

  it('is suppressed by inline directives naming its id, which are not unknown rules', () => {
    const cwd = project({
      ...pages,
      'release-notes/2-1.md':
        '<!-- docgap-disable-next-line acme/release-notes-have-date -->\n## 2.1.0\n\nFaster startup.\n',
      'docgap.config.json': config({
        plugins: ['./docs-rules/release-notes.mjs'],
        rules: {'acme/release-notes-have-date': 'error'},
      }),
    })
    expect(runCli(['.', '--report-unused-disable-directives', '-f', 'compact'], {cwd})).toMatchObject({
      code: 0,
      stdout: '',
    })
  })

  it("links each finding to the rule's page", () => {
    const cwd = project({
      ...pages,
      'docgap.config.json': config({
        plugins: ['./docs-rules/release-notes.mjs'],
        rules: {'acme/release-notes-have-date': 'error'},
      }),
    })
    const sarif = JSON.parse(runCli(['.', '-f', 'sarif'], {cwd}).stdout)
    const rules = sarif.runs[0].tool.driver.rules as Array<{id: string; helpUri: string}>
    expect(rules.find((rule) => rule.id === 'acme/release-notes-have-date')?.helpUri).toBe(
      'https://docs.example.com/rules/release-notes-have-date',
    )
  })

  it('a rule that throws on a page: a rule-error finding naming the rule on that page; the run goes on', () => {
    const cwd = project({
      ...pages,
      'release-notes/boom.md': '## 3.0.0 (2025-01-01)\n\nboom\n\n- \n',
      'docgap.config.json': config({plugins: ['./docs-rules/release-notes.mjs'], rules: {'acme/crashes': 'warn'}}),
    })
    const result = lintJson(cwd)
    expect(result.code).toBe(1)
    expect(result.findings).toEqual([
      'release-notes/boom.md:1:rule-error:2',
      'release-notes/boom.md:5:no-empty-list-items:2',
    ])
    const boom = result.files.find((file) => file.filePath === 'release-notes/boom.md')!
    expect(boom.messages[0]!.message).toBe('Rule `acme/crashes` failed on this file: cannot handle boom')
  })

  it('the example rule in examples/ works as documented, with its preset and options', () => {
    const cwd = project({
      'how-to/install.md': '# Install\n\n1. Run the installer.\n2. Check the pods.\n',
      'how-to/upgrade.md':
        '# Upgrade\n\n## Before you begin\n\nBack up the database.\n\n## Steps\n\n1. Run the upgrade.\n',
      'concepts/mesh.md': '# The mesh\n\n1. A first point.\n',
      'docgap.config.json': config({plugins: [examplePlugin], extends: ['example/how-to']}),
    })
    const result = lintJson(cwd)
    expect(result.findings).toEqual(['how-to/install.md:3:example/require-prerequisites:2'])
    expect(result.files.find((file) => file.filePath === 'how-to/install.md')!.messages[0]!.message).toBe(
      'Unexpected steps without a `Prerequisites` section before them, expected what the reader needs first',
    )
    writeFileSync(
      join(cwd, 'docgap.config.json'),
      config({
        plugins: [examplePlugin],
        rules: {'example/require-prerequisites': ['warn', {headings: ['Requirements']}]},
      }),
    )
    expect(lintJson(cwd).findings).toEqual([
      'concepts/mesh.md:3:example/require-prerequisites:1',
      'how-to/install.md:3:example/require-prerequisites:1',
      'how-to/upgrade.md:9:example/require-prerequisites:1',
    ])
  })
})

describe('remark-lint rules', () => {
  const page = '# Install\n\n## Kubernetes\n\nText.\n\n## Kubernetes\n\nMore text.\n'

  it('runs a remark-lint rule package from npm as remark-lint/<rule>, on by default as a warning', () => {
    const cwd = project({'a.md': page, 'docgap.config.json': config({plugins: ['remark-lint-no-duplicate-headings']})})
    const result = runCli(['a.md', '-f', 'compact'], {cwd})
    expect(result.stdout).toBe(
      'a.md:7:1: warning Unexpected heading with equivalent text, expected unique headings [remark-lint/no-duplicate-headings]\n',
    )
    expect(result.code).toBe(0)
  })

  it('takes its severity from the configuration, and exit codes, suppressions and formatters follow it', () => {
    const cwd = project({
      'a.md': page,
      'b.md':
        '# B\n\n## Setup\n\nText.\n\n<!-- docgap-disable-next-line remark-lint/no-duplicate-headings -->\n## Setup\n\nMore.\n',
      'docgap.config.json': config({
        plugins: ['remark-lint-no-duplicate-headings'],
        rules: {'remark-lint/no-duplicate-headings': 'error'},
      }),
    })
    const result = lintJson(cwd)
    expect(result.findings).toEqual(['a.md:7:remark-lint/no-duplicate-headings:2'])
    expect(result.code).toBe(1)
    const sarif = JSON.parse(runCli(['a.md', '-f', 'sarif'], {cwd}).stdout)
    const rule = (sarif.runs[0].tool.driver.rules as Array<{id: string; helpUri: string}>).find(
      (entry) => entry.id === 'remark-lint/no-duplicate-headings',
    )
    expect(rule?.helpUri).toMatch(/^https:\/\/github\.com\/remarkjs\/remark-lint\//)
  })

  it('is turned off like any rule', () => {
    const cwd = project({
      'a.md': page,
      'docgap.config.json': config({
        plugins: ['remark-lint-no-duplicate-headings'],
        rules: {'remark-lint/no-duplicate-headings': 'off'},
      }),
    })
    expect(lintJson(cwd).findings).toEqual([])
  })

  it('passes options as remark-lint takes them, and refuses a bad one before reading any page', () => {
    const cwd = project({
      'a.md': '# Guide\n\n## Misc\n\nText.\n\n## Other\n\nText.\n',
      'docgap.config.json': config({
        plugins: ['remark-lint-heading-word'],
        rules: {'remark-lint/heading-word': ['error', 'Other']},
      }),
    })
    expect(lintJson(cwd).findings).toEqual(['a.md:7:remark-lint/heading-word:2'])
    writeFileSync(
      join(cwd, 'docgap.config.json'),
      config({plugins: ['remark-lint-heading-word'], rules: {'remark-lint/heading-word': ['error', 42]}}),
    )
    const result = runCli(['missing.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'docgap: docgap.config.json: rules.remark-lint/heading-word: Unexpected value `42` for `options`, expected a word\n',
    )
  })
})

describe('presets', () => {
  const pages = {
    'a.md': '# A\n\nInstall kumactl (why, what is this) first.\n',
    'b.md': '---\ntitle: B\n---\n\n# B\n\nText.\n',
  }

  it('docgap:strict makes every rule an error and requires a title', () => {
    const cwd = project({...pages, 'docgap.config.json': config({extends: 'docgap:strict'})})
    expect(lintJson(cwd).findings).toEqual(['a.md:1:require-frontmatter:2', 'a.md:3:no-editorial-notes:2'])
  })

  it("later entries override earlier ones, and the file's own rules override them all", () => {
    const cwd = project({...pages, 'docgap.config.json': config({extends: ['docgap:strict', 'docgap:recommended']})})
    expect(lintJson(cwd).findings).toEqual(['a.md:3:no-editorial-notes:1'])
    writeFileSync(
      join(cwd, 'docgap.config.json'),
      config({extends: ['docgap:strict'], rules: {'require-frontmatter': 'off'}}),
    )
    expect(lintJson(cwd).findings).toEqual(['a.md:3:no-editorial-notes:2'])
  })

  it('extends a config file relative to the one extending it, which may load plugins and extend in turn', () => {
    const cwd = project({
      ...pages,
      'shared/base.json': config({extends: ['docgap:strict', './acme.json'], rules: {'no-editorial-notes': 'warn'}}),
      'shared/acme.json': config({plugins: ['../docs-rules/release-notes.mjs'], extends: ['acme/recommended']}),
      'docs-rules/release-notes.mjs': releaseNotesPlugin,
      'docgap.config.json': config({extends: ['./shared/base.json'], rules: {'require-frontmatter': 'off'}}),
    })
    expect(lintJson(cwd).findings).toEqual([
      'a.md:1:acme/release-notes-have-date:2',
      'a.md:3:no-editorial-notes:1',
      'b.md:5:acme/release-notes-have-date:2',
    ])
  })

  it('a plugin preset turns its rules on', () => {
    const cwd = project({
      'docs-rules/release-notes.mjs': releaseNotesPlugin,
      'notes.md': '## 2.1.0\n\nText.\n',
      'docgap.config.json': config({plugins: ['./docs-rules/release-notes.mjs'], extends: ['acme/recommended']}),
    })
    expect(lintJson(cwd).findings).toEqual(['notes.md:1:acme/release-notes-have-date:2'])
  })
})

describe('overrides', () => {
  const files = {
    'api/reference.md': '# Reference\n\n- \n\nVersion {{ page.version }}.\n',
    'api/legacy/old.md': '# Old\n\n- \n',
    'guides/start.md': '# Start\n\n- \n\nVersion {{ page.version }}.\n',
  }

  it('change a rule for one folder only', () => {
    const cwd = project({
      ...files,
      'docgap.config.json': config({
        variables: {page: {}},
        rules: {'no-unresolved-variables': 'off'},
        overrides: [{files: ['api/**'], rules: {'no-empty-list-items': 'warn'}}],
      }),
    })
    expect(lintJson(cwd).findings).toEqual([
      'api/legacy/old.md:3:no-empty-list-items:1',
      'api/reference.md:3:no-empty-list-items:1',
      'guides/start.md:3:no-empty-list-items:2',
    ])
  })

  it('apply in order, later ones winning, with negated globs and variables of their own', () => {
    const cwd = project({
      ...files,
      'docgap.config.json': config({
        overrides: [
          {
            files: ['api/**', '!api/legacy/**'],
            rules: {'no-empty-list-items': 'off'},
            variables: {page: {version: '2.1'}},
          },
          {files: ['**/reference.md'], rules: {'no-empty-list-items': 'warn'}},
        ],
      }),
    })
    expect(lintJson(cwd).findings).toEqual([
      'api/legacy/old.md:3:no-empty-list-items:2',
      'api/reference.md:3:no-empty-list-items:1',
      'guides/start.md:3:no-empty-list-items:2',
      'guides/start.md:5:no-unresolved-variables:2',
    ])
  })

  it('keep the options set before them when they change only the severity', () => {
    const cwd = project({
      'api/next.md': '# Next\n\n## Read on\n\n- Configure the data plane\n',
      'guides/next.md': '# Next\n\n## Read on\n\n- Configure the data plane\n',
      'docgap.config.json': config({
        rules: {'require-step-links': ['error', {headings: ['^read on$']}]},
        overrides: [{files: ['api/'], rules: {'require-step-links': 'warn'}}],
      }),
    })
    expect(lintJson(cwd).findings).toEqual([
      'api/next.md:5:require-step-links:1',
      'guides/next.md:5:require-step-links:2',
    ])
  })

  it('are part of the cache key', () => {
    const cwd = project({...files, 'docgap.config.json': config({rules: {'no-unresolved-variables': 'off'}})})
    expect(lintJson(cwd, ['.', '--cache']).findings).toHaveLength(3)
    writeFileSync(
      join(cwd, 'docgap.config.json'),
      config({
        rules: {'no-unresolved-variables': 'off'},
        overrides: [{files: ['api/**'], rules: {'no-empty-list-items': 'off'}}],
      }),
    )
    expect(lintJson(cwd, ['.', '--cache']).findings).toEqual(['guides/start.md:3:no-empty-list-items:2'])
  })

  it('--print-config shows the configuration a file gets', () => {
    const cwd = project({
      ...files,
      'docs-rules/release-notes.mjs': releaseNotesPlugin,
      'docgap.config.json': config({
        plugins: ['./docs-rules/release-notes.mjs', 'remark-lint-no-duplicate-headings'],
        extends: ['docgap:recommended'],
        variables: {site: {name: 'Docs'}},
        overrides: [
          {
            files: ['api/**'],
            rules: {'no-empty-list-items': 'warn', 'acme/release-notes-have-date': ['error', {pattern: 'v\\d'}]},
            variables: {page: {version: '1'}},
          },
        ],
      }),
    })
    const result = runCli(['--print-config', 'api/reference.md', '--rule', 'no-placeholders=warn'], {cwd})
    expect(result.code).toBe(0)
    const printed = JSON.parse(result.stdout)
    expect(printed).toMatchObject({
      file: 'api/reference.md',
      config: 'docgap.config.json',
      extends: ['docgap:recommended'],
      plugins: [
        {
          name: 'acme',
          from: './docs-rules/release-notes.mjs',
          rules: ['acme/release-notes-have-date', 'acme/crashes'],
          presets: ['acme/recommended'],
        },
        {
          name: 'remark-lint/no-duplicate-headings',
          from: 'remark-lint-no-duplicate-headings',
          rules: ['remark-lint/no-duplicate-headings'],
        },
      ],
      overrides: [{from: 'docgap.config.json: overrides[0]', files: ['api/**']}],
      variables: ['page', 'site'],
    })
    expect(printed.rules).toMatchObject({
      'no-empty-list-items': 'warn',
      'no-placeholders': 'warn',
      'require-frontmatter': 'off',
      'acme/release-notes-have-date': ['error', {pattern: 'v\\d'}],
      'acme/crashes': 'off',
      'remark-lint/no-duplicate-headings': 'warn',
    })
    const guide = JSON.parse(runCli(['--print-config', 'guides/start.md'], {cwd}).stdout)
    expect(guide.overrides).toEqual([])
    expect(guide.rules['no-empty-list-items']).toBe('error')
    expect(guide.variables).toEqual(['site'])
  })
})

describe('loading errors: exit 2, one line naming the plugin and the config file', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    [
      'a plugin file that does not exist',
      {'docgap.config.json': config({plugins: ['./docs-rules/nope.mjs']})},
      'docgap: docgap.config.json: plugins: cannot find `./docs-rules/nope.mjs`: no such file\n',
    ],
    [
      'a package that is not installed',
      {'docgap.config.json': config({plugins: ['docgap-plugin-acme']})},
      'docgap: docgap.config.json: plugins: cannot find package `docgap-plugin-acme` (is it installed beside the config file?)\n',
    ],
    [
      'a plugin that throws while loading',
      {'p.mjs': 'throw new Error("no config for you")\n', 'docgap.config.json': config({plugins: ['./p.mjs']})},
      'docgap: docgap.config.json: plugins: cannot load `./p.mjs`: no config for you\n',
    ],
    [
      'a plugin with a syntax error',
      {'p.mjs': 'export default {\n', 'docgap.config.json': config({plugins: ['./p.mjs']})},
      'docgap: docgap.config.json: plugins: cannot load `./p.mjs`: Unexpected end of input\n',
    ],
    [
      'a plugin with no default export',
      {'p.mjs': 'export const rules = {}\n', 'docgap.config.json': config({plugins: ['./p.mjs']})},
      'docgap: docgap.config.json: plugins: `./p.mjs`: expected a default export {name, rules, presets?}, got nothing\n',
    ],
    [
      'a plugin without a name',
      {'p.mjs': 'export default {rules: {}}\n', 'docgap.config.json': config({plugins: ['./p.mjs']})},
      'docgap: docgap.config.json: plugins: `./p.mjs`: name: expected letters, digits, ".", "_" or "-", got nothing\n',
    ],
    [
      'a plugin with a reserved name',
      {'p.mjs': 'export default {name: "docgap", rules: {}}\n', 'docgap.config.json': config({plugins: ['./p.mjs']})},
      'docgap: docgap.config.json: plugins: `./p.mjs`: name: `docgap` is reserved\n',
    ],
    [
      'a rule without check',
      {
        'p.mjs': 'export default {name: "acme", rules: {x: {meta: {description: "X."}}}}\n',
        'docgap.config.json': config({plugins: ['./p.mjs']}),
      },
      'docgap: docgap.config.json: plugins: `./p.mjs`: rules.x: check: expected a function (tree, file, options)\n',
    ],
    [
      'a rule without meta',
      {
        'p.mjs': 'export default {name: "acme", rules: {x: {check() {}}}}\n',
        'docgap.config.json': config({plugins: ['./p.mjs']}),
      },
      'docgap: docgap.config.json: plugins: `./p.mjs`: rules.x: meta: expected an object {description, recommended, url}\n',
    ],
    [
      'a function where a plugin belongs',
      {'p.mjs': 'export default function () {}\n', 'docgap.config.json': config({plugins: ['./p.mjs']})},
      'docgap: docgap.config.json: plugins: `./p.mjs`: expected a default export {name, rules, presets?}, got a function (remark-lint rules are listed by their package name, remark-lint-…)\n',
    ],
    [
      'two plugins with one name',
      {
        'p.mjs': 'export default {name: "acme"}\n',
        'q.mjs': 'export default {name: "acme"}\n',
        'docgap.config.json': config({plugins: ['./p.mjs', './q.mjs']}),
      },
      'docgap: docgap.config.json: plugins: `./q.mjs`: another plugin is named `acme` (`./p.mjs`)\n',
    ],
    [
      'plugins that are not a list',
      {'docgap.config.json': config({plugins: './p.mjs'})},
      'docgap: docgap.config.json: plugins: expected an array of paths and package names\n',
    ],
    [
      'a rule of a plugin not loaded',
      {'docgap.config.json': config({rules: {'acme/x': 'error'}})},
      'docgap: docgap.config.json: rules.acme/x: unknown rule `acme/x` (no plugin named `acme` is loaded: list it in plugins)\n',
    ],
    [
      'a remark-lint rule not listed',
      {'docgap.config.json': config({rules: {'remark-lint/no-duplicate-headings': 'error'}})},
      'docgap: docgap.config.json: rules.remark-lint/no-duplicate-headings: unknown rule `remark-lint/no-duplicate-headings` (list the package remark-lint-no-duplicate-headings in plugins)\n',
    ],
    [
      'a wrong option of a plugin rule',
      {
        'p.mjs': releaseNotesPlugin,
        'docgap.config.json': config({
          plugins: ['./p.mjs'],
          rules: {'acme/release-notes-have-date': ['error', {pattern: 3}]},
        }),
      },
      'docgap: docgap.config.json: rules.acme/release-notes-have-date.pattern: must be a string\n',
    ],
    [
      'options for a plugin rule that takes none',
      {
        'p.mjs': releaseNotesPlugin,
        'docgap.config.json': config({plugins: ['./p.mjs'], rules: {'acme/crashes': ['error', {x: 1}]}}),
      },
      'docgap: docgap.config.json: rules.acme/crashes: this rule takes no options\n',
    ],
    [
      'an unknown built-in preset',
      {'docgap.config.json': config({extends: ['docgap:strikt']})},
      'docgap: docgap.config.json: extends: unknown preset `docgap:strikt` (did you mean `docgap:strict`?) (built in: docgap:recommended, docgap:strict)\n',
    ],
    [
      'a preset of a plugin not loaded',
      {'docgap.config.json': config({extends: ['acme/recommended']})},
      'docgap: docgap.config.json: extends: `acme/recommended`: no plugin named `acme` is loaded (list it in plugins)\n',
    ],
    [
      'a preset the plugin does not have',
      {'p.mjs': releaseNotesPlugin, 'docgap.config.json': config({plugins: ['./p.mjs'], extends: ['acme/strict']})},
      'docgap: docgap.config.json: extends: `acme/strict`: plugin `acme` has no preset `strict` (it has: recommended)\n',
    ],
    [
      'a preset that loads plugins',
      {
        'p.mjs': 'export default {name: "acme", presets: {all: {plugins: ["x"]}}}\n',
        'docgap.config.json': config({plugins: ['./p.mjs'], extends: ['acme/all']}),
      },
      'docgap: docgap.config.json: extends acme/all: plugins: unknown key `plugins` (a preset cannot load plugins: list them in the config file) (known: extends, rules, variables, ignores, extensions, overrides)\n',
    ],
    [
      'an extended file that does not exist',
      {'docgap.config.json': config({extends: ['./base.json']})},
      'docgap: docgap.config.json: extends: cannot find `./base.json`: no such file\n',
    ],
    [
      'a bare name in extends',
      {'docgap.config.json': config({extends: ['base.json']})},
      "docgap: docgap.config.json: extends: `base.json`: expected docgap:recommended, docgap:strict, a plugin's preset (plugin/preset) or a config file path starting with ./ or ../\n",
    ],
    [
      'an extends cycle',
      {
        'a.json': config({extends: ['./b.json']}),
        'b.json': config({extends: ['./a.json']}),
        'docgap.config.json': config({extends: ['./a.json']}),
      },
      'docgap: b.json: extends: `./a.json` extends itself (docgap.config.json → a.json → b.json → a.json)\n',
    ],
    [
      'an error in an extended file names that file',
      {
        'base.json': config({rules: {'no-placeholder': 'error'}}),
        'docgap.config.json': config({extends: ['./base.json']}),
      },
      'docgap: base.json: rules.no-placeholder: unknown rule `no-placeholder` (did you mean `no-placeholders`?)\n',
    ],
    [
      'an override without files',
      {'docgap.config.json': config({overrides: [{rules: {}}]})},
      'docgap: docgap.config.json: overrides[0].files: expected a non-empty array of glob patterns, relative to the config file, such as ["api/**"]\n',
    ],
    [
      'an unknown key in an override',
      {'docgap.config.json': config({overrides: [{files: ['a/**'], rule: {}}]})},
      'docgap: docgap.config.json: overrides[0].rule: unknown key `rule` (did you mean `rules`?) (known: files, rules, variables)\n',
    ],
    [
      'an unknown rule in an override',
      {'docgap.config.json': config({overrides: [{files: ['a/**'], rules: {'no-todo': 'off'}}]})},
      'docgap: docgap.config.json: overrides[0]: rules.no-todo: unknown rule `no-todo`\n',
    ],
    [
      'a bad option in an override',
      {
        'docgap.config.json': config({
          overrides: [{files: ['a/**'], rules: {'require-step-links': ['warn', {skipProcedures: 'yes'}]}}],
        }),
      },
      'docgap: docgap.config.json: overrides[0]: rules.require-step-links.skipProcedures: must be true or false\n',
    ],
  ]

  it.each(cases)('%s', (_, files, expected) => {
    const cwd = project({...files, 'a.md': '# A\n\nText.\n'})
    const result = runCli(['a.md'], {cwd})
    expect(result.stderr).toBe(expected)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
  })

  it('an asynchronous remark-lint rule is refused before any page is read', () => {
    const cwd = project({'a.md': '# A\n', 'docgap.config.json': config({plugins: ['remark-lint-later']})})
    writePackage(
      join(cwd, 'node_modules'),
      'remark-lint-later',
      `import {lintRule} from '${lintRuleUrl}'\nexport default lintRule('remark-lint:later', async () => {})\n`,
    )
    const result = runCli(['a.md'], {cwd})
    expect(result.stderr).toBe(
      'docgap: docgap.config.json: rules.remark-lint/later: the rule is asynchronous, and docgap runs remark-lint rules synchronously\n',
    )
    expect(result.code).toBe(2)
  })

  it('a remark-lint package that is not a rule', () => {
    const cwd = project({'a.md': '# A\n', 'docgap.config.json': config({plugins: ['remark-lint-odd']})})
    writePackage(join(cwd, 'node_modules'), 'remark-lint-odd', 'export default {name: "odd"}\n')
    const result = runCli(['a.md'], {cwd})
    expect(result.stderr).toBe(
      'docgap: docgap.config.json: plugins: `remark-lint-odd`: expected a remark-lint rule (a unified plugin made with unified-lint-rule) as the default export, got an object\n',
    )
    expect(result.code).toBe(2)
  })

  it("resolves a package from the config file's folder, not the working directory", () => {
    const cwd = project({
      'docs/a.md': '# A\n\nText.\n\n## A\n\nText.\n',
      'docs/docgap.config.json': config({plugins: ['remark-lint-no-duplicate-headings']}),
    })
    expect(lintJson(join(cwd, 'docs'), ['a.md']).findings).toEqual(['a.md:5:remark-lint/no-duplicate-headings:1'])
    const elsewhere = makeTree({'a.md': '# A\n\nText.\n'})
    const result = runCli(['a.md', '--config', join(cwd, 'docs', 'docgap.config.json')], {cwd: elsewhere})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
  })
})

describe('docs/writing-a-rule.md', () => {
  const page = readFileSync(join(repoRoot, 'docs', 'writing-a-rule.md'), 'utf8')

  it('shows the example plugin exactly as it is in examples/', () => {
    const blocks = [...page.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1])
    expect(blocks).toContain(readFileSync(examplePlugin, 'utf8'))
  })

  it('gives the output it shows for a wrong option', () => {
    const cwd = project({
      'a.md': '# A\n\nText.\n',
      'docgap.config.json': config({
        plugins: [examplePlugin],
        rules: {'example/require-prerequisites': ['error', {heading: []}]},
      }),
    })
    const result = runCli(['a.md'], {cwd})
    expect(page).toContain(`\`\`\`text\n${result.stderr}\`\`\``)
  })

  it('shows its tests exactly as examples/require-prerequisites.test.mjs holds them, which npm test runs', () => {
    const tests = readFileSync(join(repoRoot, 'examples', 'require-prerequisites.test.mjs'), 'utf8')
    const blocks = [...page.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1])
    expect(blocks).toContain(tests)
    expect(tests).toContain("from 'docgap/testing'")
    expect(readFileSync(join(repoRoot, 'vitest.config.ts'), 'utf8')).toContain("'examples/**/*.test.mjs'")
  })

  it('imports docgap/testing as the package exports it', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
    expect(manifest.exports['./testing']).toEqual({types: './dist/src/testing.d.ts', default: './dist/src/testing.js'})
    const script = "const t = await import('docgap/testing'); console.log(Object.keys(t).sort().join(' '))"
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd: repoRoot, encoding: 'utf8'})
    expect(result.stdout.trim()).toBe('checkFixture checkPageExample lint pageExamples stripMarkers')
  })

  it("is clean by docgap's own rules", () => {
    expect(runCli(['docs/writing-a-rule.md', '-f', 'compact'])).toMatchObject({code: 0, stdout: ''})
  })
})

describe('docs/plugins.md', () => {
  const readme = readFileSync(join(repoRoot, 'docs', 'plugins.md'), 'utf8')

  it('shows a plugin that works as it says, and --list-rules lists its rules', () => {
    const code = /```js\n\/\/ docs-rules\/release-notes\.mjs\n([\s\S]*?)```/.exec(readme)![1]!
    const cwd = project({
      'docs-rules/release-notes.mjs': code,
      'docgap.config.json': config({
        plugins: ['./docs-rules/release-notes.mjs'],
        extends: ['acme/recommended'],
        overrides: [{files: ['old/'], rules: {'acme/release-notes-have-date': 'warn'}}],
      }),
      'a.md': '## 2.1.0\n\nText.\n',
      'old/b.md': '## 2.0.0\n\nText.\n',
      'c.md': '## 2.1.0 (2024-05-01)\n\nText.\n',
    })
    expect(lintJson(cwd).findings).toEqual([
      'a.md:1:acme/release-notes-have-date:2',
      'old/b.md:1:acme/release-notes-have-date:1',
    ])
    expect(runCli(['--list-rules'], {cwd}).stdout).toMatch(
      /^acme\/release-notes-have-date +off +Release notes must give the release date\.$/m,
    )
  })
})

describe('a JavaScript configuration', () => {
  it('may list plugin objects directly', () => {
    const cwd = project({
      'docgap.config.mjs': `export default {
  plugins: [{name: 'inline', rules: {'no-foo': {
    meta: {description: 'No foo.', recommended: true, severity: 'warn', url: 'https://example.com/no-foo'},
    check(tree, file) {
      for (const node of tree.children) if (node.type === 'paragraph' && node.children.some((child) => child.value === 'foo')) file.message('Unexpected \`foo\`, expected a word', {place: node.position})
    },
  }}}],
}
`,
      'a.md': '# A\n\nfoo\n',
    })
    expect(lintJson(cwd).findings).toEqual(['a.md:3:inline/no-foo:1'])
  })
})
