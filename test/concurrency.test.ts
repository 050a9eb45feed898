/**
 * `--concurrency`: pages spread over worker threads give the same output, byte for byte, as one
 * thread, with cross-file links, overrides, plugins and the cache in play.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {createProgress} from '../src/progress.js'
import {availableParallelism} from 'node:os'
import {cappedConcurrency, threadCount} from '../src/pool.js'
import {makeTree, repoRoot, runCli} from './cli-helpers.js'

// Many small pages linking into each other, so that links cross from one thread's pages to another's.
function linkedSite(pages: number): Record<string, string> {
  const files: Record<string, string> = {
    'docgap.config.json': JSON.stringify({
      overrides: [{files: ['guides/**'], rules: {'no-todo-comments': 'error'}, variables: {site: {product: 'Acme'}}}],
    }),
  }
  for (let page = 0; page < pages; page++) {
    const next = (page + 1) % pages
    files[`guides/page-${page}.md`] = [
      `# Page ${page} of {{ site.product }}`,
      '',
      `## Set up step ${page}`,
      '',
      `See [the next page](page-${next}.md#set-up-step-${next}) and [a missing part](page-${next}.md#nowhere-${page}).`,
      '',
      page % 3 === 0 ? '<!-- TODO: finish this -->\n' : 'Finished.\n',
      page % 4 === 0 ? '## Empty section\n\n## Another\n\nText.\n' : '',
    ].join('\n')
  }
  return files
}

describe('--concurrency', () => {
  it('gives the same output with one thread as with two or three, cross-file links and overrides included', () => {
    const cwd = makeTree(linkedSite(40))
    const outputs = ['off', '2', '3'].map((concurrency) =>
      runCli(['.', '-f', 'json', '--concurrency', concurrency], {cwd}),
    )
    expect(outputs[0]!.code).toBe(1)
    expect(outputs[0]!.stderr).toBe('')
    // The run finds what the pages hold: a broken anchor each, and the overridden TODO rule.
    const findings = JSON.parse(outputs[0]!.stdout) as Array<{messages: Array<{ruleId: string}>}>
    const rules = findings.flatMap((file) => file.messages.map((message) => message.ruleId))
    expect(rules.filter((rule) => rule === 'no-broken-anchors')).toHaveLength(40)
    expect(rules.filter((rule) => rule === 'no-todo-comments')).toHaveLength(14)
    expect(rules.filter((rule) => rule === 'no-empty-sections')).toHaveLength(10)
    for (const output of outputs.slice(1)) {
      // On a machine with fewer CPUs, 3 is capped, and the run says so.
      expect(
        output.stderr.replace(
          /^docgap: warning: --concurrency 3: using \d+ threads?, the number of CPUs available\n/,
          '',
        ),
      ).toBe('')
      expect(output.code).toBe(outputs[0]!.code)
      expect(output.stdout).toBe(outputs[0]!.stdout)
    }
  })

  it("gives the same output on the project's own fixtures, in every format that shows all of it", () => {
    for (const format of ['json', 'sarif']) {
      const single = runCli(['fixtures', '-f', format, '--concurrency', 'off'], {cwd: repoRoot, timeout: 60_000})
      const threaded = runCli(['fixtures', '-f', format, '--concurrency', '2'], {cwd: repoRoot, timeout: 60_000})
      expect(single.stdout.length).toBeGreaterThan(1000)
      expect(threaded.stdout).toBe(single.stdout)
      expect(threaded.code).toBe(single.code)
    }
    // Four whole runs over fixtures/: on a shared, busy machine they take longer than the default 30 s.
  }, 240_000)

  it('loads plugins in each worker thread', () => {
    const plugin = `export default {name: 'acme', rules: {'no-foo': {meta: {description: 'No foo.', url: 'https://example.com', recommended: true}, parseOptions: () => undefined, check(tree, file) { if (String(file.value).includes('foo')) file.message('foo found', {place: {line: 1, column: 1}}) }}}}\n`
    const files: Record<string, string> = {
      'acme.mjs': plugin,
      'docgap.config.json': JSON.stringify({plugins: ['./acme.mjs']}),
    }
    for (let page = 0; page < 12; page++) files[`page-${page}.md`] = page % 2 ? '# foo\n\nText.\n' : '# bar\n\nText.\n'
    const cwd = makeTree(files)
    const single = runCli(['.', '-f', 'compact', '--concurrency', 'off'], {cwd})
    const threaded = runCli(['.', '-f', 'compact', '--concurrency', '2'], {cwd})
    expect(single.stdout.match(/\[acme\/no-foo\]/g)).toHaveLength(6)
    expect(threaded.stdout).toBe(single.stdout)
    expect(threaded.stderr).toBe('')
  })

  it('keeps the cache correct: a threaded cold run, then a warm one, then an edit of a linked page', () => {
    const cwd = makeTree(linkedSite(20))
    const cacheLocation = join(cwd, '.docgapcache')
    const args = ['.', '-f', 'json', '--cache', '--cache-location', cacheLocation, '--concurrency', '2']
    const cold = runCli(args, {cwd})
    expect(
      JSON.parse(readFileSync(cacheLocation, 'utf8')).files['guides/page-3.md'].dependencies.length,
    ).toBeGreaterThan(0)
    expect(runCli(args, {cwd}).stdout).toBe(cold.stdout)
    // Rename the heading page 2 links to: page 2's findings change though page 2 did not.
    const page3 = join(cwd, 'guides/page-3.md')
    writeFileSync(page3, readFileSync(page3, 'utf8').replace('## Set up step 3', '## Install step 3'))
    const warm = runCli(args, {cwd})
    const page2 = (JSON.parse(warm.stdout) as Array<{filePath: string; messages: unknown[]}>).find((file) =>
      file.filePath.endsWith('page-2.md'),
    )!
    expect(page2.messages).toHaveLength(2)
    expect(warm.stdout).toBe(runCli(['.', '-f', 'json', '--concurrency', 'off'], {cwd}).stdout)
  })

  it('lints in the main thread the pages of a worker thread that fails to start, and says so in one line', () => {
    const pages: Record<string, string> = {}
    for (let page = 0; page < 12; page++) pages[`page-${page}.md`] = '# Page\n\n- \n'
    const failsToLoad = `import {isMainThread} from 'node:worker_threads'\nif (!isMainThread) throw new Error('not in a worker')\nexport default {name: 'acme', rules: {}}\n`
    const cwd = makeTree({
      ...pages,
      'acme.mjs': failsToLoad,
      'docgap.config.json': JSON.stringify({plugins: ['./acme.mjs']}),
    })
    const threaded = runCli(['.', '-f', 'compact', '--concurrency', '2'], {cwd})
    const single = runCli(['.', '-f', 'compact', '--concurrency', 'off'], {cwd})
    expect(threaded.stderr).toMatch(
      /^docgap: warning: a worker thread stopped \(docgap.config.json: plugins: cannot load `.\/acme.mjs`: not in a worker\); the main thread linted its \d+ page\(s\)\n$/,
    )
    expect({code: threaded.code, stdout: threaded.stdout}).toEqual({code: 1, stdout: single.stdout})
    expect(single.stdout.split('\n')).toHaveLength(13)
  })

  it('refuses a value that is not a number of threads, auto or off', () => {
    for (const value of ['0', 'many', '-2', '1.5']) {
      const result = runCli(['fixtures', '--concurrency', value], {cwd: repoRoot})
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(
        `docgap: --concurrency ${value}: expected a number of threads (1 to 999), auto or off\n`,
      )
    }
  })
})

describe('how many threads', () => {
  it('uses one thread for a few pages (a worker costs more to start than they take to lint), more for many', () => {
    expect(threadCount('auto', 5, 16)).toBe(1)
    expect(threadCount('auto', 100, 16)).toBe(1)
    expect(threadCount('auto', 400, 16)).toBe(2)
    expect(threadCount('auto', 100_000, 16)).toBe(4)
    // A Node thread keeps about 1.5 CPUs busy by itself: two CPUs are one thread's worth.
    expect(threadCount('auto', 100_000, 2)).toBe(1)
    expect(threadCount('auto', 100_000, 4)).toBe(2)
    expect(threadCount('off', 100_000)).toBe(1)
    expect(threadCount(3, 100, 4)).toBe(3)
    expect(threadCount(8, 2, 16)).toBe(2)
    // Never more threads than CPUs: 999 once started 978 threads and took 10 GB on 2 CPUs.
    expect(threadCount(999, 100_000, 2)).toBe(2)
    expect(cappedConcurrency(999, 2)).toBe(2)
    expect(cappedConcurrency(2, 2)).toBeUndefined()
    expect(cappedConcurrency('auto', 2)).toBeUndefined()
  })

  it('--concurrency 999 is capped at the CPUs available, says so on stderr, and gives the same output', () => {
    const files: Record<string, string> = {}
    for (let page = 0; page < 6; page++) files[`page-${page}.md`] = '# Page\n\n- \n'
    const cwd = makeTree(files)
    const single = runCli(['.', '-f', 'compact', '--concurrency', 'off'], {cwd})
    const many = runCli(['.', '-f', 'compact', '--concurrency', '999'], {cwd})
    expect(many.stdout).toBe(single.stdout)
    expect(many.stderr).toMatch(
      new RegExp(
        `^docgap: warning: --concurrency 999: using ${availableParallelism()} threads?, the number of CPUs available\\n$`,
      ),
    )
  })
})

describe('the progress line', () => {
  function terminal(isTTY: boolean) {
    const written: string[] = []
    let time = 0
    const stream = {isTTY, write: (text: string) => written.push(text)}
    return {stream, written, advance: (ms: number) => (time += ms), now: () => time}
  }

  it('shows files done out of all after a second in a terminal, a few times a second, and erases itself at the end', () => {
    const {stream, written, advance, now} = terminal(true)
    const progress = createProgress(stream, {}, now)!
    progress(1, 100)
    expect(written).toEqual([])
    advance(1500)
    progress(40, 100)
    progress(41, 100)
    advance(150)
    progress(60, 100)
    progress(100, 100)
    expect(written).toEqual(['\r\x1b[2Kdocgap: 40/100 files', '\r\x1b[2Kdocgap: 60/100 files', '\r\x1b[2K'])
  })

  it('is silent when standard error is not a terminal, and in CI', () => {
    expect(createProgress(terminal(false).stream, {})).toBeUndefined()
    expect(createProgress(terminal(true).stream, {CI: 'true'})).toBeUndefined()
  })
})
