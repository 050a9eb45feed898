/**
 * The docs-debt report as one self-contained HTML file: styles, script and data inline, no
 * request to any host (a Content-Security-Policy with `default-src 'none'` and hashes of the one
 * style and the one script makes sure of it), opens from disk and offline.
 *
 * What is drawn where, and why: the totals, the trend and the bar chart of findings per rule are
 * small and fixed, so they are HTML and SVG written here, readable without JavaScript. The folder
 * treemap and the pages table come from the data at view time by a small hand-written script
 * (client.ts): the table needs every page and finding in the file anyway, and drawing the treemap
 * from that data costs ~100 lines, where drawing each zoom level at build time would repeat the
 * tree per level and a charting library would take most of the 1 MB budget by itself.
 *
 * The data is packed (see packReportData): messages and rule ids are stored once and referred to
 * by index, findings are flat number lists, and links are rebuilt from the link template. A
 * 2,000-page tree with 13,000 findings (kong-docs without its site variables) makes a 580 KB
 * report, where its ReportData JSON is 5.6 MB. Text from the data is escaped here (escapeHtml) and reaches the page only as
 * text in the script (textContent, setAttribute), never as markup.
 */
import {createHash} from 'node:crypto'
import {clientScript} from './client.js'
import {safeHref} from './links.js'
import type {ReportData, ReportPage, Trend, TrendCount, TrendFinding} from './data.js'

/** How many fixed and new findings the trend lists by name; the JSON twin has them all. */
const trendListLimit = 200
/** How many folders the trend's folder table shows. */
const trendFolderLimit = 15

export function renderReport(data: ReportData, trend?: Trend): string {
  const payload = JSON.stringify(packReportData(data)).replace(/</g, '\\u003c')
  const script = clientScript
  const csp = [
    "default-src 'none'",
    `style-src '${hash(styles)}'`,
    `script-src '${hash(script)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  const {totals} = data
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="docgap ${escapeHtml(data.docgap)}">
<title>Docs debt report: ${percent(totals.completeness)} complete</title>
<link rel="icon" href="data:,">
<style>${styles}</style>
</head>
<body>
<a class="skip" href="#pages-section">Skip to the pages table</a>
<header>
<h1>Docs debt report</h1>
<p class="meta">Made by docgap ${escapeHtml(data.docgap)} on <time datetime="${escapeHtml(data.generatedAt)}">${escapeHtml(formatDate(data.generatedAt))}</time>.</p>
</header>
<main>
${trend ? renderTrend(trend) : ''}
<section id="totals" aria-labelledby="totals-heading">
<h2 id="totals-heading">Totals</h2>
<dl class="cards">
${card('completeness', 'Completeness', percent(totals.completeness), 'of pages have no error')}
${card('pages', 'Pages linted', number(totals.pages))}
${card('pagesWithFindings', 'Pages with findings', number(totals.pagesWithFindings))}
${card('findings', 'Findings', number(totals.findings))}
${card('errors', 'Errors', number(totals.bySeverity.error))}
${card('warnings', 'Warnings', number(totals.bySeverity.warning))}
</dl>
</section>
<section id="folders" aria-labelledby="folders-heading">
<h2 id="folders-heading">Folders</h2>
<p class="hint">Each box is a folder (or, inside a folder, a page): its area is the number of pages, its colour the findings per page. Choose a folder to zoom in and to show its pages in the table.</p>
<nav id="breadcrumb" aria-label="Folder shown"></nav>
<p id="folder-status" class="status" aria-live="polite"></p>
<svg id="treemap" role="group" width="100%" height="480" aria-label="Treemap of folders"></svg>
<p id="legend" class="legend"></p>
<details>
<summary>The folders shown, as a table</summary>
<table class="data">
<thead><tr><th scope="col">Folder</th><th scope="col" class="num">Pages</th><th scope="col" class="num">Pages with findings</th><th scope="col" class="num">Findings</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Findings per page</th></tr></thead>
<tbody id="folder-rows"></tbody>
</table>
</details>
</section>
${renderRules(data)}
<section id="pages-section" aria-labelledby="pages-heading">
<h2 id="pages-heading">Pages</h2>
<div class="controls">
<label>Path contains <input id="filter-text" type="search" autocomplete="off"></label>
<label>Rule <select id="filter-rule"></select></label>
<label><input id="filter-findings" type="checkbox"> Only pages with findings</label>
<button id="clear-filters" type="button">Clear filters</button>
</div>
<p id="table-status" class="status" aria-live="polite"></p>
<table id="pages" class="data">
<caption class="visually-hidden">Pages: choose a column heading to sort, a path to see its findings.</caption>
<thead><tr>
<th scope="col" data-key="path"><button type="button" data-sort="path">Path</button></th>
<th scope="col" data-key="findings" class="num"><button type="button" data-sort="findings">Findings</button></th>
<th scope="col" data-key="errors" class="num"><button type="button" data-sort="errors">Errors</button></th>
<th scope="col" data-key="warnings" class="num"><button type="button" data-sort="warnings">Warnings</button></th>
<th scope="col" data-key="worst"><button type="button" data-sort="worst">Worst rule</button></th>
</tr></thead>
<tbody id="page-rows"></tbody>
</table>
<button id="show-more" type="button" hidden>Show all pages</button>
<noscript><p>The folder map and the pages table need JavaScript. The totals and rules above, and the JSON report (<code>--json-out</code>), hold the same figures.</p></noscript>
</section>
</main>
<script type="application/json" id="docgap-data">${payload}</script>
<script>${script}</script>
</body>
</html>
`
}

/** The data as the page's script reads it: see the top of this file. */
export interface PackedReport {
  linkTemplate: string | null
  /** [id, description, url, severity, findings, errors, warnings, pages] */
  rules: Array<[string, string, string, string | null, number, number, number, number]>
  messages: string[]
  /** [path, local link (null with a link template or no findings), worst rule index or -1, findings as flat (line, column, rule index, message index, 1 error | 0 warning)…] */
  pages: Array<[string, string | null, number, number[]]>
  /** [name, pages, pagesWithFindings, pagesWithErrors, findings, errors, warnings, ownPages, children] */
  folders: PackedFolder
}

type PackedFolder = [string, number, number, number, number, number, number, number, PackedFolder[]]

export function packReportData(data: ReportData): PackedReport {
  const ruleIndex = new Map<string, number>()
  const rules: PackedReport['rules'] = data.rules.map((rule, index) => {
    ruleIndex.set(rule.id, index)
    return [
      rule.id,
      rule.description,
      safeHref(rule.url) ?? '',
      rule.severity,
      rule.findings,
      rule.errors,
      rule.warnings,
      rule.pages,
    ]
  })
  const messageIndex = new Map<string, number>()
  const messages: string[] = []
  const pages = data.pages.map((page: ReportPage): PackedReport['pages'][number] => {
    const flat: number[] = []
    for (const finding of page.messages) {
      let rule = ruleIndex.get(finding.rule)
      if (rule === undefined) {
        rule = rules.length
        ruleIndex.set(finding.rule, rule)
        rules.push([finding.rule, '', '', null, 0, 0, 0, 0])
      }
      let message = messageIndex.get(finding.message)
      if (message === undefined) {
        message = messages.length
        messageIndex.set(finding.message, message)
        messages.push(finding.message)
      }
      flat.push(finding.line, finding.column, rule, message, finding.severity === 'error' ? 1 : 0)
    }
    const href = data.linkTemplate ? null : safeHref(page.messages[0]?.link)
    return [page.path, href, page.worstRule === null ? -1 : (ruleIndex.get(page.worstRule) ?? -1), flat]
  })
  const pack = (folder: ReportData['folders']): PackedFolder => [
    folder.name,
    folder.pages,
    folder.pagesWithFindings,
    folder.pagesWithErrors,
    folder.findings,
    folder.errors,
    folder.warnings,
    folder.ownPages,
    folder.children.map(pack),
  ]
  return {linkTemplate: data.linkTemplate, rules, messages, pages, folders: pack(data.folders)}
}

function renderRules(data: ReportData): string {
  const withFindings = data.rules.filter((rule) => rule.findings > 0)
  const clean = data.rules.filter((rule) => rule.findings === 0)
  const max = Math.max(1, ...withFindings.map((rule) => rule.findings))
  const bars = withFindings.map((rule) => {
    const index = data.rules.indexOf(rule)
    const errors = (rule.errors / max) * 100
    const warnings = (rule.warnings / max) * 100
    const label = `${rule.id}: ${plural(rule.findings, 'finding')} (${number(rule.errors)} errors, ${number(rule.warnings)} warnings) on ${plural(rule.pages, 'page')}. Show only its pages in the table.`
    const docs = safeHref(rule.url)
    return `<li><button type="button" class="bar" data-rule="${index}" aria-pressed="false" aria-label="${escapeHtml(label)}" title="${escapeHtml(rule.description || rule.id)}">\
<span class="bar-label">${escapeHtml(rule.id)}</span>\
<svg class="bar-svg" viewBox="0 0 100 16" preserveAspectRatio="none" aria-hidden="true" focusable="false">\
<rect class="bar-error" x="0" y="0" width="${errors.toFixed(2)}" height="16"></rect>\
<rect class="bar-warning" x="${errors.toFixed(2)}" y="0" width="${warnings.toFixed(2)}" height="16"></rect></svg>\
<span class="bar-value" data-rule-count="${escapeHtml(rule.id)}">${number(rule.findings)}</span></button>\
${docs ? ` <a class="docs" href="${escapeHtml(docs)}">docs<span class="visually-hidden"> for ${escapeHtml(rule.id)}</span></a>` : ''}</li>`
  })
  return `<section id="rules" aria-labelledby="rules-heading">
<h2 id="rules-heading">Findings by rule</h2>
<p class="hint">Choose a rule to show only the pages with its findings; choose it again to show all. <span class="key"><span class="swatch bar-error-key" aria-hidden="true"></span> errors <span class="swatch bar-warning-key" aria-hidden="true"></span> warnings</span></p>
${withFindings.length ? `<ol id="rule-bars" class="bars">\n${bars.join('\n')}\n</ol>` : '<p id="rule-bars">No findings.</p>'}
${clean.length ? `<p class="clean-rules">No findings: ${clean.map((rule) => `<code>${escapeHtml(rule.id)}</code>`).join(', ')}.</p>` : ''}
</section>`
}

function renderTrend(trend: Trend): string {
  const {totals} = trend
  const delta = (totals.completenessAfter - totals.completenessBefore) * 100
  const points = `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)} points`
  const rules = trend.rules.filter((rule) => rule.before + rule.after > 0)
  const folders = trend.folders
    .filter((folder) => folder.path !== '' && folder.fixed + folder.new > 0)
    .slice(0, trendFolderLimit)
  const countRow = (name: string, count: TrendCount) =>
    `<tr><th scope="row">${name}</th><td class="num">${number(count.before)}</td><td class="num">${number(count.after)}</td><td class="num fixed">${number(count.fixed)}</td><td class="num new">${number(count.new)}</td></tr>`
  const head = (first: string) =>
    `<thead><tr><th scope="col">${first}</th><th scope="col" class="num">Before</th><th scope="col" class="num">Now</th><th scope="col" class="num">Fixed</th><th scope="col" class="num">New</th></tr></thead>`
  return `<section id="trend" aria-labelledby="trend-heading">
<h2 id="trend-heading">Since the previous report</h2>
<p class="trend-summary">Compared with the report of <time datetime="${escapeHtml(trend.previous.generatedAt)}">${escapeHtml(formatDate(trend.previous.generatedAt))}</time>:
<strong data-trend="fixed">${plural(totals.fixed, 'finding')} fixed</strong>, <strong data-trend="new">${plural(totals.new, 'new finding')}</strong>;
${number(totals.before)} findings then, ${number(totals.after)} now. Completeness ${percent(totals.completenessBefore)} → ${percent(totals.completenessAfter)} (${points}).
${totals.pagesAdded || totals.pagesRemoved ? `${plural(totals.pagesAdded, 'page')} added, ${plural(totals.pagesRemoved, 'page')} gone.` : ''}</p>
<div class="columns">
<table class="data"><caption>By rule</caption>${head('Rule')}<tbody>
${rules.map((rule) => countRow(`<code>${escapeHtml(rule.id)}</code>`, rule)).join('\n')}
</tbody></table>
${
  folders.length
    ? `<table class="data"><caption>Folders with the most change</caption>${head('Folder')}<tbody>
${folders.map((folder) => countRow(`<bdi>${escapeHtml(folder.path)}</bdi>/`, folder)).join('\n')}
</tbody></table>`
    : ''
}
</div>
${trendList('New findings', trend.newFindings)}
${trendList('Fixed findings', trend.fixedFindings)}
</section>`
}

function trendList(title: string, findings: TrendFinding[]): string {
  if (findings.length === 0) return ''
  const items = findings.slice(0, trendListLimit).map((finding) => {
    // A file name may hold right-to-left or directional control characters: <bdi> keeps them from
    // reordering the text around it.
    const where = `<bdi>${escapeHtml(finding.path)}</bdi>:${escapeHtml(String(finding.line))}`
    const href = safeHref(finding.link)
    const place = href ? `<a href="${escapeHtml(href)}">${where}</a>` : where
    return `<li>${place} <span class="severity">${escapeHtml(finding.severity)}</span> <code>${escapeHtml(finding.rule)}</code> ${escapeHtml(finding.message)}</li>`
  })
  const rest = findings.length - trendListLimit
  return `<details><summary>${escapeHtml(title)} (${number(findings.length)})</summary><ul class="findings-list">
${items.join('\n')}
</ul>${rest > 0 ? `<p>And ${plural(rest, 'more')}: the JSON report lists them all.</p>` : ''}</details>`
}

function card(key: string, title: string, value: string, note?: string): string {
  return `<div class="card"><dt>${title}</dt><dd data-total="${key}">${value}</dd>${note ? `<dd class="note">${note}</dd>` : ''}</div>`
}

/** Text for HTML, in content and in double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

const numberFormat = new Intl.NumberFormat('en-US')

function number(value: number): string {
  return numberFormat.format(value)
}

function plural(count: number, noun: string): string {
  return `${number(count)} ${count === 1 ? noun : `${noun}s`}`
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? iso
    : date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
        .replace(/Z$/, ' UTC')
}

function hash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`
}

// Colours: viridis (colour-blind safe); text contrast at least 4.5:1 on its background.
const styles = `
:root{--fg:#1b1b1b;--muted:#555;--bg:#fff;--line:#d0d0d0;--accent:#2a5d8f;--error:#440154;--warning:#21918c;--focus:#d4000f}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1200px;margin:0 auto;padding:0 20px}
header{padding-top:16px}
h1{font-size:1.6rem;margin:.4em 0 .1em}
h2{font-size:1.25rem;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.meta,.hint,.status{color:var(--muted);margin:.3em 0}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:2}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
button{font:inherit;cursor:pointer}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.card dt{color:var(--muted);font-size:.9rem}
.card dd{margin:0;font-size:1.6rem;font-weight:600}
.card dd.note{font-size:.8rem;font-weight:400;color:var(--muted)}
#breadcrumb{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
#breadcrumb ol{display:flex;flex-wrap:wrap;list-style:none;margin:0;padding:0}
#breadcrumb li+li::before{content:"/";padding:0 6px;color:var(--muted)}
#breadcrumb li button{background:none;border:none;color:var(--accent);text-decoration:underline;padding:0}
#treemap{display:block;width:100%;border:1px solid var(--line);background:#fafafa}
#treemap .cell{cursor:pointer}
#treemap .cell rect{stroke:#fff;stroke-width:1}
#treemap .cell:hover rect{stroke:#000;stroke-width:2}
#treemap .cell:focus{outline:none}
#treemap .cell:focus rect{stroke:var(--focus);stroke-width:4}
#treemap text{font-size:12px;pointer-events:none}
#treemap .cell-name{font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:12px;align-items:center;font-size:.9rem}
.legend-item{display:inline-flex;align-items:center;gap:2px}
.bars{list-style:none;padding:0;margin:0;display:grid;gap:4px}
.bars li{display:flex;align-items:center;gap:8px}
.bar{flex:1;display:grid;grid-template-columns:minmax(120px,230px) 1fr 70px;align-items:center;gap:10px;text-align:left;background:none;border:1px solid transparent;border-radius:4px;padding:3px 6px;color:inherit}
.bar:hover{border-color:var(--line)}
.bar[aria-pressed=true]{border-color:var(--fg);background:#eef3f8}
.bar-label{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar-svg{width:100%;height:16px;background:#f1f1f1}
.bar-error{fill:var(--error)}.bar-warning{fill:var(--warning)}
.bar-value{text-align:right;font-variant-numeric:tabular-nums}
.key{white-space:nowrap}.swatch{display:inline-block;width:12px;height:12px;vertical-align:middle}
.bar-error-key{background:var(--error)}.bar-warning-key{background:var(--warning)}
.docs{font-size:.85rem}
.clean-rules{color:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:14px;align-items:center;margin-bottom:6px}
.controls input[type=search]{width:18em;font:inherit;padding:2px 4px}
.controls select{font:inherit}
table.data{border-collapse:collapse;width:100%}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.data .num{text-align:right;font-variant-numeric:tabular-nums}
table.data caption{text-align:left;font-weight:600;padding:4px 0}
#pages th button{background:none;border:none;padding:0;font-weight:600;color:inherit}
#pages th[aria-sort=ascending] button::after{content:" ▲"}
#pages th[aria-sort=descending] button::after{content:" ▼"}
#pages td.path{word-break:break-all}
.toggle{background:none;border:none;padding:0;color:var(--accent);text-align:left}
.toggle:hover span:last-child{text-decoration:underline}
tr.detail>td{background:#f7f7f7;padding:6px 8px 10px 24px}
table.findings{border-collapse:collapse;width:100%;font-size:.92rem}
table.findings th,table.findings td{padding:2px 8px;text-align:left;border-bottom:1px solid #e2e2e2;vertical-align:top}
table.findings .message{word-break:break-word}
td.rule{white-space:nowrap}
table.findings th:nth-child(1){width:7em}table.findings th:nth-child(2){width:6em}table.findings th:nth-child(3){width:14em}
tr.error td:nth-child(2){color:var(--error);font-weight:600}
.columns{display:grid;align-items:start;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:20px}
td.fixed{color:#0b6b3a}td.new{color:#9b1c1c}
.findings-list{padding-left:1.2em}
.findings-list .severity{color:var(--muted);font-size:.85rem}
#show-more{margin:8px 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
@media print{.controls,#show-more,.skip{display:none}}
`
