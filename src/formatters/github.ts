/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
 * diff. Escaped as the runner requires: `%`, CR and LF everywhere, and `:` and `,` in properties.
 */
import {repositoryPath} from '../repository.js'
import type {Formatter} from './types.js'

const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

const github: Formatter = function* (files, options) {
  for (const file of files) {
    if (file.messages.length === 0) continue
    const path = repositoryPath(file, options)
    let lines = ''
    for (const message of file.messages) {
      const line = message.line ?? 1
      const column = message.column ?? 1
      const end = message.place && 'end' in message.place ? message.place.end : undefined
      const properties = [
        `file=${escapeProperty(path)}`,
        `line=${line}`,
        `col=${column}`,
        `endLine=${end?.line ?? line}`,
        `endColumn=${end?.column ?? column}`,
        `title=${escapeProperty(`docgap (${message.ruleId ?? 'docgap'})`)}`,
      ]
      lines += `::${message.fatal ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(message.reason)}\n`
    }
    yield lines
  }
}

export default github
