/**
 * A page within the limits lints in time linear in its size. Each case that once took time
 * quadratic in its length (minutes for a 100 KB page) is linted at one size and at four times
 * that size, in-process with every built-in rule: the cost may grow about four times, and a
 * quadratic one grows sixteen. Cost is CPU time, the best of three runs, so that a busy machine
 * does not make the test flaky; the bound (11×) sits between linear growth (4×) and quadratic (16×):
 * a full `npm test` beside other test files measured up to 9.3× for a linear case.
 */
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {lintFile, type ConfiguredRule} from '../src/lint.js'
import {createParser} from '../src/parse.js'
import {builtinRules} from '../rules/index.js'

const parse = createParser()
const rules: ConfiguredRule[] = builtinRules.map((rule) => ({
  rule,
  severity: 'error',
  options: rule.parseOptions?.(undefined),
}))

export function lintText(text: string): VFile {
  const file = new VFile({path: 'page.md', value: text})
  lintFile(file, {rules, parse, variables: {site: {title: 'x'}}})
  return file
}

/** CPU milliseconds to lint `text`, the best of `runs`. */
export function cost(text: string, runs = 3): number {
  let best = Number.POSITIVE_INFINITY
  for (let run = 0; run < runs; run++) {
    const before = process.cpuUsage()
    lintText(text)
    const used = process.cpuUsage(before)
    best = Math.min(best, (used.user + used.system) / 1000)
  }
  return best
}

/** How much more linting costs at four times the size. */
export function growth(make: (scale: number) => string, scale: number): number {
  lintText(make(scale)) // warm up the parser and the rules' compiled patterns
  return cost(make(4 * scale)) / cost(make(scale))
}

export const maxGrowth = 11

export const scalingCases: Record<string, {make: (scale: number) => string; scale: number}> = {
  // Each match once walked the text node again to find its line and column.
  'TODO in one paragraph': {make: (n) => `# T\n\n${'TODO '.repeat(n)}\n`, scale: 1_000},
  // Hugo's and Python-Markdown's sluggers searched for a free number from 1 for each heading.
  'repeated headings and a link': {make: (n) => `# H\n\n${'## Same\n\n'.repeat(n)}[x](#same-1)\n`, scale: 800},
  // Each unclosed `{%` searched to the end of the page for `%}`.
  'unclosed template tags': {make: (n) => `# L\n\n${'{% '.repeat(n)}\n`, scale: 5_000},
  'unclosed raw tags': {make: (n) => `# L\n\n${'{% raw %} x '.repeat(n)}\n`, scale: 1_000},
  'many template spans': {make: (n) => `# L\n\n${'{{ site.title }} {% if x %}\n\n'.repeat(n)}\n`, scale: 300},
}

describe('lint time is linear in the page size', () => {
  for (const [name, {make, scale}] of Object.entries(scalingCases)) {
    it(
      name,
      () => {
        const ratio = growth(make, scale)
        console.log(`${name}: ${ratio.toFixed(2)}x`)
        expect(ratio).toBeLessThan(maxGrowth)
      },
      120_000,
    )
  }
})
