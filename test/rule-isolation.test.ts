/**
 * A plugin rule is someone else's code: whatever it does on a page (exit the process, fail after
 * it returned, kill its thread), that page gets a `rule-error` finding, or the thread's pages are
 * linted again, and every other finding is kept.
 */
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, runCli} from './cli-helpers.js'

const pages: Record<string, string> = {}
for (let page = 0; page < 8; page++) pages[`page-${page}.md`] = '# Page\n\n- \n'
pages['bad.md'] = '# Bad\n\nThis page says trigger.\n\n- \n'

function plugin(check: string, top = ''): string {
  return (
    `import {isMainThread} from 'node:worker_threads'\n${top}\n` +
    "export default {name: 'acme', rules: {odd: {meta: {description: 'Odd.', url: 'https://example.com', recommended: true}, " +
    `parseOptions: () => undefined, check(tree, file) { if (!String(file.value).includes('trigger')) return; ${check} }}}}\n`
  )
}

function lint(code: string, concurrency: string) {
  const cwd = makeTree({...pages, 'acme.mjs': code, 'docgap.config.json': JSON.stringify({plugins: ['./acme.mjs']})})
  const result = runCli(['.', '-f', 'json', '--concurrency', concurrency], {cwd})
  const report = result.stdout ? parseJsonReport(result.stdout) : []
  const findings = report.flatMap((file) =>
    file.messages.map((message) => `${file.filePath}:${message.line}:${message.ruleId}`),
  )
  const bad = report.find((file) => file.filePath === 'bad.md')
  return {
    result,
    findings,
    errors: bad?.messages.filter((message) => message.ruleId === 'rule-error').map((m) => m.message) ?? [],
  }
}

const everyEmptyItem = [
  'bad.md:5:no-empty-list-items',
  ...Object.keys(pages)
    .filter((name) => name !== 'bad.md')
    .map((name) => `${name}:3:no-empty-list-items`),
]

describe('a rule that misbehaves', () => {
  for (const concurrency of ['off', '2']) {
    it(`calls process.exit: a rule-error on that page, every other finding kept (--concurrency ${concurrency})`, () => {
      const {result, findings, errors} = lint(plugin('process.exit(7)'), concurrency)
      expect(result.code).toBe(1)
      expect(result.stderr).toBe('')
      expect(errors).toEqual(['Rule `acme/odd` failed on this file: called process.exit(7)'])
      expect(findings).toEqual(expect.arrayContaining(everyEmptyItem))
    })

    it(`throws from a timer after it returned: a rule-error on that page (--concurrency ${concurrency})`, () => {
      const {result, findings, errors} = lint(plugin("setTimeout(() => { throw new Error('later') }, 0)"), concurrency)
      expect(result.stderr).not.toMatch(/^\s+at /m)
      expect(result.code).toBe(1)
      expect(errors).toEqual(['Rule `acme/odd` failed on this file after it returned: later'])
      expect(findings).toEqual(expect.arrayContaining(everyEmptyItem))
    })

    it(`is async and rejects: a rule-error on that page, no stack trace (--concurrency ${concurrency})`, () => {
      const code = plugin("return (async () => { throw new Error('async boom') })()")
      const {result, findings, errors} = lint(code, concurrency)
      expect(result.stderr).toBe('')
      expect(result.code).toBe(1)
      expect(errors).toEqual(['Rule `acme/odd` failed on this file after it returned: async boom'])
      expect(findings).toEqual(expect.arrayContaining(everyEmptyItem))
    })

    it(`leaves a rejected promise behind: a rule-error on that page (--concurrency ${concurrency})`, () => {
      const {result, errors} = lint(plugin("Promise.reject(new Error('dropped'))"), concurrency)
      expect(result.code).toBe(1)
      expect(result.stderr).toBe('')
      expect(errors).toEqual(['Rule `acme/odd` failed on this file after it returned: dropped'])
    })
  }

  it("kills its worker thread: the thread's pages are linted by the main thread, every finding kept", () => {
    // An error thrown in the worker outside any rule stops that thread.
    const code = plugin('', "if (!isMainThread) setTimeout(() => { throw new Error('worker gone') }, 0)")
    const {result, findings} = lint(code, '2')
    expect(result.code).toBe(1)
    expect(findings.sort()).toEqual(everyEmptyItem.sort())
    expect(result.stderr).toMatch(
      /^docgap: warning: a worker thread stopped \(worker gone\); the main thread linted its \d+ page\(s\)\n$/,
    )
  })
})

describe('a rule that fails after its page was linted', () => {
  it('fails during the output (--concurrency off): a notice naming the page and rule, exit 1, every finding kept', () => {
    const {result, findings} = lint(plugin("setTimeout(() => { throw new Error('much later') }, 300)"), 'off')
    expect(result.code).toBe(1)
    expect(findings.sort()).toEqual(everyEmptyItem.sort())
    expect(result.stderr).toBe(
      'docgap: bad.md: Rule `acme/odd` failed on this file after it returned: much later, ' +
        'too late to be reported as a finding\n',
    )
  })

  it('rejects after its worker sent the page back: a rule-error on that page, every finding kept', () => {
    // bad.md is the first page, linted by the worker; the main thread takes 100 ms a page meanwhile.
    const slowMainThread = 'if (isMainThread) { const until = Date.now() + 100; while (Date.now() < until); }'
    const check = `${slowMainThread} if (!String(file.value).includes('trigger')) return; setTimeout(() => Promise.reject(new Error('after the batch')), 50)`
    const code =
      "import {isMainThread} from 'node:worker_threads'\n" +
      "export default {name: 'acme', rules: {odd: {meta: {description: 'Odd.', url: 'https://example.com', recommended: true}, " +
      `parseOptions: () => undefined, check(tree, file) { ${check} }}}}\n`
    const {result, findings, errors} = lint(code, '2')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    expect(errors).toEqual(['Rule `acme/odd` failed on this file after it returned: after the batch'])
    expect(findings).toEqual(expect.arrayContaining(everyEmptyItem))
  })
})
