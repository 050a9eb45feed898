/**
 * JUnit XML for GitLab, Jenkins and other CI: a test suite per file, a failing test case per
 * finding (warnings too, marked as such, as ESLint's formatter does), one passing case for a
 * clean file.
 */
import type {Formatter} from './types.js'

// XML 1.0 cannot hold most control characters even escaped: drop them.
const invalidXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const escapeXml = (text: string) =>
  text
    .replace(invalidXml, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')

const junit: Formatter = function* (files) {
  // The totals head the document: counted first, then each file's suite is written in turn.
  let tests = 0
  let failures = 0
  for (const file of files) {
    tests += Math.max(1, file.messages.length)
    failures += file.messages.length
  }
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="docgap" tests="${tests}" failures="${failures}" errors="0">\n`
  )
  for (const file of files) {
    const path = escapeXml(file.path)
    const cases = file.messages.map((message) => {
      const line = message.line ?? 1
      const column = message.column ?? 1
      const rule = String(message.ruleId ?? 'docgap')
      const severity = message.fatal ? 'error' : 'warning'
      const detail = `${file.path}:${line}:${column}: ${severity} ${message.reason} [${rule}]`
      return (
        `    <testcase classname="${path}" name="${escapeXml(`${rule} at ${line}:${column}`)}" file="${path}" line="${line}">\n` +
        `      <failure type="${severity}" message="${escapeXml(message.reason)}">${escapeXml(detail)}</failure>\n` +
        '    </testcase>'
      )
    })
    if (cases.length === 0) cases.push(`    <testcase classname="${path}" name="docgap" file="${path}"/>`)
    yield (
      `  <testsuite name="${path}" tests="${cases.length}" failures="${file.messages.length}" errors="0" skipped="0">\n` +
      `${cases.join('\n')}\n` +
      '  </testsuite>\n'
    )
  }
  yield '</testsuites>\n'
}

export default junit
