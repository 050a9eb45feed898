/** The docs-debt report: its data (roll-ups, completeness, trend), the JSON twin and the HTML file. */
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {DocgapError} from '../src/errors.js'
import {
  buildReportData,
  compareReports,
  readReportData,
  serializeReportData,
  type ReportData,
  type ReportFolder,
} from '../src/report/data.js'
import {packReportData, renderReport} from '../src/report/html.js'
import {safeHref} from '../src/report/links.js'
import {fixturePages, lintPages, reportedRules} from './report-helpers.js'
import {makeTree, runCli} from './cli-helpers.js'

const cwd = '/repo/docs-site'
const rules = [
  {
    id: 'no-placeholders',
    description: 'Placeholders.',
    url: 'https://example.com/no-placeholders',
    severity: 'error' as const,
  },
  {
    id: 'no-editorial-notes',
    description: 'Notes.',
    url: 'https://example.com/no-editorial-notes',
    severity: 'warn' as const,
  },
  {
    id: 'no-empty-list-items',
    description: 'Empty items.',
    url: 'https://example.com/no-empty-list-items',
    severity: 'error' as const,
  },
]

type Finding = [rule: string, line: number, error: boolean, reason?: string]

/** A page of `lines` numbered lines (`line N`) with the given findings at column 1. */
function page(path: string, findings: Finding[], text?: string): VFile {
  const value = text ?? Array.from({length: 20}, (_, index) => `line ${index + 1}`).join('\n')
  const file = new VFile({path, cwd, value})
  for (const [rule, line, error, reason] of findings) {
    const message = file.message(reason ?? `Unexpected ${rule} finding`, {
      place: {line, column: 1},
      ruleId: rule,
      source: 'docgap',
    })
    message.fatal = error
  }
  return file
}

function build(files: VFile[], extra: Partial<Parameters<typeof buildReportData>[1]> = {}): ReportData {
  return buildReportData(files, {
    cwd,
    root: cwd,
    version: '9.9.9',
    generatedAt: '2025-01-02T03:04:05.000Z',
    rules,
    ...extra,
  })
}

function folder(data: ReportData, path: string): ReportFolder {
  const find = (node: ReportFolder): ReportFolder | undefined =>
    node.path === path ? node : node.children.map(find).find(Boolean)
  const found = find(data.folders)
  if (!found) throw new Error(`no folder ${path}`)
  return found
}

const tree = () => [
  page('index.md', []),
  page('guide/install.md', [
    ['no-placeholders', 3, true],
    ['no-placeholders', 5, true],
    ['no-editorial-notes', 7, false],
  ]),
  page('guide/configure.md', [['no-editorial-notes', 2, false]]),
  page('guide/advanced/tuning.md', [['no-empty-list-items', 4, true]]),
  page('reference/cli.md', []),
]

describe('report data', () => {
  it('counts pages, findings by rule and severity, and completeness (share of pages with no error)', () => {
    const data = build(tree())
    expect(data).toMatchObject({
      format: 'docgap-report',
      schema: 1,
      docgap: '9.9.9',
      generatedAt: '2025-01-02T03:04:05.000Z',
      linkTemplate: null,
    })
    expect(data.totals).toEqual({
      pages: 5,
      pagesWithFindings: 3,
      pagesWithErrors: 2,
      findings: 5,
      errors: 3,
      warnings: 2,
      completeness: 3 / 5,
      byRule: {'no-placeholders': 2, 'no-editorial-notes': 2, 'no-empty-list-items': 1},
      bySeverity: {error: 3, warning: 2},
    })
    // A page with warnings only is complete; no pages at all is complete.
    expect(build([page('a.md', [['no-editorial-notes', 1, false]])]).totals.completeness).toBe(1)
    expect(build([]).totals).toMatchObject({pages: 0, completeness: 1})
  })

  it('lists every enabled rule with its counts, most findings first, and rules docgap reports itself', () => {
    const data = build([...tree(), page('broken.md', [['parse-error', 1, true, 'Cannot parse file']])])
    expect(
      data.rules.map((rule) => [rule.id, rule.findings, rule.errors, rule.warnings, rule.pages, rule.severity]),
    ).toEqual([
      ['no-editorial-notes', 2, 0, 2, 2, 'warn'],
      ['no-placeholders', 2, 2, 0, 1, 'error'],
      ['no-empty-list-items', 1, 1, 0, 1, 'error'],
      ['parse-error', 1, 1, 0, 1, null],
    ])
    expect(data.rules[0]).toMatchObject({description: 'Notes.', url: 'https://example.com/no-editorial-notes'})
  })

  it('rolls findings up the folder tree', () => {
    const data = build(tree())
    expect(data.folders).toMatchObject({
      path: '',
      name: '.',
      pages: 5,
      ownPages: 1,
      findings: 5,
      errors: 3,
      warnings: 2,
      pagesWithFindings: 3,
      pagesWithErrors: 2,
    })
    expect(data.folders.children.map((child) => child.name)).toEqual(['guide', 'reference'])
    expect(folder(data, 'guide')).toMatchObject({
      pages: 3,
      ownPages: 2,
      findings: 5,
      errors: 3,
      warnings: 2,
      pagesWithFindings: 3,
      pagesWithErrors: 2,
      density: 5 / 3,
    })
    expect(folder(data, 'guide/advanced')).toMatchObject({
      name: 'advanced',
      pages: 1,
      ownPages: 1,
      findings: 1,
      errors: 1,
      density: 1,
      children: [],
    })
    expect(folder(data, 'reference')).toMatchObject({pages: 1, findings: 0, density: 0})
    // Every folder's pages are its own plus its children's.
    const check = (node: ReportFolder): void => {
      expect(node.pages).toBe(node.ownPages + node.children.reduce((sum, child) => sum + child.pages, 0))
      node.children.forEach(check)
    }
    check(data.folders)
  })

  it('has a row per page, sorted by path, with counts, worst rule and each finding', () => {
    const data = build(tree())
    expect(data.pages.map((row) => row.path)).toEqual([
      'guide/advanced/tuning.md',
      'guide/configure.md',
      'guide/install.md',
      'index.md',
      'reference/cli.md',
    ])
    const install = data.pages.find((row) => row.path === 'guide/install.md')!
    // Errors outrank warnings, whatever their number.
    expect(install).toMatchObject({findings: 3, errors: 2, warnings: 1, worstRule: 'no-placeholders'})
    expect(install.messages[0]).toMatchObject({
      line: 3,
      column: 1,
      rule: 'no-placeholders',
      message: 'Unexpected no-placeholders finding',
      severity: 'error',
      link: 'guide/install.md',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    })
    expect(data.pages.find((row) => row.path === 'index.md')).toMatchObject({
      findings: 0,
      worstRule: null,
      messages: [],
    })
  })

  it('makes paths relative to the repository root and links from the link template or relative to the report', () => {
    const files = [page('guide/my page#1.md', [['no-placeholders', 12, true]])]
    const templated = build(files, {
      root: '/repo',
      linkTemplate: 'https://github.com/org/repo/blob/main/{path}#L{line}',
    })
    expect(templated.pages[0]!.path).toBe('docs-site/guide/my page#1.md')
    expect(templated.pages[0]!.messages[0]!.link).toBe(
      'https://github.com/org/repo/blob/main/docs-site/guide/my%20page%231.md#L12',
    )
    expect(templated.linkTemplate).toBe('https://github.com/org/repo/blob/main/{path}#L{line}')
    const local = build(files, {root: '/repo', reportDir: '/repo/out'})
    expect(local.pages[0]!.messages[0]!.link).toBe('../docs-site/guide/my%20page%231.md')
  })

  it('counts the pages of real lint runs', () => {
    const files = lintPages(fixturePages, cwd)
    const data = buildReportData(files, {cwd, root: cwd, version: '1', rules: reportedRules})
    expect(data.totals.pages).toBe(Object.keys(fixturePages).length)
    expect(data.totals.findings).toBe(files.reduce((sum, file) => sum + file.messages.length, 0))
    expect(data.totals.findings).toBe(data.pages.reduce((sum, row) => sum + row.findings, 0))
    expect(folder(data, 'docs').findings).toBe(data.totals.findings)
    expect(data.rules.map((rule) => rule.id).sort()).toEqual(reportedRules.map((rule) => rule.id).sort())
    expect(new Date(data.generatedAt).getTime()).not.toBeNaN()
  })
})

describe('trend', () => {
  const lines = (...texts: string[]) => texts.join('\n')

  it('matches findings by page, rule and fingerprint: moved lines are neither fixed nor new', () => {
    const before = build([
      page(
        'guide/a.md',
        [
          ['no-placeholders', 2, true],
          ['no-placeholders', 3, true],
        ],
        lines('# A', 'Fill ___ in.', 'Also TODO.'),
      ),
      page('guide/b.md', [['no-editorial-notes', 1, false]], lines('(Write this.)')),
      page('old.md', [['no-empty-list-items', 1, true]], lines('- ')),
    ])
    const after = build([
      // Two lines added above: the `___` finding moved to line 4 and stays; the TODO line was edited: fixed, and new.
      page(
        'guide/a.md',
        [
          ['no-placeholders', 4, true],
          ['no-placeholders', 5, true],
        ],
        lines('# A', 'Intro.', '', 'Fill ___ in.', 'Also TODO here.'),
      ),
      page('guide/b.md', [], lines('Written.')),
      page('reference/new.md', [['no-placeholders', 1, true]], lines('TBD')),
    ])
    const trend = compareReports(after, before)
    expect(trend.totals).toMatchObject({
      before: 4,
      after: 3,
      fixed: 3,
      new: 2,
      pagesBefore: 3,
      pagesAfter: 3,
      pagesRemoved: 1,
      pagesAdded: 1,
    })
    expect(trend.totals.completenessBefore).toBeCloseTo(1 / 3)
    expect(trend.totals.completenessAfter).toBeCloseTo(1 / 3)
    expect(trend.fixedFindings.map((finding) => `${finding.path}:${finding.line} ${finding.rule}`)).toEqual([
      'guide/a.md:3 no-placeholders',
      'guide/b.md:1 no-editorial-notes',
      'old.md:1 no-empty-list-items',
    ])
    expect(trend.newFindings.map((finding) => `${finding.path}:${finding.line} ${finding.rule}`)).toEqual([
      'guide/a.md:5 no-placeholders',
      'reference/new.md:1 no-placeholders',
    ])
    const rule = (id: string) => trend.rules.find((entry) => entry.id === id)
    expect(rule('no-placeholders')).toEqual({id: 'no-placeholders', before: 2, after: 3, fixed: 1, new: 2})
    expect(rule('no-editorial-notes')).toEqual({id: 'no-editorial-notes', before: 1, after: 0, fixed: 1, new: 0})
    expect(rule('no-empty-list-items')).toEqual({id: 'no-empty-list-items', before: 1, after: 0, fixed: 1, new: 0})
    const at = (path: string) => trend.folders.find((entry) => entry.path === path)
    expect(at('')).toEqual({path: '', before: 4, after: 3, fixed: 3, new: 2})
    expect(at('guide')).toEqual({path: 'guide', before: 3, after: 2, fixed: 2, new: 1})
    expect(at('reference')).toEqual({path: 'reference', before: 0, after: 1, fixed: 0, new: 1})
    // Most change first.
    expect(trend.folders[0]!.path).toBe('')
  })

  it('tells identical findings on one page apart by occurrence', () => {
    const text = lines('- ', '- ', '- ')
    const three = build([
      page(
        'a.md',
        [
          ['no-empty-list-items', 1, true],
          ['no-empty-list-items', 2, true],
          ['no-empty-list-items', 3, true],
        ],
        text,
      ),
    ])
    const two = build([
      page(
        'a.md',
        [
          ['no-empty-list-items', 1, true],
          ['no-empty-list-items', 2, true],
        ],
        lines('- ', '- ', '- Done.'),
      ),
    ])
    expect(compareReports(two, three).totals).toMatchObject({fixed: 1, new: 0})
    expect(compareReports(three, two).totals).toMatchObject({fixed: 0, new: 1})
    expect(compareReports(three, three).totals).toMatchObject({fixed: 0, new: 0})
  })

  it('survives the JSON round trip', async () => {
    const data = build(tree())
    const folder = mkdtempSync(join(tmpdir(), 'docgap-report-json-'))
    const path = join(folder, 'report.json')
    writeFileSync(path, serializeReportData(data))
    const read = await readReportData(path, 'report.json')
    expect(read).toEqual(data)
    expect(compareReports(data, read).totals).toMatchObject({fixed: 0, new: 0})
  })
})

describe('readReportData', () => {
  const write = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'docgap-report-bad-')), 'previous.json')
    writeFileSync(path, text)
    return path
  }
  const error = async (path: string) => {
    try {
      await readReportData(path, 'previous.json')
    } catch (caught) {
      expect(caught).toBeInstanceOf(DocgapError)
      expect((caught as DocgapError).exitCode).toBe(2)
      return (caught as Error).message
    }
    throw new Error('expected an error')
  }

  it('names the file and what is wrong', async () => {
    expect(await error('/nonexistent/previous.json')).toBe(
      'previous.json: cannot read report: no such file or directory',
    )
    expect(await error(write('{'))).toMatch(/^previous\.json: invalid report: not JSON \(/)
    expect(await error(write('[]'))).toBe(
      'previous.json: invalid report: expected the JSON that `docgap report --json-out` writes (`"format": "docgap-report"`)',
    )
    // An ESLint-style JSON report is not a docgap report.
    expect(await error(write('[{"filePath": "a.md", "messages": []}]'))).toMatch(
      /expected the JSON that `docgap report --json-out` writes/,
    )
    const data = JSON.parse(serializeReportData(build(tree())))
    expect(await error(write(JSON.stringify({...data, schema: 2})))).toBe(
      'previous.json: invalid report: schema: expected 1, got 2',
    )
    data.pages[2].messages[1].fingerprint = 7
    expect(await error(write(JSON.stringify(data)))).toBe(
      'previous.json: invalid report: pages[2].messages[1].fingerprint: expected a string',
    )
  })
})

describe('HTML report', () => {
  const hostile = () =>
    build(
      [
        page('<script>alert(1)<\\/script>.md', [
          ['no-placeholders', 1, true, 'Unexpected <img src=x onerror=alert(1)> & "quotes"'],
        ]),
        page('guide/"><svg onload=alert(2)>.md', [
          ['no-editorial-notes', 2, false, '</script><script>alert(3)</script>'],
        ]),
      ],
      {
        rules: [
          ...rules,
          {id: '<b>rule</b>', description: '<i>desc</i>', url: 'javascript:alert(4)', severity: 'error'},
        ],
      },
    )

  it('is one file: no external stylesheet, script, image, font, @import or url()', () => {
    const html = renderReport(build(tree()), compareReports(build(tree()), build([])))
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/\ssrc\s*=/i)
    expect(html).not.toMatch(/<link\b(?![^>]*href="data:)[^>]*\bhref=/i)
    expect(html).not.toMatch(/@import/i)
    // `new URL(` is the link filter parsing an href (links.ts), not a resource to load.
    expect(html.replace(/new URL\(/g, '')).not.toMatch(/url\s*\(/i)
    expect(html).not.toMatch(/<(?:iframe|object|embed|img|audio|video|source)\b/i)
    // Addresses of other hosts only as links a reader may follow (rule pages; findings with a link
    // template), never in the markup, style or script otherwise (the SVG namespace comes from the page).
    expect(html).toMatch(/<a class="docs" href="https:\/\/example\.com\/no-placeholders">/)
    const rest = html
      .replace(/<script type="application\/json" id="docgap-data">[\s\S]*?<\/script>/, '')
      .replace(/<a [^>]*href="[^"]*"/g, '<a')
      // The link filter names the schemes it allows, and reads relative links against a reserved name.
      .replace(safeHref.toString(), '')
    expect(rest).not.toMatch(/https?:|\/\/[a-z0-9.-]+\.[a-z]{2,}/i)
    // Exactly the two scripts we wrote: the data and the code.
    expect(html.match(/<script\b/g)).toHaveLength(2)
  })

  it('allows only its own style and script, by hash', () => {
    const html = renderReport(build(tree()))
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!
    expect(csp).toContain("default-src 'none'")
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!
    expect(csp).toContain(`style-src ${sha(style)}`)
    expect(csp).toContain(`script-src ${sha(script)}`)
  })

  it('escapes hostile page names, messages and rules', () => {
    const data = hostile()
    const trend = compareReports(data, build([]))
    const html = renderReport(data, trend)
    // The markup has no tag but ours: nothing from the data opens an element.
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<svg onload')
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<b>rule')
    expect(html).not.toContain('<i>desc')
    expect(html).not.toContain('javascript:')
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    // The trend, written at build time, shows them as text.
    expect(html).toContain('<bdi>&#60;script&#62;alert(1)&#60;\\/script&#62;.md</bdi>:1')
    expect(html).toContain('Unexpected &#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34;')
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;alert(3)&#60;/script&#62;')
    // The data, read by the page's script, says exactly what the report data says.
    const json = /<script type="application\/json" id="docgap-data">([\s\S]*?)<\/script>/.exec(html)![1]!
    expect(json).not.toContain('<')
    expect(JSON.parse(json)).toEqual(packReportData(data))
  })

  it('packs the data without losing any finding', () => {
    const data = build(tree(), {linkTemplate: 'https://example.com/{path}#L{line}'})
    const packed = packReportData(data)
    expect(packed.linkTemplate).toBe(data.linkTemplate)
    const unpacked = packed.pages.map(([path, , worst, flat]) => {
      const findings = []
      for (let index = 0; index < flat.length; index += 5) {
        findings.push({
          line: flat[index],
          column: flat[index + 1],
          rule: packed.rules[flat[index + 2]!]![0],
          message: packed.messages[flat[index + 3]!],
          error: flat[index + 4] === 1,
        })
      }
      return {path, worst: worst < 0 ? null : packed.rules[worst]![0], findings}
    })
    expect(unpacked).toEqual(
      data.pages.map((row) => ({
        path: row.path,
        worst: row.worstRule,
        findings: row.messages.map((finding) => ({
          line: finding.line,
          column: finding.column,
          rule: finding.rule,
          message: finding.message,
          error: finding.severity === 'error',
        })),
      })),
    )
  })

  it('stays under 1 MB for 2,000 pages with 13,000 findings, and is quick to make', () => {
    const messages = Array.from(
      {length: 120},
      (_, index) =>
        `Unexpected undefined variable \`site.variable_${index}\`, expected a variable defined in the configuration`,
    )
    const ruleIds = rules.map((rule) => rule.id)
    const files: VFile[] = []
    for (let index = 0; index < 2000; index++) {
      const path = `app/_src/section-${index % 12}/product-${index % 37}/version-${index % 5}.x/page-with-a-longish-name-${index}.md`
      const findings: Finding[] = Array.from({length: index % 13}, (_, n) => [
        ruleIds[n % 3]!,
        n + 1,
        n % 3 !== 1,
        messages[(index + n) % 120],
      ])
      files.push(page(path, findings))
    }
    const start = performance.now()
    const data = build(files, {linkTemplate: 'https://github.com/Kong/docs.konghq.com/blob/main/{path}#L{line}'})
    const trend = compareReports(data, data)
    const html = renderReport(data, trend)
    const elapsed = performance.now() - start
    expect(data.totals.findings).toBeGreaterThan(11_000)
    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024)
    expect(elapsed).toBeLessThan(5000)
  })
})

describe('docgap report (CLI)', () => {
  it('writes the HTML page and its JSON twin, exits 0, and compares with a previous report', () => {
    const cwd = makeTree({'docs/a.md': '# A\n\n- \n', 'docs/b.md': '# B\n\nText.\n'})
    const first = runCli(['report', 'docs', '--json-out', 'before.json'], {cwd})
    expect(first).toMatchObject({code: 0, stdout: ''})
    expect(first.stderr).toBe('docgap: wrote docgap-report.html and before.json: 2 pages, 1 finding\n')
    expect(readFileSync(join(cwd, 'docgap-report.html'), 'utf8')).toMatch(/^<!doctype html>/i)
    writeFileSync(join(cwd, 'docs/a.md'), '# A\n\n- One.\n')
    const second = runCli(['report', 'docs', '--compare', 'before.json', '--out', 'after.html'], {cwd})
    expect(second.code).toBe(0)
    expect(readFileSync(join(cwd, 'after.html'), 'utf8').length).toBeGreaterThan(1000)
  })

  it('exits 2 with one line on a broken --compare file', () => {
    const cwd = makeTree({'docs/a.md': '# A\n', 'old.json': '{"nope": 1}'})
    const result = runCli(['report', 'docs', '--compare', 'old.json'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^docgap: old\.json: /)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
