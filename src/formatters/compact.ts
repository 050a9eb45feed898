/**
 * One finding a line, `path:line:column: severity message [rule-id]`: a click opens it in an
 * editor's terminal, and problem matchers read it.
 */
import {escapeControls} from './terminal.js'
import type {Formatter} from './types.js'

const red = (text: string) => `\u001B[31m${text}\u001B[39m`
const yellow = (text: string) => `\u001B[33m${text}\u001B[39m`
const dim = (text: string) => `\u001B[2m${text}\u001B[22m`

const compact: Formatter = function* (files, {color}) {
  for (const file of files) {
    if (file.messages.length === 0) continue
    const path = escapeControls(file.path)
    let lines = ''
    for (const message of file.messages) {
      const severity = message.fatal ? 'error' : 'warning'
      const shown = color ? (message.fatal ? red(severity) : yellow(severity)) : severity
      const rule = message.ruleId ? ` [${escapeControls(message.ruleId)}]` : ''
      const reason = escapeControls(message.reason)
      lines += `${path}:${message.line ?? 1}:${message.column ?? 1}: ${shown} ${reason}${color ? dim(rule) : rule}\n`
    }
    yield lines
  }
}

export default compact
