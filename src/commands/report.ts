/**
 * `docgap report`: the docs-debt report, one self-contained HTML page (and a JSON twin), from the
 * same lint stage as a run. A report describes the docs; it is not a gate: only a failure to make
 * it fails the run.
 */
import {dirname, resolve} from 'node:path'
import {DocgapError} from '../errors.js'
import type {SourceOptions} from '../lint-sources.js'
import {repositoryRoot} from '../repository.js'
import {lintRun, plannedOutput, reportedRules, type RunResult, type ShowOptions} from '../run.js'
import {version} from '../version.js'
import {writeFileAtomic} from '../write-file.js'

export interface ReportOptions extends SourceOptions, ShowOptions {
  /** The HTML file to write. */
  out: string
  /** A JSON twin of the report, for the next `compare`. */
  jsonOut?: string
  /** A previous JSON report: what was fixed and what is new since then. */
  compare?: string
  /** `https://…/{path}#L{line}`: where each finding links. */
  linkTemplate?: string
}

export async function runReport(options: ReportOptions): Promise<RunResult> {
  const {cwd, out, jsonOut, linkTemplate} = options
  if (options.fix) throw new DocgapError('--fix: not with the report command')
  const reportModule = await import('../report/data.js')
  const notices: string[] = []
  let previous: Awaited<ReturnType<typeof reportModule.readReportData>> | undefined
  const outputs = [plannedOutput(cwd, out, '--out', 'report-html')]
  if (jsonOut) outputs.push(plannedOutput(cwd, jsonOut, '--json-out', 'report-json'))
  const {files, ranRules, ioError} = await lintRun(options, notices, outputs, async () => {
    if (options.compare) previous = await reportModule.readReportData(resolve(cwd, options.compare), options.compare)
  })
  const data = reportModule.buildReportData(files, {
    cwd,
    root: repositoryRoot(cwd),
    version,
    linkTemplate,
    reportDir: dirname(resolve(cwd, out)),
    rules: reportedRules(ranRules),
  })
  const {renderReport} = await import('../report/html.js')
  const trend = previous ? reportModule.compareReports(data, previous) : undefined
  await writeFileAtomic(resolve(cwd, out), renderReport(data, trend), out)
  if (jsonOut) await writeFileAtomic(resolve(cwd, jsonOut), reportModule.serializeReportData(data), jsonOut)
  const {pages, findings} = data.totals
  const counts = `${pages} page${pages === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}`
  notices.push(`docgap: wrote ${out}${jsonOut ? ` and ${jsonOut}` : ''}: ${counts}`)
  return {exitCode: ioError ? 2 : 0, output: [], notices}
}
