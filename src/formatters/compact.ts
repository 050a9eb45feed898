/**
 * One finding a line, `path:line:column: severity message [rule-id]`: a click opens it in an
 * editor's terminal, and problem matchers read it.
 */
import type {Formatter} from './types.js'

const red = (text: string) => `\u001B[31m${text}\u001B[39m`
const yellow = (text: string) => `\u001B[33m${text}\u001B[39m`
const dim = (text: string) => `\u001B[2m${text}\u001B[22m`

const compact: Formatter = (files, {color}) => {
  const lines: string[] = []
  for (const file of files) {
    for (const message of file.messages) {
      const severity = message.fatal ? 'error' : 'warning'
      const shown = color ? (message.fatal ? red(severity) : yellow(severity)) : severity
      const rule = message.ruleId ? ` [${message.ruleId}]` : ''
      lines.push(
        `${file.path}:${message.line ?? 1}:${message.column ?? 1}: ${shown} ${message.reason}${color ? dim(rule) : rule}`,
      )
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}

export default compact
