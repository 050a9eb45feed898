/**
 * The report opens a file that may come from anywhere (a `--compare` JSON from a CI artifact or a
 * pull request, page names and messages from the docs): nothing in it may add markup, navigate the
 * page, link to a script, or reorder the text around a file name. Each case is a reproduction.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {
  buildReportData,
  compareReports,
  readReportData,
  serializeReportData,
  type ReportData,
} from '../src/report/data.js'
import {renderReport} from '../src/report/html.js'
import {safeHref} from '../src/report/links.js'
import {makeTree, runCli} from './cli-helpers.js'

// No slash, so that as a file name it stays in one folder.
const refresh = '<meta http-equiv="refresh" content="0;url=https:evil.example">'
const rules = [
  {
    id: 'no-placeholders',
    description: 'Placeholders.',
    url: 'https://example.com/no-placeholders',
    severity: 'error' as const,
  },
]

function data(path: string, reason = 'Unexpected placeholder', extra: {linkTemplate?: string} = {}): ReportData {
  const file = new VFile({path, cwd: '/repo', value: 'line 1\nline 2\n'})
  file.message(reason, {place: {line: 2, column: 1}, ruleId: 'no-placeholders', source: 'docgap'}).fatal = true
  return buildReportData([file], {
    cwd: '/repo',
    root: '/repo',
    version: '1.0.0',
    generatedAt: '2026-01-01T00:00:00.000Z',
    rules,
    ...extra,
  })
}

/** The report's own elements, whatever the data: any other tag came from the data. */
function tags(html: string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [, name] of html.matchAll(/<([a-z][a-z0-9-]*)\b/gi))
    counts[name!.toLowerCase()] = (counts[name!.toLowerCase()] ?? 0) + 1
  return counts
}

describe('--compare input', () => {
  it('is refused, exit 2 and one line, when a field has a value its schema does not allow (severity)', async () => {
    const previous = JSON.parse(serializeReportData(data('docs/a.md')))
    previous.pages[0].messages[0].severity = refresh
    const cwd = makeTree({'docs/a.md': '# A\n\nTBD.\n', 'old.json': JSON.stringify(previous)})
    const result = runCli(['report', 'docs', '--compare', 'old.json'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'docgap: old.json: invalid report: pages[0].messages[0].severity: expected `error` or `warning`\n',
    )
    await expect(readReportData(join(cwd, 'old.json'), 'old.json')).rejects.toThrow('severity')
  })

  it('is refused when a count or a position is not a whole number', async () => {
    for (const [field, value] of [
      ['line', '2<b>'],
      ['line', -1],
      ['column', 1.5],
    ] as const) {
      const previous = JSON.parse(serializeReportData(data('docs/a.md')))
      previous.pages[0].messages[0][field] = value
      const cwd = makeTree({'old.json': JSON.stringify(previous)})
      await expect(readReportData(join(cwd, 'old.json'), 'old.json')).rejects.toThrow(
        `pages[0].messages[0].${field}: expected a whole number`,
      )
    }
    const previous = JSON.parse(serializeReportData(data('docs/a.md')))
    previous.totals.completeness = 7
    const cwd = makeTree({'old.json': JSON.stringify(previous)})
    await expect(readReportData(join(cwd, 'old.json'), 'old.json')).rejects.toThrow('totals.completeness')
  })

  it('adds no element to the page whatever its text fields hold, even unchecked (renderReport called directly)', () => {
    const current = data('docs/a.md')
    // The same report with plain text in the same fields: the shape the hostile one must keep.
    const plain = data('docs/b.md', 'Unexpected text')
    Object.assign(plain.pages[0]!.messages[0]!, {rule: 'other-rule', link: 'javascript:void 0'})
    const baseline = tags(renderReport(current, compareReports(current, plain)))
    const previous = data(`docs/${refresh}.md`, `Unexpected ${refresh}`)
    Object.assign(previous.pages[0]!.messages[0]!, {rule: refresh, severity: refresh, link: `javascript:${refresh}`})
    Object.assign(previous, {generatedAt: refresh, docgap: refresh})
    const html = renderReport(current, compareReports(current, previous))
    const added = Object.entries(tags(html)).filter(([name, count]) => count > (baseline[name] ?? 0))
    expect(added).toEqual([])
    expect(html).not.toContain('http-equiv="refresh"')
  })
})

describe('Content-Security-Policy', () => {
  it('comes before anything the data writes, so no injected <meta> can precede or loosen it', () => {
    const html = renderReport(data(`${refresh}.md`, refresh))
    const head = html.slice(0, html.indexOf('</head>'))
    const metas = [...head.matchAll(/<meta\b[^>]*>/g)].map(([tag]) => tag)
    expect(metas[0]).toBe('<meta charset="utf-8">')
    expect(metas.findIndex((tag) => tag.includes('Content-Security-Policy'))).toBeLessThanOrEqual(2)
    expect(metas).toHaveLength(4)
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(head)![1]!
    for (const directive of ["default-src 'none'", "base-uri 'none'", "form-action 'none'"])
      expect(csp).toContain(directive)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
  })
})

describe('links', () => {
  it('are read as a browser reads them: tab or space before a scheme, and //host, are refused', () => {
    for (const href of [
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      '\njavascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      '//evil.example/',
      '\\\\evil.example\\share',
      '/\\evil.example/',
      'data:text/html,<b>x',
      'file:///etc/passwd',
      'vbscript:x',
    ]) {
      expect(safeHref(href), JSON.stringify(href)).toBeNull()
    }
  })

  it('keep web and relative links', () => {
    expect(safeHref('https://github.com/org/repo/blob/main/docs/a.md#L3')).toBe(
      'https://github.com/org/repo/blob/main/docs/a.md#L3',
    )
    expect(safeHref('http://example.com')).toBe('http://example.com/')
    for (const href of ['docs/a%20b.md', '../guide/install.md', '/docs/a.md', '#top']) expect(safeHref(href)).toBe(href)
  })

  it('from a --compare file or a link template never reach the page when they are not web or relative links', () => {
    const current = data('docs/a.md', 'Unexpected placeholder', {linkTemplate: '//evil.example/{path}#L{line}'})
    const previous = data('docs/b.md')
    previous.pages[0]!.messages[0]!.link = 'java\tscript:alert(1)'
    const html = renderReport(current, compareReports(current, previous))
    expect(html).not.toMatch(/href="[^"]*(?:script:|\/\/evil)/i)
    const cwd = makeTree({'docs/a.md': '# A\n\nTBD.\n'})
    expect(runCli(['report', 'docs', '--link-template', ' javascript:alert({line})//{path}'], {cwd}).code).toBe(0)
    expect(readFileSync(join(cwd, 'docgap-report.html'), 'utf8')).not.toMatch(/<a [^>]*href="\s*javascript/i)
  })
})

describe('file names', () => {
  it('with right-to-left text are isolated in <bdi>, so they cannot reorder the text around them', () => {
    const spoof = 'docs/\u202egnp.exe.md'
    const current = data('docs/a.md')
    const html = renderReport(current, compareReports(current, data(spoof)))
    expect(html).toContain(`<bdi>${spoof}</bdi>:2`)
    expect(html).toContain('<bdi>docs</bdi>/')
    expect(html.replace(/<bdi>[^<]*<\/bdi>/g, '')).not.toContain('\u202e')
  })
})

// Keep the writer and the reader in step: what `--json-out` writes, `--compare` accepts.
it('a report written by --json-out is read back by --compare', async () => {
  const cwd = makeTree({'a.json': serializeReportData(data('docs/\u202ex.md'))})
  writeFileSync(join(cwd, 'b.json'), readFileSync(join(cwd, 'a.json')))
  await expect(readReportData(join(cwd, 'b.json'))).resolves.toMatchObject({format: 'docgap-report'})
})
