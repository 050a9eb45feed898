/**
 * Every built-in rule against its fixtures (fixtures/rules/<id>/*.md, each with an optional
 * JSON sidecar `{"options": …, "variables": …, "generator": …}`) and against the examples on its page
 * (rules/<id>.md): a `markdown` example followed by a `text` block must produce exactly those
 * messages, one `line:column-endLine:endColumn: message` a line; one with no `text` block, none.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {builtinRules} from '../rules/index.js'
import {checkFixture, checkPageExample, pageExamples} from '../src/testing.js'

const root = join(import.meta.dirname, '..')

describe.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
  const fixtureDir = join(root, 'fixtures', 'rules', id)
  const fixtures = existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((name) => name.endsWith('.md')) : []

  it('has fixtures with findings and fixtures with look-alikes it must leave alone', () => {
    const texts = fixtures.map((name) => readFileSync(join(fixtureDir, name), 'utf8'))
    expect(texts.some((text) => text.includes('<!-- expect'))).toBe(true)
    expect(texts.some((text) => !text.includes('<!-- expect'))).toBe(true)
  })

  it.each(fixtures)('fixture %s', (name) => {
    const sidecar = join(fixtureDir, name.replace(/\.md$/, '.json'))
    const settings = existsSync(sidecar) ? JSON.parse(readFileSync(sidecar, 'utf8')) : {}
    // Templates are named by their path in the fixture's folder; the rule gets their text.
    if (Array.isArray(settings.templates)) {
      settings.templates = settings.templates.map((path: string) => ({
        path,
        text: readFileSync(join(fixtureDir, path), 'utf8'),
      }))
    }
    const {expected, actual} = checkFixture(readFileSync(join(fixtureDir, name), 'utf8'), [rule], settings)
    expect(actual).toEqual(expected)
  })

  const page = join(root, 'rules', `${id}.md`)
  const doc = existsSync(page) ? readFileSync(page, 'utf8') : ''

  it('has a page whose title is its id and whose lead is its description', () => {
    expect(doc).not.toBe('')
    const [title, , lead] = doc.split('\n')
    expect(title).toBe(`# ${id}`)
    expect(lead).toBe(rule.meta.description)
  })

  const examples = pageExamples(doc)
  it('has a failing and a passing example on its page', () => {
    expect(examples.some((example) => example.expected.length > 0)).toBe(true)
    expect(examples.some((example) => example.expected.length === 0)).toBe(true)
  })

  it.each(examples.map((example, index) => [index + 1, example] as const))('page example %i', (_, example) => {
    const {expected, actual} = checkPageExample(example, [rule])
    expect(actual).toEqual(expected)
  })
})
