/**
 * Bad input, through the CLI: every odd file gets findings or one clear line, the right exit
 * code, no stack trace and no hang, and every other file is still linted.
 */
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, runCli} from './cli-helpers.js'

const good = '# Good\n\n- One.\n- \n'
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m

/** Lints `name` beside a page with one known finding; returns the report of both. */
function lintBeside(name: string, content: string | Buffer, extraArgs: string[] = []) {
  const cwd = makeTree({'good.md': good})
  writeFileSync(join(cwd, name), content)
  const result = runCli(['.', '-f', 'json', ...extraArgs], {cwd})
  expect(result.stderr).not.toMatch(stackTrace)
  const report = parseJsonReport(result.stdout)
  const other = report.find((file) => file.filePath === 'good.md')
  // The other file is always still linted and reported.
  expect(other?.messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual(['4:no-empty-list-items'])
  return {result, file: report.find((file) => file.filePath === name)}
}

describe('bad input files', () => {
  it('binary data with a .md name: a file-error finding', () => {
    const {result, file} = lintBeside(
      'image.md',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    )
    expect(result.code).toBe(1)
    expect(file!.messages).toEqual([
      expect.objectContaining({
        ruleId: 'file-error',
        line: 1,
        column: 1,
        severity: 2,
        message: expect.stringContaining('binary data'),
      }),
    ])
  })

  it('invalid UTF-8: linted, with a warning where the bad bytes are', () => {
    const {file} = lintBeside('latin1.md', Buffer.from('# Caf\xe9\n\n- \n', 'latin1'))
    expect(file!.messages.map((m) => [m.ruleId, m.line, m.column, m.severity])).toEqual([
      ['file-error', 1, 6, 1],
      ['no-empty-list-items', 3, 1, 2],
    ])
  })

  it('UTF-16 with a byte order mark: decoded and linted like UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Title\n\n- \n', 'utf16le')])
    const {file} = lintBeside('utf16.md', utf16)
    expect(file!.messages.map((m) => `${m.line}:${m.column}:${m.ruleId}`)).toEqual(['3:1:no-empty-list-items'])
  })

  it('CRLF and lone CR line endings: the same positions as LF', () => {
    for (const newline of ['\r\n', '\r']) {
      const {file} = lintBeside('endings.md', good.replace(/\n/g, newline))
      expect(file!.messages.map((m) => `${m.line}:${m.column}:${m.ruleId}`)).toEqual(['4:1:no-empty-list-items'])
    }
  })

  it('an empty file: nothing to report', () => {
    const {result, file} = lintBeside('empty.md', '')
    expect(result.code).toBe(1)
    expect(file!.messages).toEqual([])
  })

  it('a 50 MB file: skipped with a finding naming the size limit, quickly', () => {
    const {file} = lintBeside('huge.md', Buffer.alloc(50 * 1024 * 1024, 'word '))
    expect(file!.messages).toEqual([
      expect.objectContaining({
        ruleId: 'file-error',
        message: expect.stringContaining('larger than the limit of 2 MB (set --max-file-size'),
      }),
    ])
  })

  it('--max-file-size raises the limit', () => {
    const {file} = lintBeside('big.md', `# Big\n\n${'Some text. '.repeat(300_000)}\n`, ['--max-file-size', '4mb'])
    expect(file!.messages).toEqual([])
  })

  it('lists and block quotes nested 10,000 deep: a finding, not a hang or a crash', () => {
    const quotes = lintBeside('quotes.md', `${'>'.repeat(10_000)} deep\n`).file
    expect(quotes!.messages[0]).toMatchObject({
      ruleId: 'file-error',
      message: expect.stringContaining('nest more than 100 levels'),
    })
    const lists = Array.from({length: 10_000}, (_, depth) => `${'  '.repeat(depth)}- item`)
      .join('\n')
      .slice(0, 1_900_000)
    expect(lintBeside('lists.md', lists).file!.messages[0]).toMatchObject({ruleId: 'file-error'})
  })

  it('a list of 200,000 items: a finding naming the line limit', () => {
    const {file} = lintBeside('items.md', '- item\n'.repeat(200_000))
    expect(file!.messages).toEqual([
      expect.objectContaining({
        ruleId: 'file-error',
        message: 'Cannot lint file: it has 200,001 lines, more than the limit of 30,000',
      }),
    ])
  })

  it('a line of 5 MB: over the default size limit, so a finding; a line of 1 MB is linted', () => {
    const long = lintBeside('line.md', `${'word '.repeat(1_000_000)}TODO\n`).file
    expect(long!.messages).toEqual([
      expect.objectContaining({
        ruleId: 'file-error',
        message: expect.stringContaining('4.8 MB, larger than the limit'),
      }),
    ])
    const shorter = lintBeside('line.md', `${'word '.repeat(200_000)}TODO\n`).file
    expect(shorter!.messages.map((m) => m.ruleId)).toEqual(['no-placeholders'])
  })

  it('invalid and unterminated front matter: linted as the page shows it', () => {
    const invalid = lintBeside('invalid.md', '---\ntitle: [oops\n---\n\n# Title\n\nText.\n').file
    expect(invalid!.messages.filter((m) => m.ruleId === 'file-error' || m.ruleId === 'rule-error')).toEqual([])
    const unterminated = lintBeside('unterminated.md', '---\ntitle: x\n\n# Title\n\nText.\n').file
    expect(unterminated!.messages.filter((m) => m.ruleId === 'rule-error')).toEqual([])
  })

  it('paths with spaces and non-ASCII names', () => {
    const cwd = makeTree({'my docs/über guide.md': good})
    const result = runCli(['my docs', '-f', 'compact'], {cwd})
    expect(result.stdout).toBe(
      'my docs/über guide.md:4:1: error Unexpected empty list item, expected content [no-empty-list-items]\n',
    )
  })
})

describe('bad paths', () => {
  it('a folder with no Markdown in it: exit 2, one line', () => {
    const cwd = makeTree({'assets/logo.svg': '<svg/>'})
    const result = runCli(['assets'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('docgap: assets: no Markdown or MDX files in this folder\n')
  })

  // As git, ESLint and markdownlint-cli2 do: a link to nothing is not a page.
  it('a broken symlink and a symlink loop while walking: skipped, the rest linted', () => {
    const cwd = makeTree({'docs/good.md': good})
    symlinkSync(join(cwd, 'docs/missing.md'), join(cwd, 'docs/broken.md'))
    mkdirSync(join(cwd, 'docs/sub'))
    symlinkSync(join(cwd, 'docs'), join(cwd, 'docs/sub/loop'))
    const result = runCli(['docs', '-f', 'compact'], {cwd})
    expect(result.stderr).not.toMatch(stackTrace)
    expect(result.stdout).toContain('docs/good.md:4:1')
    expect(result.stdout).not.toContain('broken.md')
    expect(result.code).toBe(1)
  })

  it('a broken symlink named explicitly: exit 2, one line', () => {
    const cwd = makeTree({})
    symlinkSync(join(cwd, 'missing.md'), join(cwd, 'broken.md'))
    const result = runCli(['broken.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `docgap: broken.md: broken symbolic link (its target ${join(cwd, 'missing.md')} does not exist)\n`,
    )
  })
})
