/** ESLint's JSON shape: one entry per linted file, clean files included. Written a file at a time. */
import type {Formatter} from './types.js'

const json: Formatter = function* (files) {
  if (files.length === 0) {
    yield '[]\n'
    return
  }
  for (const [index, file] of files.entries()) {
    const messages = file.messages.map((message) => {
      const end = message.place && 'end' in message.place ? message.place.end : undefined
      return {
        ruleId: message.ruleId ?? null,
        severity: message.fatal ? 2 : 1,
        message: message.reason,
        line: message.line ?? 1,
        column: message.column ?? 1,
        endLine: end?.line ?? message.line ?? 1,
        endColumn: end?.column ?? message.column ?? 1,
      }
    })
    const result = {
      filePath: file.path,
      messages,
      errorCount: messages.filter((message) => message.severity === 2).length,
      warningCount: messages.filter((message) => message.severity === 1).length,
    }
    // As `JSON.stringify(results, null, 2)` lays out each entry of the array (JSON text has no raw line breaks).
    yield `${index === 0 ? '[\n' : ',\n'}  ${JSON.stringify(result, null, 2).replace(/\n/g, '\n  ')}`
  }
  yield '\n]\n'
}

export default json
