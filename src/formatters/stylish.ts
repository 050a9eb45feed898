/**
 * For people: findings grouped by file (vfile-reporter, as remark-cli prints), columns aligned
 * within each file as ESLint's stylish does, then a summary. Written a file at a time.
 */
import {VFile} from 'vfile'
import {reporter} from 'vfile-reporter'
import {escapeControls} from './terminal.js'
import type {Formatter} from './types.js'

const stylish: Formatter = function* (files, {color}) {
  let errors = 0
  let warnings = 0
  let first = true
  for (const file of files) {
    if (file.messages.length === 0) continue
    // A copy with its name and messages made safe for a terminal; the text is not needed.
    const shown = new VFile({path: escapeControls(file.path)})
    for (const message of file.messages) {
      if (message.fatal) errors++
      else warnings++
      const copy = shown.message(escapeControls(message.reason), {
        place: message.place,
        ruleId: message.ruleId && escapeControls(message.ruleId),
        source: message.source && escapeControls(message.source),
      })
      copy.fatal = message.fatal
    }
    const block = reporter([shown], {color, quiet: true})
    // The summary line is printed once, for all files, at the end.
    const end = block.lastIndexOf('\n\n')
    yield `${first ? '' : '\n'}${end === -1 ? block : block.slice(0, end)}\n`
    first = false
  }
  if (errors + warnings > 0) yield `\n${summary(errors, warnings, color)}\n`
}

/** vfile-reporter's summary: `✖ 2 errors`, `⚠ 1 warning`, or `3 messages (✖ 2 errors, ⚠ 1 warning)`. */
function summary(errors: number, warnings: number, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001B[${code}m${text}\u001B[39m` : text)
  const parts: string[] = []
  if (errors) parts.push(`${paint(31, '✖')} ${errors} error${errors === 1 ? '' : 's'}`)
  if (warnings) parts.push(`${paint(33, '⚠')} ${warnings} warning${warnings === 1 ? '' : 's'}`)
  return errors && warnings ? `${errors + warnings} messages (${parts.join(', ')})` : parts.join('')
}

export default stylish
