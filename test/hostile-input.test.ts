/**
 * Input meant to hang docgap or exhaust its memory, through the CLI: devices, FIFOs, endless
 * standard input, pages whose parse or rules would cost more than linear time, hostile regular
 * expressions and configuration graphs. Each gets a finding or one clear line, never a hang.
 * (runCli stops a run after 20 s: a regression fails the test rather than hanging the suite.)
 */
import {spawnSync} from 'node:child_process'
import {closeSync, openSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cliPath, makeTree, parseJsonReport, runCli} from './cli-helpers.js'

const good = '# Good\n\n- One.\n- \n'
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m

function expectGoodLinted(stdout: string) {
  const other = parseJsonReport(stdout).find((file) => file.filePath === 'good.md')
  expect(other?.messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual(['4:no-empty-list-items'])
}

describe('only regular files are read', () => {
  it('a symbolic link to /dev/zero found by a folder scan: one line, exit 2, the rest linted', () => {
    const cwd = makeTree({'good.md': good})
    symlinkSync('/dev/zero', join(cwd, 'zero.md'))
    const result = runCli(['.', '-f', 'json'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^docgap: zero\.md: cannot read file: not a regular file \(a character device\)/m)
    expect(result.stderr).not.toMatch(stackTrace)
    expectGoodLinted(result.stdout)
  })

  // The one-file no-template-residue check once read the named page with readFileSync: a hang.
  it('/dev/zero named on the command line', () => {
    const cwd = makeTree({'good.md': good})
    const result = runCli(['good.md', '/dev/zero', '-f', 'json'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('/dev/zero: cannot read file: not a regular file (a character device)')
    expectGoodLinted(result.stdout)
  })

  it('a named FIFO with no writer does not block', () => {
    const cwd = makeTree({'good.md': good})
    expect(spawnSync('mkfifo', [join(cwd, 'pipe.md')]).status).toBe(0)
    const result = runCli(['good.md', 'pipe.md', '-f', 'json'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('pipe.md: cannot read file: not a regular file (a FIFO)')
    expectGoodLinted(result.stdout)
  })

  it('a variables file that is a FIFO or /dev/zero: a configuration error, not a hang', () => {
    const cwd = makeTree({'good.md': good, '.docgaprc.json': JSON.stringify({variables: {site: './site.yml'}})})
    expect(spawnSync('mkfifo', [join(cwd, 'site.yml')]).status).toBe(0)
    const result = runCli(['good.md'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/site\.yml: cannot read file: not a regular file \(a FIFO\)/)
  })

  it('a baseline named /dev/zero: one line, exit 2', () => {
    const cwd = makeTree({'good.md': good})
    const result = runCli(['good.md', '--baseline', '/dev/zero'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('/dev/zero: cannot read baseline: not a regular file')
  })
})

describe('standard input gets the checks a file gets', () => {
  it('3 MB of random bytes: too large, not linted as Markdown', () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024)
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2654435761) >>> 24
    const result = spawnSync(process.execPath, [cliPath, '--stdin', '-f', 'json'], {
      input: bytes,
      encoding: 'utf8',
      timeout: 20_000,
    })
    const [file] = parseJsonReport(result.stdout)
    expect(file!.messages).toEqual([
      expect.objectContaining({
        ruleId: 'file-error',
        message: expect.stringContaining('larger than the limit of 2 MB'),
      }),
    ])
    expect(result.status).toBe(1)
  })

  it('binary bytes within the limit: a binary-data finding', () => {
    const result = spawnSync(process.execPath, [cliPath, '--stdin', '-f', 'json'], {
      input: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
      encoding: 'utf8',
    })
    expect(parseJsonReport(result.stdout)[0]!.messages).toEqual([
      expect.objectContaining({ruleId: 'file-error', message: expect.stringContaining('binary data')}),
    ])
  })

  it('--stdin < /dev/zero stops at the size limit', () => {
    const zero = openSync('/dev/zero', 'r')
    try {
      const result = spawnSync(process.execPath, [cliPath, '--stdin', '-f', 'json', '--max-file-size', '1mb'], {
        stdio: [zero, 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect(result.error).toBeUndefined()
      expect(parseJsonReport(result.stdout)[0]!.messages).toEqual([
        expect.objectContaining({message: expect.stringContaining('larger than the limit of 1 MB')}),
      ])
    } finally {
      closeSync(zero)
    }
  })

  it('text in the limit is linted as before', () => {
    const result = runCli(['--stdin', '-f', 'json'], {input: good})
    expect(parseJsonReport(result.stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(['no-empty-list-items'])
  })
})

describe('pages whose parse would cost more than their size', () => {
  /** Lints `content` as bad.md beside good.md: bad.md gets exactly one file-error matching `reason`. */
  function expectFileError(content: string, reason: RegExp) {
    const cwd = makeTree({'good.md': good, 'bad.md': content})
    const result = runCli(['.', '-f', 'json'], {cwd})
    expect(result.stderr).not.toMatch(stackTrace)
    expect(result.code).toBe(1)
    expectGoodLinted(result.stdout)
    const bad = parseJsonReport(result.stdout).find((file) => file.filePath === 'bad.md')
    expect(bad!.messages).toEqual([
      expect.objectContaining({ruleId: 'file-error', severity: 2, message: expect.stringMatching(reason)}),
    ])
  }

  it('a 2 MB table of 20,000 columns', () => {
    const row = `|${'a|'.repeat(20_000)}\n`
    expectFileError(
      `# T\n\n${row}|${'-|'.repeat(20_000)}\n${row.repeat(40)}`,
      /tables have [\d,]+ cells, more than the limit of 20,000/,
    )
  })

  it('a 1 MB table of a few columns', () => {
    const row = '| one | two | three | four | five | six | seven | eight |\n'
    const head = '| a | b | c | d | e | f | g | h |\n| - | - | - | - | - | - | - | - |\n'
    expectFileError(`# T\n\n${head}${row.repeat(1_000_000 / row.length)}`, /tables have [\d,]+ cells/)
  })

  it('2 MB of block quotes 99 deep', () => {
    expectFileError(
      `${'>'.repeat(99)} x\n`.repeat(18_000),
      /list or block quote levels deep in all, more than the limit of 100,000/,
    )
  })

  it('emphasis 10,000 deep', () => {
    expectFileError(
      `# E\n\n${'*'.repeat(10_000)}x${'*'.repeat(10_000)}\n`,
      /10,000 emphasis markers in a row, more than the limit of 100/,
    )
  })

  // Many short runs, each closed in turn: micromark pairs each closer with every opener still open.
  const deep = 10_000
  const nestedShapes: Record<string, string> = {
    'emphasis of short `*` runs': `${'*a '.repeat(deep)}x${' b*'.repeat(deep)}`,
    'strong emphasis of short `**` runs': `${'**a '.repeat(deep)}x${' b**'.repeat(deep)}`,
    'emphasis of short `_` runs': `${'_a '.repeat(deep)}x${' b_'.repeat(deep)}`,
    'mixed `*` and `_` runs': `${'*a _b '.repeat(deep / 2)}x${' c_ d*'.repeat(deep / 2)}`,
    'links nested in emphasis': `${'*[a '.repeat(deep)}${'](u)* '.repeat(deep)}`,
    'emphasis over many lines of one paragraph, in a list item': `- ${'*a\n  '.repeat(deep)}x${'\n  b*'.repeat(deep)}`,
  }
  for (const [shape, paragraph] of Object.entries(nestedShapes)) {
    it(`emphasis and links 10,000 deep: ${shape}`, () => {
      expectFileError(
        `# E\n\n${paragraph}\n`,
        /emphasis and links nest [\d,]+ deep in one paragraph, more than the limit of 100/,
      )
    })
  }

  it('10,000 openers that nothing closes, or nesting split by blank lines, are linted as text', () => {
    const cwd = makeTree({
      'good.md': good,
      'open.md': `# O\n\n${'*a **b _c '.repeat(deep / 2)}\n\n${'*a\n\n'.repeat(2_000)}${'b*\n\n'.repeat(2_000)}`,
      'code.md': `# C\n\n\`\`\`\n${'['.repeat(deep)}${']'.repeat(deep)}\n\`\`\`\n\nSee \`${'*a '.repeat(500)}${' b*'.repeat(500)}\`.\n`,
    })
    const result = runCli(['.', '-f', 'json'], {cwd})
    expect(result.stderr).not.toMatch(stackTrace)
    expect(result.code).toBe(1)
    expectGoodLinted(result.stdout)
    const ruleIds = parseJsonReport(result.stdout).flatMap((file) => file.messages.map((m) => m.ruleId))
    expect(ruleIds).not.toContain('file-error')
    expect(ruleIds).not.toContain('rule-error')
    expect(ruleIds).not.toContain('parse-error')
  })

  it('the largest real tables, lists and thematic breaks are linted as before', () => {
    const table = `| a | b |\n| - | - |\n${'| x | y |\n'.repeat(300)}`
    const list = `${'- item\n  - nested\n    > quoted\n'.repeat(300)}`
    const cwd = makeTree({'good.md': `${good}\n${table}\n${list}\n${'*'.repeat(200)}\n\n${'_'.repeat(120)}\n`})
    const result = runCli(['good.md', '-f', 'json'], {cwd})
    expect(result.stderr).toBe('')
    expect(parseJsonReport(result.stdout)[0]!.messages.map((m) => m.ruleId)).not.toContain('file-error')
  })
})

describe('an unclosed inline {% raw %}', () => {
  const shapes: Record<string, string> = {
    'in a paragraph': 'Set it with {% raw %} and {{ x }} after.\n\nNext paragraph.\n',
    'in a list item': '- one {% raw %} open\n- two {{ y }}\n',
    'in a table cell': '| a | b |\n| - | - |\n| {% raw %} x | {{ z }} |\n',
    'in a heading': '## Heading {% raw %}\n\nText.\n',
    '10,000 of them on one line': `${'{% raw %} x '.repeat(10_000)}\n`,
    '5,000 of them, a paragraph each': `${'Para {% raw %} x\n\n'.repeat(5_000)}`,
    'nested 10,000 deep, half closed': `${'{% raw %}'.repeat(10_000)} x ${'{% endraw %}'.repeat(5_000)}\n`,
    'with mismatched {% endraw %}': `${'{% raw %} a {% endraw %} {% endraw %} {% raw %} '.repeat(3_000)}\n`,
  }
  for (const [shape, text] of Object.entries(shapes)) {
    it(`${shape}: ordinary findings, no stack overflow`, () => {
      const cwd = makeTree({'good.md': good, 'raw.md': `# Raw\n\n${text}`, '_config.yml': 'title: t\n'})
      const result = runCli(['.', '-f', 'json'], {cwd})
      expect(result.stderr).not.toMatch(stackTrace)
      expect(result.code).toBe(1)
      expectGoodLinted(result.stdout)
      const raw = parseJsonReport(result.stdout).find((file) => file.filePath === 'raw.md')!
      expect(raw.messages.map((m) => m.ruleId)).not.toContain('rule-error')
      expect(raw.messages.map((m) => m.ruleId)).not.toContain('parse-error')
      expect(raw.messages.map((m) => m.ruleId)).not.toContain('file-error')
    })
  }
})

describe('configuration graphs', () => {
  it('extends reaching one file by many paths (a diamond chain 18 levels deep) is resolved once per file', () => {
    const files: Record<string, string> = {'good.md': good}
    const depth = 18
    for (let level = 0; level < depth; level++) {
      files[`c/l${level}.json`] = JSON.stringify({extends: [`./a${level}.json`, `./b${level}.json`]})
      const next = level + 1 < depth ? {extends: `./l${level + 1}.json`} : {rules: {'no-empty-list-items': 'warn'}}
      files[`c/a${level}.json`] = JSON.stringify(next)
      files[`c/b${level}.json`] = JSON.stringify(next)
    }
    files['.docgaprc.json'] = JSON.stringify({extends: './c/l0.json'})
    const cwd = makeTree(files)
    const result = runCli(['good.md', '-f', 'json'], {cwd})
    expect(result.stderr).toBe('')
    expect(parseJsonReport(result.stdout)[0]!.messages.map((m) => `${m.ruleId}:${m.severity}`)).toEqual([
      'no-empty-list-items:1',
    ])
    expect(result.code).toBe(0)
  })

  it('a file extended twice counts where it is last extended, as when it was applied twice', () => {
    const cwd = makeTree({
      'good.md': good,
      'base.json': JSON.stringify({rules: {'no-empty-list-items': 'warn'}}),
      'strict.json': JSON.stringify({extends: './base.json', rules: {'no-empty-list-items': 'error'}}),
      '.docgaprc.json': JSON.stringify({extends: ['./strict.json', './base.json']}),
    })
    const result = runCli(['good.md', '-f', 'json'], {cwd})
    expect(parseJsonReport(result.stdout)[0]!.messages.map((m) => `${m.ruleId}:${m.severity}`)).toEqual([
      'no-empty-list-items:1',
    ])
  })
})

describe('variables files stay in the project', () => {
  const page = '# Page\n\nVersion {{ site.version }}.\n'

  it.each(['../secret/creds.yml', '/etc/passwd'])('%s is refused with one line naming the key', (source) => {
    const cwd = makeTree({
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/docs/page.md': page,
      'repo/.docgaprc.json': JSON.stringify({variables: {site: source}}),
      'secret/creds.yml': 'token: ghp-abc\n',
    })
    const result = runCli(['docs'], {cwd: join(cwd, 'repo')})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `docgap: .docgaprc.json: variables.site: \`${source}\` is outside the repository; set "allowOutsideVariables": true in the config file to read variables from it\n`,
    )
  })

  it('a symbolic link inside the repository to a file outside is refused too', () => {
    const cwd = makeTree({
      'repo/.git/HEAD': '',
      'repo/docs/page.md': page,
      'repo/.docgaprc.json': JSON.stringify({variables: {site: './site.yml'}}),
      'secret/creds.yml': 'version: 1\n',
    })
    symlinkSync(join(cwd, 'secret/creds.yml'), join(cwd, 'repo/site.yml'))
    const result = runCli(['docs'], {cwd: join(cwd, 'repo')})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is outside the repository')
  })

  it("never prints a variable's value in a suggestion", () => {
    const cwd = makeTree({
      'docs/page.md':
        '# Page\n\n## {{ site.token }}\n\n## Install\n\nSee [the token](#ghp-abcdef12) and [install](#instal).\n',
      '.docgaprc.json': JSON.stringify({variables: {site: {token: 'ghp-abcdef123'}}}),
    })
    const result = runCli(['docs', '-f', 'compact'], {cwd})
    expect(result.stdout).toContain(
      'missing anchor `#ghp-abcdef12`, expected a heading or id on this page [no-broken-anchors]',
    )
    expect(result.stdout).toContain('(did you mean `#install`?)')
    expect(result.stdout).not.toContain('ghp-abcdef123')
  })

  it('allowOutsideVariables: true reads it; files in the repository need nothing', () => {
    const cwd = makeTree({
      'repo/.git/HEAD': '',
      'repo/docs/page.md': page,
      'shared/site.yml': 'version: 2\n',
      'repo/_config.yml': 'version: 3\n',
    })
    writeFileSync(
      join(cwd, 'repo/.docgaprc.json'),
      JSON.stringify({allowOutsideVariables: true, variables: {site: '../shared/site.yml'}}),
    )
    expect(runCli(['docs'], {cwd: join(cwd, 'repo')})).toMatchObject({code: 0, stderr: ''})
    writeFileSync(join(cwd, 'repo/.docgaprc.json'), JSON.stringify({variables: {site: './_config.yml'}}))
    expect(runCli(['docs'], {cwd: join(cwd, 'repo')})).toMatchObject({code: 0, stderr: ''})
    writeFileSync(join(cwd, 'repo/.docgaprc.json'), JSON.stringify({allowOutsideVariables: 'yes'}))
    expect(runCli(['docs'], {cwd: join(cwd, 'repo')}).stderr).toContain('allowOutsideVariables: expected true or false')
  })
})
