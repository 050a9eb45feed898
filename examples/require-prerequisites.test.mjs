// Tests of the example rule, written with docgap's own test kit (docgap/testing), run with vitest.
import {checkFixture, lint} from 'docgap/testing'
import {expect, it} from 'vitest'
import {requirePrerequisites} from './require-prerequisites.mjs'

const rules = [requirePrerequisites]

it('flags steps with no Prerequisites section, at the first step', () => {
  const findings = lint('# Upgrade\n\n1. Back up.\n2. Upgrade.\n', rules)
  expect(findings.map((finding) => `${finding.line}:${finding.column} ${finding.message}`)).toEqual([
    '3:1 Unexpected steps without a `Prerequisites` section before them, expected what the reader needs first',
  ])
})

it('finds what a fixture marks, and nothing else', () => {
  const fixture = [
    '# Upgrade',
    '',
    '1. Back up the database. <!-- expect require-prerequisites -->',
    '2. Run `kumactl upgrade`.',
    '',
  ].join('\n')
  const {expected, actual} = checkFixture(fixture, rules)
  expect(actual).toEqual(expected)
})

it('leaves alone what only looks like steps without prerequisites', () => {
  const passing = [
    '# Upgrade\n\n## Before you begin\n\nA backup.\n\n1. Upgrade.\n',
    '# Concepts\n\nNo steps here, only text.\n',
    '# Notes\n\n> 1. A numbered list quoted from elsewhere.\n',
  ]
  for (const page of passing) expect(lint(page, rules)).toEqual([])
})

it('takes its headings from the options, and refuses an empty list', () => {
  const page = '# Upgrade\n\n## Requirements\n\nA backup.\n\n1. Upgrade.\n'
  expect(lint(page, rules, {options: {headings: ['Requirements']}})).toEqual([])
  expect(() => lint(page, rules, {options: {headings: []}})).toThrow('must list at least one heading')
})
