/**
 * Property-based tests on generated Markdown (with template syntax, front matter and deep
 * nesting): docgap never throws, every position lies within the file, the same input gives the
 * same output, suppressions only ever remove findings, lint time grows linearly with the page,
 * and output files never replace a file that is not docgap's. A fixed seed and a small budget in
 * `npm test`; `npm run fuzz` runs longer with a fresh seed (FUZZ_RUNS, FUZZ_SEED).
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import fc from 'fast-check'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {lintFile, type ConfiguredRule} from '../src/lint.js'
import {createParser} from '../src/parse.js'
import {builtinRules} from '../rules/index.js'

const runs = Number(process.env.FUZZ_RUNS ?? 150)
const seed = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261203)
if (process.env.FUZZ_SEED) console.log(`fuzz seed ${seed}, ${process.env.FUZZ_RUNS ?? 150} runs a property`)
const parse = createParser()
const rules: ConfiguredRule[] = builtinRules.map((rule) => ({
  rule,
  severity: 'error',
  options: rule.parseOptions?.(undefined),
}))
const variables = {site: {product: 'Kuma', links: {docs: '/docs/'}}, page: {version: '2.1.x'}}

// Pieces of real docs pages, and of what goes wrong in them.
const inline = fc.constantFrom(
  'Install the CLI',
  'TODO',
  'TBD',
  '_____?',
  '???',
  'lorem ipsum',
  '[insert name]',
  '{{ site.product }}',
  '{{ site.missing }}',
  '{{ page.version }}',
  '{% include note.md %}',
  '{% if x %}',
  '{% endif %}',
  '{{< note >}}',
  '{{% tab %}}',
  '{# c #}',
  '`code {{ x }}`',
  '[link](#anchor)',
  '[empty]()',
  '[ref][missing]',
  '![img]()',
  '<a name="anchor"></a>',
  '<!-- TODO fix -->',
  '<!-- docgap-disable-line -->',
  '<!-- docgap-disable no-placeholders -->',
  '<!-- docgap-enable -->',
  '(why, what is this)',
  'https://example.com/a_b___c',
  '**bold**',
  '*',
  '\\',
  '&amp;',
  '&#x1F600;',
  '😀',
  'é',
  '\t',
  '  ',
  '|',
  '{',
  '}',
  '{{',
  '%}',
  '<',
  '>',
  '\r',
)
const text = fc.array(inline, {minLength: 0, maxLength: 6}).map((parts) => parts.join(' '))
const block = fc.oneof(
  text,
  text.map((t) => `# ${t}`),
  text.map((t) => `## ${t}?`),
  fc.tuple(fc.integer({min: 0, max: 12}), text).map(([depth, t]) => `${'  '.repeat(depth)}- ${t}`),
  fc.tuple(fc.integer({min: 0, max: 8}), text).map(([depth, t]) => `${'> '.repeat(depth)}${t}`),
  text.map((t) => `1. ${t}`),
  fc.constant('- '),
  fc.constant('```'),
  fc.constant('~~~yaml'),
  fc.constant('---'),
  fc.constant('| a | b |\n| - | - |\n| TODO | {{ x }} |'),
  fc.constant('{% raw %}'),
  fc.constant('{% endraw %}'),
  fc.constant('{% comment %}'),
  fc.constant('{% endcomment %}'),
  fc.constant('!!! note "Title"'),
  fc.constant('??? tip'),
  fc.constant('=== "Tab"'),
  fc.constant(':::note'),
  fc.constant('{: .note}'),
  fc.constant('[missing]: #'),
  fc.constant(''),
)
const frontMatter = fc.constantFrom(
  '',
  '---\ntitle: Page\n---\n',
  '---\ntitle: [oops\n---\n',
  '---\nunterminated: yes\n',
  '+++\ntitle = "x"\n+++\n',
)
const page = fc
  .tuple(frontMatter, fc.array(block, {maxLength: 25}), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([matter, blocks, newline, bom]) =>
    `${bom ? '\uFEFF' : ''}${matter}${blocks.join('\n')}\n`.replace(/\n/g, newline),
  )

function lint(markdown: string) {
  const file = new VFile({path: 'page.md', value: markdown})
  lintFile(file, {rules, parse, variables})
  return file
}

function summary(file: VFile): string[] {
  return file.messages.map((m) => {
    const end = m.place && 'end' in m.place ? m.place.end : undefined
    return `${m.line}:${m.column}-${end?.line}:${end?.column} ${m.ruleId} ${m.fatal ? 'error' : 'warn'} ${m.reason}`
  })
}

const settings = {numRuns: runs, seed, endOnFailure: true}

describe('fuzz', () => {
  it('never throws, and no rule fails on any page', () => {
    fc.assert(
      fc.property(page, (markdown) => {
        const file = lint(markdown)
        const failures = file.messages.filter((m) => m.ruleId === 'rule-error' || m.ruleId === 'parse-error')
        expect(failures.map((m) => m.reason)).toEqual([])
      }),
      settings,
    )
  }, 120_000)

  it('reports every position within the file, start before end', () => {
    fc.assert(
      fc.property(page, (markdown) => {
        const file = lint(markdown)
        const lines = String(file.value).split(/\r\n|\r|\n/)
        for (const message of file.messages) {
          const line = message.line ?? 1
          const column = message.column ?? 1
          expect(line).toBeGreaterThanOrEqual(1)
          expect(line).toBeLessThanOrEqual(lines.length)
          expect(column).toBeGreaterThanOrEqual(1)
          expect(column).toBeLessThanOrEqual(lines[line - 1]!.length + 1)
          const end = message.place && 'end' in message.place ? message.place.end : undefined
          if (end) {
            expect(end.line).toBeLessThanOrEqual(lines.length)
            expect(end.line > line || (end.line === line && end.column >= column)).toBe(true)
            expect(end.column).toBeLessThanOrEqual(lines[end.line - 1]!.length + 1)
          }
        }
      }),
      settings,
    )
  }, 120_000)

  it('gives the same findings, in the same order, every time', () => {
    fc.assert(
      fc.property(page, (markdown) => {
        expect(summary(lint(markdown))).toEqual(summary(lint(markdown)))
      }),
      settings,
    )
  }, 120_000)

  it('sorts findings by line, column and rule', () => {
    fc.assert(
      fc.property(page, (markdown) => {
        const keys = lint(markdown).messages.map((m) => [m.line ?? 0, m.column ?? 0, String(m.ruleId)] as const)
        const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]))
        expect(keys).toEqual(sorted)
      }),
      settings,
    )
  }, 120_000)

  it('suppression comments only ever remove findings', () => {
    const ids = builtinRules.map((rule) => rule.meta.id)
    const directive = fc.tuple(
      fc.constantFrom('disable', 'enable', 'disable-line', 'disable-next-line', 'disable-file'),
      fc.subarray(ids, {maxLength: 3}),
    )
    let suppressing = 0
    fc.assert(
      fc.property(page, fc.array(fc.tuple(fc.nat(), directive), {maxLength: 4}), (markdown, directives) => {
        const lines = markdown.split('\n')
        for (const [at, [kind, named]] of directives) {
          const index = at % lines.length
          lines[index] = `${lines[index]} <!-- docgap-${kind} ${named.join(' ')} -->`
        }
        const withDirectives = lines.join('\n')
        // One run: the findings the rules made (read before the engine applies the directives),
        // then what is left once it has. `inline-config` findings are about the comments themselves.
        const key = (m: VFile['messages'][number]) => `${m.line}:${m.column}:${m.ruleId}:${m.reason}`
        let before: string[] | undefined
        const file = new VFile({path: 'page.md', value: withDirectives})
        lintFile(file, {
          rules,
          parse,
          variables,
          knownRules: ids,
          afterRules: (linted) => {
            before = linted.messages.map(key)
          },
        })
        // A hook that is never called would make every page look suppression-free.
        if (!before) throw new Error('lintFile did not call afterRules')
        const after = file.messages.filter((m) => m.ruleId !== 'inline-config').map(key)
        // As multisets: a finding may not appear, nor appear more often, than it did before.
        const left = new Map<string, number>()
        for (const finding of before) left.set(finding, (left.get(finding) ?? 0) + 1)
        for (const finding of after) {
          expect(left.get(finding) ?? 0, finding).toBeGreaterThan(0)
          left.set(finding, left.get(finding)! - 1)
        }
        if (after.length < before.length) suppressing++
      }),
      settings,
    )
    // The property is not vacuous: some generated comments did suppress findings.
    expect(suppressing).toBeGreaterThan(0)
  }, 120_000)
})

describe('fuzz: bounded work', () => {
  // A random page repeated to about 8 KB and to four times that: the CPU cost (best of three)
  // may grow about four times; sixteen would be quadratic. The bound, 10, leaves room for noise.
  it('lints in time linear in the input size', () => {
    const lintCost = (text: string): number => {
      let best = Number.POSITIVE_INFINITY
      for (let run = 0; run < 3; run++) {
        const before = process.cpuUsage()
        lint(text)
        const used = process.cpuUsage(before)
        best = Math.min(best, used.user + used.system)
      }
      return best
    }
    fc.assert(
      fc.property(fc.array(block, {minLength: 1, maxLength: 5}), (blocks) => {
        const unit = `${blocks.join('\n')}\n\n`
        const times = Math.ceil(8_192 / unit.length)
        const small = `# Page\n\n${unit.repeat(times)}`
        const large = `# Page\n\n${unit.repeat(times * 4)}`
        lint(small)
        expect(lintCost(large) / Math.max(lintCost(small), 1_000)).toBeLessThan(10)
      }),
      {...settings, numRuns: Math.min(runs, 6)},
    )
  }, 600_000)

  it("output files never replace a file that is not docgap's", async () => {
    const {checkOutputs, writeFileAtomic} = await import('../src/write-file.js')
    const {DocgapError} = await import('../src/errors.js')
    const own: Record<string, string> = {
      cache: '{"format":1,"key":"k","files":{}}',
      baseline: '{\n  "version": 1,\n  "files": {}\n}\n',
      'report-json': '{\n  "format": "docgap-report",\n  "schema": 1\n}\n',
      'report-html': '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta name="generator" content="docgap 1.0.0">\n',
    }
    const kinds = Object.keys(own) as Array<'cache' | 'baseline' | 'report-json' | 'report-html'>
    const foreign = fc.oneof(
      fc.string({minLength: 1}),
      fc.json().filter((text) => text.length > 0),
      page,
    )
    const root = mkdtempSync(join(tmpdir(), 'docgap-fuzz-'))
    let count = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.option(foreign, {nil: undefined}),
        fc.boolean(),
        async (kind, other, linted) => {
          const path = join(root, `out-${count++}`)
          const before = other ?? own[kind]!
          writeFileSync(path, before)
          const output = {path, display: path, option: '--out', kind}
          let refused = false
          try {
            checkOutputs([output], linted ? [path] : [])
            await writeFileAtomic(path, 'new', path)
          } catch (error) {
            if (!(error instanceof DocgapError)) throw error
            refused = true
          }
          // Written only over docgap's own kind, never over a page of the run or anything else.
          expect(refused).toBe(linted || other !== undefined)
          expect(readFileSync(path, 'utf8')).toBe(refused ? before : 'new')
        },
      ),
      {...settings, numRuns: Math.min(runs, 100)},
    )
  })
})
