/**
 * The HTML report in a real browser: Debian's `chromium` driven by puppeteer-core (which never
 * downloads a browser). Skipped, with a message saying so, where /usr/bin/chromium (or
 * DOCGAP_CHROMIUM) is absent; `.ci/run` installs it so that CI runs this.
 */
import {existsSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildReportData, compareReports, serializeReportData, type ReportData} from '../src/report/data.js'
import {renderReport} from '../src/report/html.js'
import {fixturePages, lintPages, reportedRules, writeTree} from './report-helpers.js'

const chromium = process.env.DOCGAP_CHROMIUM ?? '/usr/bin/chromium'
const available = existsSync(chromium)
if (!available) {
  console.warn(
    `report-browser.test.ts: skipped: no Chromium at ${chromium} (apt-get install chromium, or set DOCGAP_CHROMIUM)`,
  )
}

const number = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''))

describe.skipIf(!available)('HTML report in Chromium', () => {
  let browser: Browser
  let page: Page
  let data: ReportData
  const problems: string[] = []
  const requests: string[] = []
  let reportUrl: string

  beforeAll(async () => {
    const root = writeTree(fixturePages)
    const files = lintPages(fixturePages, root)
    data = buildReportData(files, {cwd: root, root, version: 'test', rules: reportedRules})
    // A previous run with one page fewer and one finding more, so the trend shows too.
    const previous = buildReportData(lintPages({...fixturePages, 'docs/blog/news.md': '# News\n\nTBD.\n'}, root), {
      cwd: root,
      root,
      version: 'test',
      generatedAt: '2024-01-01T00:00:00.000Z',
      rules: reportedRules,
    })
    const html = renderReport(data, compareReports(data, previous))
    const file = join(root, 'docgap-report.html')
    writeFileSync(file, html)
    writeFileSync(join(root, 'report.json'), serializeReportData(data))
    reportUrl = pathToFileURL(file).href

    const puppeteer = (await import('puppeteer-core')).default
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    })
    page = await browser.newPage()
    await page.setViewport({width: 1200, height: 900})
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn')
        problems.push(`console ${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error}`))
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`)
      void dialog.dismiss()
    })
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(reportUrl)
    await page.waitForSelector('html[data-ready="true"]', {timeout: 10_000})
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  const texts = (selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent ?? ''))
  const rowPaths = () =>
    page.$$eval('#page-rows > tr:not(.detail)', (rows) => rows.map((row) => row.getAttribute('data-path') ?? ''))

  it('shows the totals of the data, and each rule count', async () => {
    const shown = Object.fromEntries(
      await page.$$eval('[data-total]', (nodes) =>
        nodes.map((node) => [node.getAttribute('data-total'), node.textContent]),
      ),
    )
    expect(number(shown.pages)).toBe(data.totals.pages)
    expect(number(shown.pagesWithFindings)).toBe(data.totals.pagesWithFindings)
    expect(number(shown.findings)).toBe(data.totals.findings)
    expect(number(shown.errors)).toBe(data.totals.bySeverity.error)
    expect(number(shown.warnings)).toBe(data.totals.bySeverity.warning)
    expect(shown.completeness).toBe(`${(data.totals.completeness * 100).toFixed(1)}%`)
    const counts = Object.fromEntries(
      await page.$$eval('[data-rule-count]', (nodes) =>
        nodes.map((node) => [node.getAttribute('data-rule-count'), node.textContent]),
      ),
    )
    for (const rule of data.rules.filter((entry) => entry.findings > 0))
      expect(number(counts[rule.id])).toBe(rule.findings)
    // The trend comes first.
    const sections = await page.$$eval('main > section', (nodes) => nodes.map((node) => node.id))
    expect(sections[0]).toBe('trend')
    expect(await page.$eval('[data-trend="fixed"]', (node) => node.textContent)).toBe('1 finding fixed')
    // Every page is in the table, the hostile name as text.
    expect((await rowPaths()).sort()).toEqual(data.pages.map((row) => row.path).sort())
    expect(await texts('#page-rows td.path')).toContain('▸ docs/reference/api/<script>.md')
  })

  it('zooms into a folder and back out', async () => {
    // It opens on docs/, the folder that holds every page.
    expect(await page.$eval('#breadcrumb [aria-current]', (node) => node.textContent)).toBe('docs')
    const labels = await page.$$eval('#treemap .cell', (cells) =>
      cells.map((cell) => cell.getAttribute('aria-label') ?? ''),
    )
    expect(labels.some((label) => label.startsWith('Folder guide/: 3 pages'))).toBe(true)
    const guide = (await page.$$('#treemap .cell'))[labels.findIndex((label) => label.startsWith('Folder guide/'))]!
    await guide.click()
    expect(await page.$eval('#breadcrumb [aria-current]', (node) => node.textContent)).toBe('guide')
    const inGuide = await rowPaths()
    expect(inGuide.sort()).toEqual(
      data.pages
        .filter((row) => row.path.startsWith('docs/guide/'))
        .map((row) => row.path)
        .sort(),
    )
    // Inside a folder without subfolders, the boxes are its pages.
    expect(await page.$$eval('#treemap .cell.page', (cells) => cells.length)).toBe(inGuide.length)
    // Keyboard: focus is on the first box; Up one level goes back.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cell'))).toBe(true)
    await page.click('#breadcrumb button.up')
    expect(await page.$eval('#breadcrumb [aria-current]', (node) => node.textContent)).toBe('docs')
    expect((await rowPaths()).length).toBe(data.pages.length)
  })

  it('sorts the table', async () => {
    await page.click('#pages th[data-key="path"] button')
    const ascending = await rowPaths()
    expect(ascending).toEqual([...ascending].sort())
    expect(await page.$eval('#pages th[data-key="path"]', (node) => node.getAttribute('aria-sort'))).toBe('ascending')
    await page.click('#pages th[data-key="path"] button')
    expect(await rowPaths()).toEqual([...ascending].reverse())
    await page.click('#pages th[data-key="findings"] button')
    const counts = await page.$$eval('#page-rows > tr:not(.detail) td:nth-child(2)', (cells) =>
      cells.map((cell) => Number(cell.textContent)),
    )
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(await page.$eval('#pages th[data-key="findings"]', (node) => node.getAttribute('aria-sort'))).toBe(
      'descending',
    )
  })

  it('filters the table by a rule from its bar, and expands a page with links to each finding', async () => {
    const rule = data.rules.find((entry) => entry.id === 'no-empty-list-items')!
    await page.click(`#rule-bars button[data-rule="${data.rules.indexOf(rule)}"]`)
    expect(
      await page.$eval(`#rule-bars button[data-rule="${data.rules.indexOf(rule)}"]`, (node) =>
        node.getAttribute('aria-pressed'),
      ),
    ).toBe('true')
    const paths = await rowPaths()
    expect(paths.sort()).toEqual(
      data.pages
        .filter((row) => row.messages.some((finding) => finding.rule === rule.id))
        .map((row) => row.path)
        .sort(),
    )
    expect(paths).toHaveLength(rule.pages)
    expect(await page.$eval('#table-status', (node) => node.textContent)).toContain(`rule ${rule.id}`)

    await page.click('#page-rows tr[data-path="docs/reference/cli.md"] .toggle')
    expect(
      await page.$eval('#page-rows tr[data-path="docs/reference/cli.md"] .toggle', (node) =>
        node.getAttribute('aria-expanded'),
      ),
    ).toBe('true')
    const shown = await page.$$eval('#page-rows tr.detail tbody tr', (rows) =>
      rows.map((row) => ({
        where: row.querySelector('td a')?.textContent,
        href: row.querySelector('td a')?.getAttribute('href'),
        cells: [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent),
      })),
    )
    const cli = data.pages.find((row) => row.path === 'docs/reference/cli.md')!
    expect(shown).toEqual(
      cli.messages.map((finding) => ({
        where: `${finding.line}:${finding.column}`,
        href: finding.link,
        cells: [finding.severity, finding.rule, finding.message],
      })),
    )
    // Choosing the bar again shows every page.
    await page.click(`#rule-bars button[data-rule="${data.rules.indexOf(rule)}"]`)
    expect((await rowPaths()).length).toBe(data.pages.length)
    // The text filter.
    await page.type('#filter-text', 'api/')
    expect((await rowPaths()).sort()).toEqual(
      data.pages
        .filter((row) => row.path.includes('api/'))
        .map((row) => row.path)
        .sort(),
    )
  })

  it('reaches the controls by keyboard', async () => {
    await page.click('#clear-filters')
    await page.focus('#rule-bars button.bar')
    await page.keyboard.press('Enter')
    expect(await page.$eval('#rule-bars button.bar', (node) => node.getAttribute('aria-pressed'))).toBe('true')
    await page.keyboard.press('Space')
    expect(await page.$eval('#rule-bars button.bar', (node) => node.getAttribute('aria-pressed'))).toBe('false')
    // Tab from the last breadcrumb button lands on the first box of the treemap; Enter zooms in.
    await page.focus('#breadcrumb ol button')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Folder /)
    await page.keyboard.press('Enter')
    expect(await page.$eval('#breadcrumb [aria-current]', (node) => node.textContent)).not.toBe('docs')
    // Every treemap box has a text alternative.
    const unlabelled = await page.$$eval(
      '#treemap .cell',
      (cells) => cells.filter((cell) => !cell.getAttribute('aria-label')).length,
    )
    expect(unlabelled).toBe(0)
  })

  it('drops a link template that is not a web or relative link, and isolates right-to-left file names', async () => {
    const spoof = 'docs/\u202egnp.exe.md'
    const root = writeTree({[spoof]: '# Spoof\n\n- \n'})
    for (const template of [
      '//evil.example/{path}#L{line}',
      'java\tscript:alert({line})',
      ' javascript:alert({line})',
    ]) {
      const hostile = buildReportData(lintPages({[spoof]: '# Spoof\n\n- \n'}, root), {
        cwd: root,
        root,
        version: 'test',
        rules: reportedRules,
        linkTemplate: template,
      })
      const file = join(root, 'hostile.html')
      writeFileSync(file, renderReport(hostile))
      const other = await browser.newPage()
      try {
        await other.goto(pathToFileURL(file).href)
        await other.waitForSelector('html[data-ready="true"]', {timeout: 10_000})
        await other.click('#page-rows .toggle')
        expect(
          await other.$$eval('#page-rows tr.detail a', (links) => links.map((link) => link.getAttribute('href'))),
        ).toEqual([])
        expect(await other.$eval('#page-rows td.path bdi', (node) => node.textContent)).toBe(spoof)
        expect(await other.$eval('#breadcrumb [aria-current] bdi', (node) => node.textContent)).toBe('docs')
      } finally {
        await other.close()
      }
    }
  })

  it('requests nothing but itself, logs no error, and can be photographed', async () => {
    await page.click('#clear-filters')
    const shot = join(tmpdir(), `docgap-report-${process.pid}.png`)
    await page.screenshot({path: shot, fullPage: true})
    expect(statSync(shot).size).toBeGreaterThan(10_000)
    console.log(`report-browser.test.ts: screenshot in ${shot}`)
    expect(requests.filter((url) => url !== reportUrl && !url.startsWith('data:'))).toEqual([])
    expect(problems).toEqual([])
  })
})
