/**
 * What a run keeps of a page's text once it is linted: only the lines its findings stand on,
 * which baselines, reports and SARIF fingerprint; the other lines are emptied (line numbers stay
 * the same). A run's memory then grows with its findings, not with the size of the docs.
 */
import type {PlainMessage} from './messages.js'

const lineBreak = /\r\n|\r|\n/

export function keepFindingLines(text: string, messages: PlainMessage[]): string {
  if (messages.length === 0 || text === '') return ''
  const lines = text.split(lineBreak)
  const kept = new Uint8Array(lines.length + 1)
  let last = 0
  for (const message of messages) {
    const start = Math.max(message.line ?? 1, 1)
    const end = Math.max(message.endLine ?? start, start)
    // A finding past the end (fingerprints clamp it to the last line) keeps the last line.
    for (let line = Math.min(start, lines.length); line <= Math.min(end, lines.length); line++) kept[line] = 1
    last = Math.max(last, Math.min(end, lines.length))
  }
  // Lines after the last finding are not needed, unless a finding points past the end of the text.
  const pastEnd = messages.some((message) => (message.line ?? 1) > lines.length)
  const count = pastEnd ? lines.length : last
  let result = ''
  for (let line = 1; line <= count; line++) result += (line > 1 ? '\n' : '') + (kept[line] ? lines[line - 1] : '')
  return result
}
