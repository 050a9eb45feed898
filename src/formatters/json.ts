/** ESLint's JSON shape: one entry per linted file, clean files included. */
import type {Formatter} from './types.js'

const json: Formatter = (files) => {
  const results = files.map((file) => {
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
    return {
      filePath: file.path,
      messages,
      errorCount: messages.filter((message) => message.severity === 2).length,
      warningCount: messages.filter((message) => message.severity === 1).length,
    }
  })
  return `${JSON.stringify(results, null, 2)}\n`
}

export default json
