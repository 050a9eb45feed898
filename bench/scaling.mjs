#!/usr/bin/env node
/**
 * Linear-time scaling cases (issue 18): pages that once took time quadratic in their length,
 * linted by the CLI at 1× and 4× the size. A linear cost grows about 4×, a quadratic one 16×.
 * Prints Markdown table rows; `bench/run.mjs` includes them. Usage: node bench/scaling.mjs CLI
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const cli = process.argv[2]
if (!cli) {
  process.stderr.write('usage: node bench/scaling.mjs path/to/dist/bundle/cli.js\n')
  process.exit(2)
}

const cases = [
  ['`TODO ` × 20,000 in one paragraph', (k) => `# T\n\n${'TODO '.repeat(20_000 * k)}\n`],
  ['14,000 equal headings and one link', (k) => `# H\n\n${'## Same\n\n'.repeat(14_000 * k)}[x](#same-1)\n`],
  ['`{% ` × 80,000, never closed', (k) => `# L\n\n${'{% '.repeat(80_000 * k)}\n`],
  [
    '`{{ site.title }}` and `{% if %}` × 10,000',
    (k) => `# L\n\n${'{{ site.title }} {% if x %}\n\n'.repeat(10_000 * k)}`,
  ],
  [
    'a table of 900 rows',
    (k) => `| a | b | c | d |\n| - | - | - | - |\n${'| w | x | y | z |\n'.repeat(225 * k)}`.repeat(4),
  ],
]

const dir = mkdtempSync(join(tmpdir(), 'docgap-scaling-'))
const measure = (text, name) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  let best = Number.POSITIVE_INFINITY
  for (let run = 0; run < 2; run++) {
    const started = process.hrtime.bigint()
    const result = spawnSync(process.execPath, [cli, path, '--format', 'compact', '--max-file-size', '8mb'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: 600_000,
    })
    if (result.status !== 0 && result.status !== 1) throw new Error(`${name}: exit ${result.status}: ${result.stderr}`)
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9)
  }
  return best
}
try {
  process.stdout.write(
    '| scaling case | 1× size | 1× wall (s) | 4× wall (s) | ratio (linear ≈ 4, quadratic ≈ 16) |\n| --- | ---: | ---: | ---: | ---: |\n',
  )
  for (const [title, make] of cases) {
    const small = make(1)
    const one = measure(small, 'one.md')
    const four = measure(make(4), 'four.md')
    process.stdout.write(
      `| ${title} | ${(small.length / 1024).toFixed(0)} KB | ${one.toFixed(2)} | ${four.toFixed(2)} | ${(four / one).toFixed(2)} |\n`,
    )
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
