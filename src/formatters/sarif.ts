/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Follows GitHub's documented
 * requirements: repository-relative URIs, a rule entry for every ruleId, and stable
 * `partialFingerprints` so that a finding keeps its identity when lines move.
 */
import {createHash} from 'node:crypto'
import {repositoryPath} from '../repository.js'
import type {VFile} from 'vfile'
import type {FormatOptions, Formatter, ReportedRule} from './types.js'

const informationUri = 'https://github.com/docgap/docgap'
// Findings about the run rather than the page: not rules a user configures, but SARIF needs them described.
const engineRules: Record<string, string> = {
  'file-error': 'The file could not be read as Markdown text (binary, too large, not UTF-8, or nested too deeply).',
  'parse-error': 'The file could not be parsed.',
  'rule-error': 'A rule failed on the file.',
  'inline-config': 'A docgap-disable comment is wrong or unused.',
}

const sarif: Formatter = function* (files, options) {
  const rules: ReportedRule[] = [...options.rules]
  const index = new Map(rules.map((rule, position) => [rule.id, position]))
  // The rules head the log, before the results that point into them: listed in a first pass.
  for (const file of files) {
    for (const message of file.messages) {
      const id = String(message.ruleId ?? 'docgap')
      if (index.has(id)) continue
      index.set(id, rules.length)
      const severity = message.fatal ? 'error' : 'warn'
      rules.push({id, description: engineRules[id] ?? id, url: informationUri, severity})
    }
  }

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'docgap',
            version: options.version,
            semanticVersion: options.version,
            informationUri,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: {text: rule.description},
              helpUri: rule.url,
              defaultConfiguration: {level: rule.severity === 'error' ? 'error' : 'warning'},
            })),
          },
        },
        originalUriBaseIds: {'%SRCROOT%': {uri: pathToUri(options.root)}},
        results: [],
      },
    ],
  }
  // The log as `JSON.stringify(log, null, 2)` lays it out, with the results written one at a time.
  const text = JSON.stringify(log, null, 2)
  const at = text.lastIndexOf('"results": []') + '"results": ['.length
  const indent = '\n        '
  let count = 0
  yield text.slice(0, at)
  for (const file of files) {
    if (file.messages.length === 0) continue
    let chunk = ''
    for (const result of fileResults(file, options, index)) {
      chunk += `${count++ === 0 ? '' : ','}${indent}${JSON.stringify(result, null, 2).replace(/\n/g, indent)}`
    }
    yield chunk
  }
  yield `${count === 0 ? '' : '\n      '}${text.slice(at)}\n`
}

function fileResults(file: VFile, options: FormatOptions, ruleIndex: Map<string, number>) {
  const uri = repositoryPath(file, options).split('/').map(encodeURIComponent).join('/')
  const lines = String(file.value).split(/\r?\n|\r/)
  const seen = new Map<string, number>()
  return file.messages.map((message) => {
    const ruleId = String(message.ruleId ?? 'docgap')
    const startLine = message.line ?? 1
    const startColumn = message.column ?? 1
    const end = message.place && 'end' in message.place ? message.place.end : undefined
    // The same rule on the same text is the same finding wherever the line moves to; the
    // occurrence count tells repeated ones apart, as GitHub's own line hash does.
    const hash = createHash('sha256')
      .update(`${ruleId}\0${message.reason}\0${(lines[startLine - 1] ?? '').replace(/\s+/g, ' ').trim()}`)
      .digest('hex')
      .slice(0, 32)
    const occurrence = (seen.get(hash) ?? 0) + 1
    seen.set(hash, occurrence)
    return {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId)!,
      level: message.fatal ? 'error' : 'warning',
      message: {text: message.reason},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri, uriBaseId: '%SRCROOT%'},
            region: {
              startLine,
              startColumn,
              endLine: Math.max(end?.line ?? startLine, startLine),
              endColumn: end && end.line >= startLine ? end.column : startColumn,
            },
          },
        },
      ],
      partialFingerprints: {primaryLocationLineHash: `${hash}:${occurrence}`},
    }
  })
}

function pathToUri(folder: string): string {
  const path = folder.replace(/\\/g, '/')
  const encoded = path.split('/').map(encodeURIComponent).join('/')
  return `file://${encoded.startsWith('/') ? '' : '/'}${encoded}${encoded.endsWith('/') ? '' : '/'}`
}

export default sarif
