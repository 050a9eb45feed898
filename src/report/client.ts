/// <reference lib="dom" />
/**
 * The HTML report's script: a typed module whose one function the page runs. It reads the packed
 * data (see packReportData in html.ts) from the page's `<script type="application/json">`, draws
 * the folder treemap as SVG, wires the rule bars (drawn at build time) to the pages table, and
 * renders, sorts and filters that table.
 *
 * Why SVG drawn in the browser, not at build time, and no charting library: the table needs the
 * page data in the file anyway, and with it the treemap of any zoom level is ~100 lines of
 * squarified layout; drawing every zoom level at build time would repeat the tree once per
 * level, and a charting library (d3 alone is ~280 KB minified) would be most of the 1 MB budget.
 * This script is ~20 KB, and a 2,000-page report draws in well under a second.
 *
 * Every string from the data reaches the page through textContent or setAttribute, never
 * innerHTML, so a page named `<script>.md` or a message with HTML in it shows as text; file and
 * folder names sit in `<bdi>` (or between isolates in plain text), so right-to-left characters in
 * a name cannot reorder what surrounds it.
 *
 * How it reaches the page: `clientScript` is this function's source, as tsc (library) or esbuild
 * (bundle) emitted it, called with the link filter's source (links.ts). So `reportClient` may use
 * nothing from this module's scope, only its parameter and the browser's globals; type-only
 * imports are erased and safe. test/report-browser.test.ts runs it in Chromium.
 */
import type {PackedReport} from './html.js'
import {safeHref} from './links.js'

type LinkFilter = (href: string | null | undefined) => string | null

export const clientScript = `(${reportClient.toString()})(${safeHref.toString()});`

export function reportClient(safeLink: LinkFilter): void {
  interface Rule {
    index: number
    id: string
    description: string
    url: string
    severity: string | null
    findings: number
    errors: number
    warnings: number
    pages: number
  }
  interface Finding {
    line: number
    column: number
    rule: number
    message: string
    error: boolean
  }
  interface Page {
    index: number
    path: string
    folder: string
    href: string | null
    worst: number
    findings: Finding[]
    errors: number
    warnings: number
    rules: Record<number, boolean>
  }
  interface Folder {
    name: string
    path: string
    parent: Folder | null
    pages: number
    pagesWithFindings: number
    pagesWithErrors: number
    findings: number
    errors: number
    warnings: number
    ownPages: number
    density: number
    children: Folder[]
  }
  type Item =
    | {kind: 'folder'; value: number; density: number; node: Folder}
    | {kind: 'page'; value: number; density: number; page: Page}
  interface Cell {
    item: Item
    x: number
    y: number
    w: number
    h: number
  }
  type SortKey = 'path' | 'findings' | 'errors' | 'warnings' | 'worst'

  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
  const D = JSON.parse(byId('docgap-data').textContent ?? '{}') as PackedReport
  const svgRoot = document.getElementById('treemap') as unknown as SVGSVGElement
  // The static <svg> element gives the SVG namespace without the page spelling out a URL.
  const NS = svgRoot.namespaceURI
  const fmt = new Intl.NumberFormat('en-US')
  // Two significant digits: 0.046 findings a page must not read as 0.
  const fmt1 = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 2})

  function el(name: string, attrs?: Record<string, string | null | undefined>, text?: string): HTMLElement {
    const node = document.createElement(name)
    if (attrs)
      for (const key in attrs) if (attrs[key] !== undefined && attrs[key] !== null) node.setAttribute(key, attrs[key])
    if (text !== undefined) node.textContent = text
    return node
  }
  function sv(name: string, attrs?: Record<string, string>, text?: string): SVGElement {
    const node = document.createElementNS(NS, name) as SVGElement
    if (attrs) for (const key in attrs) node.setAttribute(key, attrs[key]!)
    if (text !== undefined) node.textContent = text
    return node
  }
  /** A file or folder name as an element of its own, isolated from the text around it. */
  function nameEl(name: string): HTMLElement {
    return el('bdi', {}, name)
  }
  /**
   * A file or folder name inside a line of visible text (a status line, a tooltip): between Unicode
   * isolates. Labels for assistive technology and the treemap's one-name boxes stay as they are.
   */
  function isolate(name: string): string {
    return `\u2068${name}\u2069`
  }
  function clear(node: Node) {
    while (node.firstChild) node.removeChild(node.firstChild)
  }
  function plural(n: number, one: string, many: string) {
    return `${fmt.format(n)} ${n === 1 ? one : many}`
  }
  function encodePath(path: string) {
    return path.split('/').map(encodeURIComponent).join('/')
  }
  function findingLink(page: Page, line: number): string | null {
    if (D.linkTemplate)
      return D.linkTemplate.split('{path}').join(encodePath(page.path)).split('{line}').join(String(line))
    return page.href
  }

  // ------------------------------------------------------------------ data
  const RULES: Rule[] = D.rules.map((r, index) => ({
    index,
    id: r[0],
    description: r[1],
    url: r[2],
    severity: r[3],
    findings: r[4],
    errors: r[5],
    warnings: r[6],
    pages: r[7],
  }))
  const PAGES: Page[] = D.pages.map((p, index) => {
    const flat = p[3]
    const findings: Finding[] = []
    const rules: Record<number, boolean> = {}
    let errors = 0
    for (let k = 0; k < flat.length; k += 5) {
      const error = flat[k + 4] === 1
      findings.push({
        line: flat[k]!,
        column: flat[k + 1]!,
        rule: flat[k + 2]!,
        message: D.messages[flat[k + 3]!]!,
        error,
      })
      if (error) errors++
      rules[flat[k + 2]!] = true
    }
    const slash = p[0].lastIndexOf('/')
    return {
      index,
      path: p[0],
      folder: slash < 0 ? '' : p[0].slice(0, slash),
      href: p[1],
      worst: p[2],
      findings,
      errors,
      warnings: findings.length - errors,
      rules,
    }
  })
  function unpackFolder(f: PackedReport['folders'], parent: Folder | null): Folder {
    const path = parent ? (parent.path ? `${parent.path}/${f[0]}` : f[0]) : ''
    const node: Folder = {
      name: f[0],
      path,
      parent,
      pages: f[1],
      pagesWithFindings: f[2],
      pagesWithErrors: f[3],
      findings: f[4],
      errors: f[5],
      warnings: f[6],
      ownPages: f[7],
      density: f[1] ? f[4] / f[1] : 0,
      children: [],
    }
    node.children = f[8].map((child) => unpackFolder(child, node))
    return node
  }
  const ROOT = unpackFolder(D.folders, null)
  const pagesByFolder: Record<string, Page[]> = {}
  for (const page of PAGES) (pagesByFolder[page.folder] ??= []).push(page)

  // ------------------------------------------------------------------ colour
  // Viridis (perceptually uniform, readable with every common colour-vision deficiency and in
  // greyscale): fewer findings per page is lighter, more is darker; no findings is light grey.
  const VIRIDIS = [
    '#fde725',
    '#bddf26',
    '#7ad151',
    '#44bf70',
    '#22a884',
    '#21918c',
    '#2a788e',
    '#355f8d',
    '#414487',
    '#482475',
    '#440154',
  ]
  function hex(c: string) {
    return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]
  }
  function viridis(t: number) {
    const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1)
    const i = Math.min(VIRIDIS.length - 2, Math.floor(x))
    const f = x - i
    const a = hex(VIRIDIS[i]!)
    const b = hex(VIRIDIS[i + 1]!)
    return `rgb(${a.map((v, k) => Math.round(v + (b[k]! - v) * f)).join(',')})`
  }
  // The scale's top: the 90th percentile of findings per page over folders and pages with findings.
  const CAP = (() => {
    const values: number[] = []
    const walk = (n: Folder) => {
      if (n.findings) values.push(n.density)
      n.children.forEach(walk)
    }
    walk(ROOT)
    for (const p of PAGES) if (p.findings.length) values.push(p.findings.length)
    values.sort((a, b) => a - b)
    return Math.max(1, values.length ? values[Math.floor((values.length - 1) * 0.9)]! : 1)
  })()
  function shade(density: number) {
    if (!density) return {fill: '#e4e4e4', text: '#111'}
    const t = 0.08 + 0.92 * Math.sqrt(Math.min(1, density / CAP))
    return {fill: viridis(t), text: t > 0.45 ? '#fff' : '#111'}
  }
  function renderLegend() {
    const legend = byId('legend')
    clear(legend)
    legend.appendChild(el('span', {class: 'legend-title'}, 'Findings per page:'))
    const steps = [0, CAP / 16, CAP / 4, CAP / 2, CAP]
    steps.forEach((value, i) => {
      const item = el('span', {class: 'legend-item'})
      const swatch = sv('svg', {width: '18', height: '14', 'aria-hidden': 'true'})
      swatch.appendChild(sv('rect', {width: '18', height: '14', fill: shade(value).fill, stroke: '#666'}))
      item.appendChild(swatch)
      item.appendChild(
        document.createTextNode(
          i === 0 ? ' none' : ` ${fmt1.format(value)}${i === steps.length - 1 ? ' or more' : ''}`,
        ),
      )
      legend.appendChild(item)
    })
  }

  // ------------------------------------------------------------------ state
  const state = {
    folder: ROOT,
    rule: -1,
    text: '',
    onlyFindings: false,
    sort: 'findings' as SortKey,
    dir: -1,
    limit: 250,
    expanded: {} as Record<number, boolean>,
  }
  // Open on the deepest folder that holds every page (a docs/ tree, not the repository root).
  while (state.folder.children.length === 1 && state.folder.ownPages === 0) state.folder = state.folder.children[0]!
  const startFolder = state.folder

  // ------------------------------------------------------------------ treemap
  function worst(row: Array<{area: number}>, sum: number, side: number) {
    let max = 0
    let min = Infinity
    for (const cell of row) {
      max = Math.max(max, cell.area)
      min = Math.min(min, cell.area)
    }
    const s2 = side * side
    const sum2 = sum * sum
    return Math.max((s2 * max) / sum2, sum2 / (s2 * min))
  }
  // Squarified treemap (Bruls, Huizing, van Wijk 2000): rows of cells whose aspect ratios stay near 1.
  function squarify(items: Item[], x: number, y: number, w: number, h: number): Cell[] {
    let total = 0
    const out: Cell[] = []
    for (const item of items) total += item.value
    if (!total) return out
    const scale = (w * h) / total
    const nodes = items.map((item) => ({item, area: item.value * scale}))
    let i = 0
    while (i < nodes.length) {
      const side = Math.min(w, h)
      const row = [nodes[i]!]
      let sum = nodes[i]!.area
      let score = worst(row, sum, side)
      let j = i + 1
      while (j < nodes.length) {
        row.push(nodes[j]!)
        const next = worst(row, sum + nodes[j]!.area, side)
        if (next > score) {
          row.pop()
          break
        }
        sum += nodes[j]!.area
        score = next
        j++
      }
      const thick = sum / side
      let offset = 0
      for (const node of row) {
        const length = node.area / thick
        if (w >= h) out.push({item: node.item, x, y: y + offset, w: thick, h: length})
        else out.push({item: node.item, x: x + offset, y, w: length, h: thick})
        offset += length
      }
      if (w >= h) {
        x += thick
        w -= thick
      } else {
        y += thick
        h -= thick
      }
      i = j
    }
    return out
  }
  function folderSummary(node: Folder) {
    return (
      `${plural(node.pages, 'page', 'pages')}, ${plural(node.findings, 'finding', 'findings')} (${fmt.format(node.errors)} errors), ` +
      `${fmt1.format(node.density)} per page`
    )
  }
  function renderTreemap() {
    const node = state.folder
    clear(svgRoot)
    const width = Math.max(320, Math.round(svgRoot.getBoundingClientRect().width || 960))
    const height = Math.round(Math.min(520, Math.max(260, width * 0.5)))
    svgRoot.setAttribute('viewBox', `0 0 ${width} ${height}`)
    svgRoot.setAttribute('height', String(height))
    const items: Item[] = node.children.map((child) => ({
      kind: 'folder',
      value: child.pages,
      density: child.density,
      node: child,
    }))
    for (const page of pagesByFolder[node.path] ?? [])
      items.push({kind: 'page', value: 1, density: page.findings.length, page})
    items.sort((a, b) => b.value - a.value || b.density - a.density)
    svgRoot.setAttribute(
      'aria-label',
      `Treemap of ${node.path || 'all folders'}: ${folderSummary(node)}` +
        '. Each folder is a button; the table below lists the same figures.',
    )
    for (const cell of squarify(items, 0, 0, width, height)) {
      const item = cell.item
      const colours = shade(item.density)
      const label =
        item.kind === 'folder'
          ? `${item.node.name}/`
          : item.page.path.slice(item.page.folder ? item.page.folder.length + 1 : 0)
      const detail =
        item.kind === 'folder'
          ? folderSummary(item.node)
          : `${plural(item.page.findings.length, 'finding', 'findings')} (${fmt.format(item.page.errors)} errors)`
      const g = sv('g', {
        class: `cell ${item.kind}`,
        tabindex: '0',
        role: 'button',
        'aria-label': `${item.kind === 'folder' ? 'Folder ' : 'Page '}${label}: ${detail}${item.kind === 'folder' ? '. Zoom in.' : '. Show in the table.'}`,
      })
      g.appendChild(sv('title', {}, `${label}\n${detail}`))
      g.appendChild(
        sv('rect', {
          x: (cell.x + 1).toFixed(1),
          y: (cell.y + 1).toFixed(1),
          width: Math.max(0, cell.w - 2).toFixed(1),
          height: Math.max(0, cell.h - 2).toFixed(1),
          fill: colours.fill,
        }),
      )
      if (cell.w > 44 && cell.h > 18) {
        const chars = Math.floor((cell.w - 10) / 7)
        const text = label.length > chars ? `${label.slice(0, Math.max(1, chars - 1))}\u2026` : label
        g.appendChild(
          sv(
            'text',
            {x: (cell.x + 6).toFixed(1), y: (cell.y + 16).toFixed(1), fill: colours.text, class: 'cell-name'},
            text,
          ),
        )
        if (cell.h > 36 && cell.w > 90) {
          const sub =
            item.kind === 'folder'
              ? `${plural(item.node.pages, 'page', 'pages')} \u00b7 ${fmt1.format(item.node.density)}/page`
              : plural(item.page.findings.length, 'finding', 'findings')
          g.appendChild(
            sv(
              'text',
              {x: (cell.x + 6).toFixed(1), y: (cell.y + 32).toFixed(1), fill: colours.text, class: 'cell-sub'},
              sub,
            ),
          )
        }
      }
      const activate = () => {
        if (item.kind === 'folder') zoom(item.node, true)
        else showPage(item.page)
      }
      g.addEventListener('click', activate)
      g.addEventListener('keydown', (event) => {
        if ((event as KeyboardEvent).key === 'Enter' || (event as KeyboardEvent).key === ' ') {
          event.preventDefault()
          activate()
        }
      })
      svgRoot.appendChild(g)
    }
    renderBreadcrumb()
    renderFolderTable()
  }
  function renderBreadcrumb() {
    const nav = byId('breadcrumb')
    clear(nav)
    const up = el('button', {type: 'button', class: 'up'}, '\u2191 Up one level') as HTMLButtonElement
    if (!state.folder.parent) up.disabled = true
    up.addEventListener('click', () => {
      if (state.folder.parent) zoom(state.folder.parent, true)
    })
    nav.appendChild(up)
    const chain: Folder[] = []
    for (let n: Folder | null = state.folder; n; n = n.parent) chain.unshift(n)
    const list = el('ol')
    chain.forEach((n, i) => {
      const li = el('li')
      const name = n.parent ? nameEl(n.name) : el('span', {}, 'all pages')
      if (i === chain.length - 1) {
        const current = el('span', {'aria-current': 'location'})
        current.appendChild(name)
        li.appendChild(current)
      } else {
        const b = el('button', {type: 'button'})
        b.appendChild(name)
        b.addEventListener('click', () => zoom(n, true))
        li.appendChild(b)
      }
      list.appendChild(li)
    })
    nav.appendChild(list)
    byId('folder-status').textContent =
      `Showing ${state.folder.path ? isolate(state.folder.path) : 'all folders'}: ${folderSummary(state.folder)}.`
  }
  function renderFolderTable() {
    const body = byId('folder-rows')
    clear(body)
    const rows = state.folder.children.slice().sort((a, b) => b.findings - a.findings || (a.name < b.name ? -1 : 1))
    for (const n of rows) {
      const tr = el('tr')
      const td = el('td')
      const b = el('button', {type: 'button', class: 'link'})
      b.appendChild(nameEl(n.name))
      b.appendChild(document.createTextNode('/'))
      b.addEventListener('click', () => zoom(n, true))
      td.appendChild(b)
      tr.appendChild(td)
      for (const v of [n.pages, n.pagesWithFindings, n.findings, n.errors])
        tr.appendChild(el('td', {class: 'num'}, fmt.format(v)))
      tr.appendChild(el('td', {class: 'num'}, fmt1.format(n.density)))
      body.appendChild(tr)
    }
    const own = pagesByFolder[state.folder.path] ?? []
    if (own.length) {
      const tr = el('tr')
      tr.appendChild(el('td', {}, '(pages directly in this folder)'))
      let findings = 0
      let errors = 0
      let withFindings = 0
      for (const p of own) {
        findings += p.findings.length
        errors += p.errors
        if (p.findings.length) withFindings++
      }
      for (const v of [own.length, withFindings, findings, errors])
        tr.appendChild(el('td', {class: 'num'}, fmt.format(v)))
      tr.appendChild(el('td', {class: 'num'}, fmt1.format(findings / own.length)))
      body.appendChild(tr)
    }
  }
  function zoom(node: Folder, focus: boolean) {
    state.folder = node
    state.limit = 250
    renderTreemap()
    renderTable()
    if (focus) {
      const first = svgRoot.querySelector<SVGElement>('.cell')
      ;(first ?? document.querySelector<HTMLElement>('#breadcrumb button:not([disabled])') ?? svgRoot).focus()
    }
  }
  function showPage(page: Page) {
    state.text = page.path
    byId<HTMLInputElement>('filter-text').value = page.path
    state.expanded[page.index] = true
    renderTable()
    const button = document.querySelector<HTMLElement>(`#page-rows tr[data-index="${page.index}"] .toggle`)
    if (button) {
      button.focus()
      button.scrollIntoView({block: 'center'})
    }
  }

  // ------------------------------------------------------------------ rule bars
  const bars = Array.from(document.querySelectorAll<HTMLButtonElement>('#rule-bars button.bar'))
  for (const button of bars) {
    button.addEventListener('click', () => {
      const index = Number(button.getAttribute('data-rule'))
      setRule(state.rule === index ? -1 : index)
    })
  }
  function setRule(index: number) {
    state.rule = index
    state.limit = 250
    byId<HTMLSelectElement>('filter-rule').value = String(index)
    for (const b of bars) b.setAttribute('aria-pressed', String(Number(b.getAttribute('data-rule')) === index))
    renderTable()
  }

  // ------------------------------------------------------------------ pages table
  const ruleSelect = byId<HTMLSelectElement>('filter-rule')
  ruleSelect.appendChild(el('option', {value: '-1'}, 'All rules'))
  for (const rule of RULES)
    if (rule.findings)
      ruleSelect.appendChild(el('option', {value: String(rule.index)}, `${rule.id} (${fmt.format(rule.findings)})`))
  ruleSelect.addEventListener('change', () => setRule(Number(ruleSelect.value)))
  const filterText = byId<HTMLInputElement>('filter-text')
  const filterFindings = byId<HTMLInputElement>('filter-findings')
  filterText.addEventListener('input', () => {
    state.text = filterText.value
    state.limit = 250
    renderTable()
  })
  filterFindings.addEventListener('change', () => {
    state.onlyFindings = filterFindings.checked
    state.limit = 250
    renderTable()
  })
  byId('clear-filters').addEventListener('click', () => {
    state.text = ''
    filterText.value = ''
    state.onlyFindings = false
    filterFindings.checked = false
    setRule(-1)
    zoom(startFolder, false)
  })
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#pages th button[data-sort]'))) {
    button.addEventListener('click', () => {
      const key = button.getAttribute('data-sort') as SortKey
      if (state.sort === key) state.dir = -state.dir
      else {
        state.sort = key
        state.dir = key === 'path' || key === 'worst' ? 1 : -1
      }
      renderTable()
    })
  }
  function sortValue(page: Page, key: SortKey): string | number {
    if (key === 'path') return page.path
    if (key === 'findings') return page.findings.length
    if (key === 'errors') return page.errors
    if (key === 'warnings') return page.warnings
    return page.worst < 0 ? '\uffff' : RULES[page.worst]!.id
  }
  function filteredPages() {
    const prefix = state.folder.path ? `${state.folder.path}/` : ''
    const text = state.text.toLowerCase()
    const list = PAGES.filter((page) => {
      if (prefix && page.path.slice(0, prefix.length) !== prefix) return false
      if (state.rule >= 0 && !page.rules[state.rule]) return false
      if (state.onlyFindings && !page.findings.length) return false
      if (text && page.path.toLowerCase().indexOf(text) < 0) return false
      return true
    })
    const key = state.sort
    const dir = state.dir
    list.sort((a, b) => {
      const x = sortValue(a, key)
      const y = sortValue(b, key)
      if (x < y) return -dir
      if (x > y) return dir
      return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
    })
    return list
  }
  function renderTable() {
    const list = filteredPages()
    const body = byId('page-rows')
    clear(body)
    for (const th of Array.from(document.querySelectorAll('#pages th[data-key]'))) {
      const key = th.getAttribute('data-key')
      th.setAttribute('aria-sort', key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none')
    }
    for (const page of list.slice(0, state.limit)) {
      body.appendChild(pageRow(page))
      if (state.expanded[page.index]) body.appendChild(detailRow(page))
    }
    const filters: string[] = []
    if (state.folder.path) filters.push(`folder ${isolate(state.folder.path)}`)
    if (state.rule >= 0) filters.push(`rule ${RULES[state.rule]!.id}`)
    if (state.text) filters.push(`path containing \u201c${isolate(state.text)}\u201d`)
    if (state.onlyFindings) filters.push('with findings')
    byId('table-status').textContent =
      `Showing ${fmt.format(Math.min(list.length, state.limit))} of ` +
      `${plural(list.length, 'matching page', 'matching pages')}${filters.length ? ` (${filters.join(', ')})` : ''}; ` +
      `${plural(PAGES.length, 'page', 'pages')} in all.`
    const more = byId('show-more')
    more.hidden = list.length <= state.limit
    more.textContent = `Show all ${fmt.format(list.length)} pages`
  }
  byId('show-more').addEventListener('click', () => {
    state.limit = Infinity
    renderTable()
  })
  function pageRow(page: Page) {
    const tr = el('tr', {'data-index': String(page.index), 'data-path': page.path})
    const cell = el('td', {class: 'path'})
    if (page.findings.length) {
      const open = Boolean(state.expanded[page.index])
      const toggle = el('button', {
        type: 'button',
        class: 'toggle',
        'aria-expanded': String(open),
        'aria-controls': `detail-${page.index}`,
      })
      toggle.appendChild(el('span', {class: 'chevron', 'aria-hidden': 'true'}, open ? '\u25be ' : '\u25b8 '))
      toggle.appendChild(nameEl(page.path))
      toggle.addEventListener('click', () => {
        state.expanded[page.index] = !state.expanded[page.index]
        renderTable()
        document.querySelector<HTMLElement>(`#page-rows tr[data-index="${page.index}"] .toggle`)?.focus()
      })
      cell.appendChild(toggle)
    } else {
      const clean = el('span', {class: 'clean'})
      clean.appendChild(nameEl(page.path))
      cell.appendChild(clean)
    }
    tr.appendChild(cell)
    tr.appendChild(el('td', {class: 'num'}, fmt.format(page.findings.length)))
    tr.appendChild(el('td', {class: 'num'}, fmt.format(page.errors)))
    tr.appendChild(el('td', {class: 'num'}, fmt.format(page.warnings)))
    tr.appendChild(el('td', {class: 'rule'}, page.worst < 0 ? '' : RULES[page.worst]!.id))
    return tr
  }
  function detailRow(page: Page) {
    const tr = el('tr', {class: 'detail', id: `detail-${page.index}`})
    const td = el('td', {colspan: '5'})
    const table = el('table', {class: 'findings'})
    const caption = el('caption', {class: 'visually-hidden'}, 'Findings in ')
    caption.appendChild(nameEl(page.path))
    table.appendChild(caption)
    const head = el('tr')
    for (const h of ['Line:column', 'Severity', 'Rule', 'Message']) head.appendChild(el('th', {scope: 'col'}, h))
    const thead = el('thead')
    thead.appendChild(head)
    table.appendChild(thead)
    const tbody = el('tbody')
    for (const f of page.findings) {
      const row = el('tr', {class: f.error ? 'error' : 'warning'})
      const where = el('td', {class: 'num'})
      const href = safeLink(findingLink(page, f.line))
      const position = `${f.line}:${f.column}`
      if (href) where.appendChild(el('a', {href, title: `Open ${isolate(page.path)} at line ${f.line}`}, position))
      else where.textContent = position
      row.appendChild(where)
      row.appendChild(el('td', {}, f.error ? 'error' : 'warning'))
      row.appendChild(el('td', {class: 'rule'}, RULES[f.rule]!.id))
      row.appendChild(el('td', {class: 'message'}, f.message))
      tbody.appendChild(row)
    }
    table.appendChild(tbody)
    td.appendChild(table)
    tr.appendChild(td)
    return tr
  }

  const started = performance.now()
  renderLegend()
  renderTreemap()
  renderTable()
  document.documentElement.setAttribute('data-render-ms', String(Math.round(performance.now() - started)))
  let resizeTimer: ReturnType<typeof setTimeout> | undefined
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(renderTreemap, 150)
  })
  // For tests and for measuring: set once the page is drawn.
  document.documentElement.setAttribute('data-ready', 'true')
}
