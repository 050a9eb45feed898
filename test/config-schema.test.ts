/**
 * schema/docgap.schema.json, which editors use through `$schema`, and the loader agree: the same
 * keys at every level, the same generators and built-in rules; configurations the loader accepts
 * validate, and ones it refuses for their shape do not. ConfigObject (defineConfig's type) has
 * the same keys too, read from its source.
 */
import Ajv from 'ajv'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import ts from 'typescript'
import {parse as parseYaml} from 'yaml'
import {describe, expect, it} from 'vitest'
import {builtinRules} from '../rules/index.js'
import {configKeys, overrideKeys, resolveConfig} from '../src/config/resolve.js'
import {configSchema} from '../src/config/schema.js'
import {generatorNames} from '../src/generators/index.js'
import {makeTree, repoRoot, runCli} from './cli-helpers.js'

const schemaPath = join(repoRoot, 'schema', 'docgap.schema.json')
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'))
// A rule entry is [severity] or [severity, options]: a tuple whose second item is optional, which
// strict mode's tuple check would refuse.
const validate = new Ajv({strict: true, strictTuples: false, allErrors: true}).compile(schema)
const sorted = (list: Iterable<string>) => [...list].sort()

/** Member names of an interface in a source file, read with the TypeScript parser. */
function interfaceKeys(path: string, name: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest)
  let keys: string[] | undefined
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      keys = node.members.map((member) => (member.name as ts.Identifier).text)
    }
  })
  if (!keys) throw new Error(`no interface ${name} in ${path}`)
  return keys
}

async function loaderAccepts(value: unknown): Promise<string | true> {
  const cwd = makeTree({'site.yml': 'title: Site\n'})
  try {
    await resolveConfig({path: join(cwd, 'docgap.config.json'), display: 'docgap.config.json', value}, builtinRules, {
      cwd,
    })
    return true
  } catch (error) {
    return (error as Error).message
  }
}

describe('the configuration schema', () => {
  it('is a valid JSON Schema (draft-07), published in the package', () => {
    expect(validate).toBeTypeOf('function')
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
    expect(manifest.files).toContain('schema/*.json')
  })

  it('has every key the loader accepts, at the top level and in overrides, and no other', () => {
    expect(sorted(Object.keys(schema.properties))).toEqual(sorted(configKeys))
    expect(schema.additionalProperties).toBe(false)
    expect(sorted(Object.keys(schema.definitions.override.properties))).toEqual(sorted(overrideKeys))
    expect(schema.definitions.override.additionalProperties).toBe(false)
  })

  it('is the file npm run build writes from src/config/schema.ts (commit it after a build)', () => {
    expect(schema).toEqual(configSchema(builtinRules.map((rule) => rule.meta.id)))
  })

  it('names the generators the loader accepts, and each built-in rule', () => {
    expect(sorted(schema.properties.generator.enum)).toEqual(sorted(['auto', ...generatorNames()]))
    expect(sorted(Object.keys(schema.definitions.rules.properties))).toEqual(
      sorted(builtinRules.map((rule) => rule.meta.id)),
    )
  })

  it("matches defineConfig's types: ConfigObject and OverrideConfig have the same keys", () => {
    const define = join(repoRoot, 'src', 'plugins', 'define.ts')
    expect(sorted(interfaceKeys(define, 'ConfigObject'))).toEqual(sorted(configKeys))
    expect(sorted(interfaceKeys(define, 'OverrideConfig'))).toEqual(sorted(overrideKeys))
  })

  const examples: Array<[string, unknown]> = [
    [
      'every key',
      {
        $schema: './node_modules/docgap/schema/docgap.schema.json',
        extends: ['docgap:recommended'],
        plugins: [],
        generator: 'jekyll',
        templates: ['templates/*.md'],
        rules: {
          'no-placeholders': 'error',
          'require-step-links': ['warn', {headings: ['^overview']}],
          'no-todo-comments': 0,
        },
        variables: {site: './site.yml', page: {version: '2.1.x'}},
        ignores: ['generated/**'],
        extensions: ['md', '.mdx'],
        overrides: [{files: ['api/**'], rules: {'require-step-links': 'off'}, variables: {page: {layout: 'api'}}}],
      },
    ],
    ['extends as one string', {extends: 'docgap:strict'}],
    ['nothing', {}],
  ]

  it.each(examples)('validates a configuration the loader accepts: %s', async (_name, value) => {
    expect(await loaderAccepts(value)).toBe(true)
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true)
  })

  it("validates the project's own example configurations", async () => {
    const seed = parseYaml(
      readFileSync(join(repoRoot, 'fixtures', 'pages', 'about-kuma-in-production', 'final.config.yml'), 'utf8'),
    )
    expect(validate(seed), JSON.stringify(validate.errors)).toBe(true)
    // The configuration example of docs/configuration.md.
    const page = readFileSync(join(repoRoot, 'docs', 'configuration.md'), 'utf8')
    const blocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!))
    expect(blocks.length).toBeGreaterThan(0)
    for (const block of blocks) expect(validate(block), JSON.stringify(validate.errors)).toBe(true)
  })

  const refused: Array<[string, unknown]> = [
    ['an unknown key', {rule: {}}],
    ['an unknown generator', {generator: 'gatsby'}],
    ['a bad severity', {rules: {'no-placeholders': 'fatal'}}],
    ['a rule entry of three items', {rules: {'no-placeholders': ['error', {}, 1]}}],
    ['empty extensions', {extensions: []}],
    ['an extension with a slash', {extensions: ['md/x']}],
    ['an override without files', {overrides: [{rules: {}}]}],
    ['an override with an unknown key', {overrides: [{files: ['a/**'], ignores: []}]}],
    ['ignores as a string', {ignores: 'generated/**'}],
    ['variables as a list', {variables: ['site.yml']}],
    ['templates as a number', {templates: 3}],
  ]

  it.each(refused)('refuses what the loader refuses: %s', async (_name, value) => {
    expect(await loaderAccepts(value)).not.toBe(true)
    expect(validate(value)).toBe(false)
  })

  it('is accepted as `$schema` in a configuration file', () => {
    const cwd = makeTree({
      'docgap.config.json': JSON.stringify({
        $schema: './node_modules/docgap/schema/docgap.schema.json',
        rules: {'no-placeholders': 'off'},
      }),
      'a.md': '# A\n\nTBD\n',
    })
    expect(runCli(['a.md'], {cwd})).toMatchObject({code: 0, stderr: ''})
  })
})
