/** What a run keeps of a page: only the lines its findings stand on, with the same fingerprints. */
import fc from 'fast-check'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {fingerprintFindings} from '../src/baseline.js'
import {keepFindingLines} from '../src/kept-lines.js'
import {restoreMessages, type PlainMessage} from '../src/messages.js'

function fingerprints(text: string, messages: PlainMessage[]): string[] {
  const file = new VFile({path: 'a.md', value: text})
  restoreMessages(file, messages)
  return fingerprintFindings(file)
}

describe('keepFindingLines', () => {
  it('empties the other lines and drops those after the last finding', () => {
    const text = 'one\ntwo\r\nthree\nfour\nfive\n'
    const messages: PlainMessage[] = [{reason: 'x', line: 2, column: 1, endLine: 3, endColumn: 3, fatal: true}]
    expect(keepFindingLines(text, messages)).toBe('\ntwo\nthree')
    expect(keepFindingLines(text, [])).toBe('')
  })

  it('gives the same baseline fingerprints as the whole text, whatever the spans', () => {
    const line = fc.stringMatching(/^[a-z _`\t]{0,12}$/)
    fc.assert(
      fc.property(
        fc.array(line, {minLength: 1, maxLength: 12}),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.tuple(fc.nat(14), fc.nat(14), fc.nat(3), fc.nat(14)), {maxLength: 6}),
        (lines, eol, spans) => {
          const text = lines.join(eol)
          const messages: PlainMessage[] = spans.map(([line, column, length, endColumn]) => ({
            reason: 'r',
            line: line + 1,
            column: column + 1,
            endLine: line + 1 + length,
            endColumn: endColumn + 1,
            ruleId: 'rule',
            fatal: true,
          }))
          expect(fingerprints(keepFindingLines(text, messages), messages)).toEqual(fingerprints(text, messages))
        },
      ),
      {seed: 18, numRuns: 300},
    )
  })
})
