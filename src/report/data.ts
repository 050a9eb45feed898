/**
 * The docs-debt report's data (`docgap report`): one lint run's findings summed up by page,
 * folder and rule, and the trend between two such summaries. The JSON twin of the HTML report
 * (`--json-out`) is this data as it is, and `--compare previous.json` reads it back.
 *
 * Trend matching: a finding of one report is the same finding in the other when its page path,
 * rule and fingerprint agree. The fingerprint is the one `--baseline` uses (fingerprintFindings:
 * the rule, the offending text and the line it stands on, whitespace collapsed, and its
 * occurrence among identical findings of the page), so a finding whose line merely moved is
 * neither fixed nor new, while one whose line was edited counts as fixed and, if still there,
 * new. The message is not part of it, so rewording a rule's message between docgap versions
 * does not churn the trend. Counting findings per path and rule instead would be simpler but
 * would hide a fix and a new finding of the same rule on the same page behind an unchanged count.
 */
import {readTextFile} from '../source.js'
import {relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import {fingerprintFindings} from '../baseline.js'
import {DocgapError, describeIoError} from '../errors.js'

export type FindingSeverity = 'error' | 'warning'

export interface ReportFinding {
  line: number
  column: number
  endLine: number
  endColumn: number
  rule: string
  message: string
  severity: FindingSeverity
  /** `--link-template` filled with this page and line, else the page's path relative to the report's folder. */
  link: string
  /** Matches this finding across reports (see the top of this file). */
  fingerprint: string
}

export interface ReportPage {
  /** Relative to the repository root (`root`), with forward slashes. */
  path: string
  findings: number
  errors: number
  warnings: number
  /** The rule with the most errors on the page, then the most findings, then the first by id; null for a clean page. */
  worstRule: string | null
  messages: ReportFinding[]
}

export interface ReportFolder {
  /** Relative to the repository root, forward slashes; '' for the root itself. */
  path: string
  /** The last path segment; '.' for the root. */
  name: string
  /** Pages in this folder and every folder below it. */
  pages: number
  pagesWithFindings: number
  pagesWithErrors: number
  findings: number
  errors: number
  warnings: number
  /** Findings per page (findings / pages). */
  density: number
  /** Pages directly in this folder (not in a subfolder). */
  ownPages: number
  children: ReportFolder[]
}

export interface ReportRule {
  id: string
  description: string
  url: string
  /** The configured severity; null for findings docgap itself reports (`parse-error`, unused directives…). */
  severity: 'warn' | 'error' | null
  findings: number
  errors: number
  warnings: number
  /** Pages with at least one finding of this rule. */
  pages: number
}

export interface ReportTotals {
  pages: number
  pagesWithFindings: number
  pagesWithErrors: number
  findings: number
  errors: number
  warnings: number
  /** Share of pages with no error, 0–1 (1 when no page was linted). */
  completeness: number
  byRule: Record<string, number>
  bySeverity: {error: number; warning: number}
}

export interface ReportData {
  format: 'docgap-report'
  schema: 1
  /** docgap's version. */
  docgap: string
  /** ISO 8601. */
  generatedAt: string
  linkTemplate: string | null
  totals: ReportTotals
  /** Every enabled rule, and any other rule id with findings; most findings first. */
  rules: ReportRule[]
  /** The folder tree, rooted at the repository root. */
  folders: ReportFolder
  /** Every linted page, clean ones included, sorted by path. */
  pages: ReportPage[]
}

export interface ReportOptions {
  /** The working directory: `file.path` is relative to it unless absolute. */
  cwd: string
  /** Page paths are relative to this folder (the git repository's root, else `cwd`), as in SARIF. */
  root: string
  /** docgap's version. */
  version: string
  /** ISO 8601; default: now. */
  generatedAt?: string
  /** A URL with `{path}` (root-relative, each segment URL-encoded) and `{line}`, e.g. `https://github.com/org/repo/blob/main/{path}#L{line}`. */
  linkTemplate?: string
  /** Where the HTML report will be written: without a link template, links are relative to it. Default: `cwd`. */
  reportDir?: string
  /** The enabled rules (as the formatters receive them). */
  rules: Array<{id: string; description: string; url: string; severity: 'warn' | 'error'}>
}

/** `{path}` and `{line}` of a link template filled in; the same function runs in the HTML report. */
export function fillLinkTemplate(template: string, path: string, line: number): string {
  return template.split('{path}').join(encodePath(path)).split('{line}').join(String(line))
}

/** A path as a URL path: each segment percent-encoded, so `:`, `#`, `?` and spaces cannot change what it means. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

export function buildReportData(files: VFile[], options: ReportOptions): ReportData {
  const root = resolve(options.root)
  const reportDir = resolve(options.reportDir ?? options.cwd)
  const linkTemplate = options.linkTemplate || null
  const pages: ReportPage[] = []
  for (const file of files) {
    const absolute = resolve(options.cwd, file.path ?? '')
    const path = toSlashes(relative(root, absolute))
    const localLink = encodePath(toSlashes(relative(reportDir, absolute)))
    const fingerprints = fingerprintFindings(file)
    const messages = file.messages.map((message, index): ReportFinding => {
      const place = message.place
      const end = place && 'end' in place ? place.end : undefined
      const line = message.line ?? 1
      const column = message.column ?? 1
      return {
        line,
        column,
        endLine: end?.line ?? line,
        endColumn: end?.column ?? column,
        rule: String(message.ruleId ?? 'docgap'),
        message: message.reason,
        severity: message.fatal ? 'error' : 'warning',
        link: linkTemplate ? fillLinkTemplate(linkTemplate, path, line) : localLink,
        fingerprint: fingerprints[index]!,
      }
    })
    const errors = messages.filter((message) => message.severity === 'error').length
    pages.push({
      path,
      findings: messages.length,
      errors,
      warnings: messages.length - errors,
      worstRule: worstRule(messages),
      messages,
    })
  }
  pages.sort((a, b) => compareStrings(a.path, b.path))

  const totals: ReportTotals = {
    pages: pages.length,
    pagesWithFindings: 0,
    pagesWithErrors: 0,
    findings: 0,
    errors: 0,
    warnings: 0,
    completeness: 1,
    byRule: {},
    bySeverity: {error: 0, warning: 0},
  }
  const rules = new Map<string, ReportRule>()
  for (const rule of options.rules) {
    rules.set(rule.id, {...pick(rule), findings: 0, errors: 0, warnings: 0, pages: 0})
  }
  for (const page of pages) {
    totals.findings += page.findings
    totals.errors += page.errors
    totals.warnings += page.warnings
    if (page.findings > 0) totals.pagesWithFindings++
    if (page.errors > 0) totals.pagesWithErrors++
    const seen = new Set<string>()
    for (const message of page.messages) {
      let rule = rules.get(message.rule)
      if (!rule) {
        rule = {
          id: message.rule,
          description: '',
          url: '',
          severity: null,
          findings: 0,
          errors: 0,
          warnings: 0,
          pages: 0,
        }
        rules.set(message.rule, rule)
      }
      rule.findings++
      if (message.severity === 'error') rule.errors++
      else rule.warnings++
      if (!seen.has(message.rule)) {
        seen.add(message.rule)
        rule.pages++
      }
    }
  }
  totals.bySeverity = {error: totals.errors, warning: totals.warnings}
  totals.completeness = pages.length === 0 ? 1 : (pages.length - totals.pagesWithErrors) / pages.length
  const ruleList = [...rules.values()].sort((a, b) => b.findings - a.findings || compareStrings(a.id, b.id))
  for (const rule of ruleList) if (rule.findings > 0) totals.byRule[rule.id] = rule.findings

  return {
    format: 'docgap-report',
    schema: 1,
    docgap: options.version,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    linkTemplate,
    totals,
    rules: ruleList,
    folders: buildFolders(pages),
    pages,
  }
}

function pick(rule: ReportOptions['rules'][number]): Pick<ReportRule, 'id' | 'description' | 'url' | 'severity'> {
  return {id: rule.id, description: rule.description, url: rule.url, severity: rule.severity}
}

function worstRule(messages: ReportFinding[]): string | null {
  const counts = new Map<string, {errors: number; findings: number}>()
  for (const message of messages) {
    const count = counts.get(message.rule) ?? {errors: 0, findings: 0}
    count.findings++
    if (message.severity === 'error') count.errors++
    counts.set(message.rule, count)
  }
  let worst: string | null = null
  let best = {errors: -1, findings: -1}
  for (const [rule, count] of counts) {
    const better =
      count.errors > best.errors ||
      (count.errors === best.errors &&
        (count.findings > best.findings ||
          (count.findings === best.findings && worst !== null && compareStrings(rule, worst) < 0)))
    if (better) {
      worst = rule
      best = count
    }
  }
  return worst
}

function emptyFolder(path: string, name: string): ReportFolder {
  return {
    path,
    name,
    pages: 0,
    pagesWithFindings: 0,
    pagesWithErrors: 0,
    findings: 0,
    errors: 0,
    warnings: 0,
    density: 0,
    ownPages: 0,
    children: [],
  }
}

/** The folder tree with every page counted in each of its folders. */
function buildFolders(pages: ReportPage[]): ReportFolder {
  const rootFolder = emptyFolder('', '.')
  const byPath = new Map<string, ReportFolder>([['', rootFolder]])
  for (const page of pages) {
    const segments = page.path.split('/')
    segments.pop()
    let folder = rootFolder
    const chain = [rootFolder]
    for (let index = 0; index < segments.length; index++) {
      const path = segments.slice(0, index + 1).join('/')
      let child = byPath.get(path)
      if (!child) {
        child = emptyFolder(path, segments[index]!)
        byPath.set(path, child)
        folder.children.push(child)
      }
      folder = child
      chain.push(child)
    }
    folder.ownPages++
    for (const each of chain) {
      each.pages++
      each.findings += page.findings
      each.errors += page.errors
      each.warnings += page.warnings
      if (page.findings > 0) each.pagesWithFindings++
      if (page.errors > 0) each.pagesWithErrors++
    }
  }
  for (const folder of byPath.values()) {
    folder.density = folder.pages === 0 ? 0 : folder.findings / folder.pages
    folder.children.sort((a, b) => compareStrings(a.name, b.name))
  }
  return rootFolder
}

// ------------------------------------------------------------------------------------- trend

export interface TrendFinding {
  path: string
  rule: string
  message: string
  line: number
  severity: FindingSeverity
  /** In the report the finding occurs in: the current one for a new finding, the previous one for a fixed one. */
  link: string
}

export interface TrendCount {
  /** Findings in the previous report. */
  before: number
  /** Findings in the current report. */
  after: number
  fixed: number
  new: number
}

export interface Trend {
  previous: {generatedAt: string; docgap: string}
  current: {generatedAt: string; docgap: string}
  totals: TrendCount & {
    pagesBefore: number
    pagesAfter: number
    completenessBefore: number
    completenessAfter: number
    /** Pages only in the previous report (deleted, or left out of this run): their findings count as fixed. */
    pagesRemoved: number
    /** Pages only in the current report: their findings count as new. */
    pagesAdded: number
  }
  /** Every rule with findings in either report; most change (fixed + new) first. */
  rules: Array<TrendCount & {id: string}>
  /** Every folder (root '' included) with findings in either report; most change first, then by path. */
  folders: Array<TrendCount & {path: string}>
  /** Sorted by path, then line. */
  fixedFindings: TrendFinding[]
  newFindings: TrendFinding[]
}

/** What was fixed and what is new in `current` since `previous` (see the top of this file for how findings match). */
export function compareReports(current: ReportData, previous: ReportData): Trend {
  const key = (path: string, finding: ReportFinding) => `${path}\0${finding.rule}\0${finding.fingerprint}`
  const pool = new Map<string, Array<{page: ReportPage; finding: ReportFinding}>>()
  for (const page of previous.pages) {
    for (const finding of page.messages) {
      const id = key(page.path, finding)
      const list = pool.get(id)
      if (list) list.push({page, finding})
      else pool.set(id, [{page, finding}])
    }
  }
  const newFindings: TrendFinding[] = []
  for (const page of current.pages) {
    for (const finding of page.messages) {
      const list = pool.get(key(page.path, finding))
      if (list && list.length > 0) list.shift()
      else newFindings.push(trendFinding(page.path, finding))
    }
  }
  const fixedFindings: TrendFinding[] = []
  for (const list of pool.values())
    for (const {page, finding} of list) fixedFindings.push(trendFinding(page.path, finding))
  const order = (a: TrendFinding, b: TrendFinding) =>
    compareStrings(a.path, b.path) || a.line - b.line || compareStrings(a.rule, b.rule)
  fixedFindings.sort(order)
  newFindings.sort(order)

  const rules = new Map<string, TrendCount & {id: string}>()
  const folders = new Map<string, TrendCount & {path: string}>()
  const ruleCount = (id: string) => {
    let count = rules.get(id)
    if (!count) rules.set(id, (count = {id, before: 0, after: 0, fixed: 0, new: 0}))
    return count
  }
  const folderCounts = (path: string) => {
    const segments = path.split('/')
    segments.pop()
    const counts: Array<TrendCount & {path: string}> = []
    for (let index = 0; index <= segments.length; index++) {
      const folder = segments.slice(0, index).join('/')
      let count = folders.get(folder)
      if (!count) folders.set(folder, (count = {path: folder, before: 0, after: 0, fixed: 0, new: 0}))
      counts.push(count)
    }
    return counts
  }
  const tally = (pages: ReportPage[], field: keyof TrendCount) => {
    for (const page of pages) {
      if (page.messages.length === 0) continue
      const inFolders = folderCounts(page.path)
      for (const finding of page.messages) {
        ruleCount(finding.rule)[field]++
        for (const folder of inFolders) folder[field]++
      }
    }
  }
  tally(previous.pages, 'before')
  tally(current.pages, 'after')
  for (const [list, field] of [
    [fixedFindings, 'fixed'],
    [newFindings, 'new'],
  ] as const) {
    for (const finding of list) {
      ruleCount(finding.rule)[field]++
      for (const folder of folderCounts(finding.path)) folder[field]++
    }
  }
  const byChange = <T extends TrendCount>(a: T, b: T) => b.fixed + b.new - (a.fixed + a.new)
  const previousPaths = new Set(previous.pages.map((page) => page.path))
  const currentPaths = new Set(current.pages.map((page) => page.path))
  return {
    previous: {generatedAt: previous.generatedAt, docgap: previous.docgap},
    current: {generatedAt: current.generatedAt, docgap: current.docgap},
    totals: {
      before: previous.totals.findings,
      after: current.totals.findings,
      fixed: fixedFindings.length,
      new: newFindings.length,
      pagesBefore: previous.totals.pages,
      pagesAfter: current.totals.pages,
      completenessBefore: previous.totals.completeness,
      completenessAfter: current.totals.completeness,
      pagesRemoved: [...previousPaths].filter((path) => !currentPaths.has(path)).length,
      pagesAdded: [...currentPaths].filter((path) => !previousPaths.has(path)).length,
    },
    rules: [...rules.values()].sort((a, b) => byChange(a, b) || compareStrings(a.id, b.id)),
    folders: [...folders.values()].sort((a, b) => byChange(a, b) || compareStrings(a.path, b.path)),
    fixedFindings,
    newFindings,
  }
}

function trendFinding(path: string, finding: ReportFinding): TrendFinding {
  return {
    path,
    rule: finding.rule,
    message: finding.message,
    line: finding.line,
    severity: finding.severity,
    link: finding.link,
  }
}

// ------------------------------------------------------------------------------------- files

/**
 * The `--json-out` file: two-space indented JSON with a final newline, each finding on one line
 * (a third smaller for a large tree, and a diff shows whole findings).
 */
export function serializeReportData(data: ReportData): string {
  // A finding is a flat object at a fixed depth (pages[i].messages[j]), and JSON strings hold no
  // raw line breaks, so joining its lines cannot change a value.
  const text = JSON.stringify(data, null, 2).replace(/\{\n {10}"line": [^{}]*?\n {8}\}/g, (finding) =>
    finding.replace(/\n */g, ' '),
  )
  return `${text}\n`
}

/** Reads and checks a report written by `--json-out` (for `--compare`); any problem is one DocgapError naming `display`. */
export async function readReportData(path: string, display = path): Promise<ReportData> {
  let text: string
  try {
    text = readTextFile(path)
  } catch (error) {
    throw new DocgapError(`${display}: cannot read report: ${describeIoError(error)}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    throw new DocgapError(`${display}: invalid report: not JSON (${(error as Error).message})`)
  }
  const fail = (where: string, what: string): never => {
    throw new DocgapError(`${display}: invalid report: ${where ? `${where}: ` : ''}${what}`)
  }
  if (!isObject(data) || data.format !== 'docgap-report') {
    return fail('', 'expected the JSON that `docgap report --json-out` writes (`"format": "docgap-report"`)')
  }
  if (data.schema !== 1) return fail('schema', `expected 1, got ${JSON.stringify(data.schema) ?? 'nothing'}`)
  // Everything the trend reads is checked here: the file may come from anywhere (a CI artifact, a
  // pull request), and the report shows its text.
  if (typeof data.generatedAt !== 'string') fail('generatedAt', 'expected a date')
  if (typeof data.docgap !== 'string') fail('docgap', 'expected a version')
  if (!isObject(data.totals)) fail('totals', 'expected an object')
  const totals = data.totals as Record<string, unknown>
  for (const field of ['pages', 'pagesWithFindings', 'pagesWithErrors', 'findings', 'errors', 'warnings']) {
    if (!isCount(totals[field])) fail(`totals.${field}`, 'expected a whole number, 0 or more')
  }
  const completeness = totals.completeness
  if (typeof completeness !== 'number' || !(completeness >= 0 && completeness <= 1))
    fail('totals.completeness', 'expected a number from 0 to 1')
  if (!Array.isArray(data.rules)) fail('rules', 'expected a list')
  if (!isObject(data.folders)) fail('folders', 'expected an object')
  if (!Array.isArray(data.pages)) return fail('pages', 'expected a list')
  data.pages.forEach((page: unknown, index) => {
    const at = `pages[${index}]`
    if (!isObject(page)) return fail(at, 'expected an object with `path` and `messages`')
    if (typeof page.path !== 'string') fail(`${at}.path`, 'expected a string')
    if (!Array.isArray(page.messages)) return fail(`${at}.messages`, 'expected a list')
    page.messages.forEach((finding: unknown, position) => {
      const where = `${at}.messages[${position}]`
      if (!isObject(finding)) return fail(where, 'expected an object')
      for (const field of ['rule', 'message', 'fingerprint', 'link']) {
        if (typeof finding[field] !== 'string') fail(`${where}.${field}`, 'expected a string')
      }
      if (finding.severity !== 'error' && finding.severity !== 'warning')
        fail(`${where}.severity`, 'expected `error` or `warning`')
      for (const field of ['line', 'column']) {
        if (!isCount(finding[field])) fail(`${where}.${field}`, 'expected a whole number, 0 or more')
      }
    })
  })
  return data as unknown as ReportData
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function toSlashes(path: string): string {
  return path.split(sep).join('/')
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
