/** The CI formats (sarif, github, junit) and --output-file. */
import {mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import Ajv from 'ajv-draft-04'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import github from '../src/formatters/github.js'
import junit from '../src/formatters/junit.js'
import {formatToString} from '../src/formatters/types.js'
import {makeTree, runCli} from './cli-helpers.js'

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'data', 'sarif-schema-2.1.0.json'), 'utf8'))
const validateSarif = new Ajv({allErrors: true, strict: false}).compile(schema)

const page = '# Guide\n\n- One.\n- \n\nFill in ___ here. <!-- TODO: ask -->\n'

/** A git repository (a `.git` folder is all docgap looks for) with docs in a subfolder. */
function repository(files: Record<string, string>): string {
  const root = makeTree(files)
  mkdirSync(join(root, '.git'))
  return root
}

describe('sarif', () => {
  it('is valid SARIF 2.1.0 with rules, levels, repository-relative URIs and regions', () => {
    const root = repository({'docs/my guide.md': page, 'docs/clean.md': '# Clean\n\nText.\n'})
    const result = runCli(['.', '-f', 'sarif', '--rule', 'no-placeholders=warn'], {cwd: join(root, 'docs')})
    expect(result.code).toBe(1)
    const log = JSON.parse(result.stdout)
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true)
    const run = log.runs[0]
    expect(run.tool.driver).toMatchObject({name: 'docgap', informationUri: expect.stringContaining('https://')})
    const ruleIds = run.tool.driver.rules.map((rule: {id: string}) => rule.id)
    expect(ruleIds).toContain('no-empty-list-items')
    expect(run.tool.driver.rules.find((rule: {id: string}) => rule.id === 'no-placeholders')).toMatchObject({
      shortDescription: {text: expect.any(String)},
      helpUri: expect.stringContaining('no-placeholders'),
      defaultConfiguration: {level: 'warning'},
    })
    const empty = run.results.find((r: {ruleId: string}) => r.ruleId === 'no-empty-list-items')
    expect(empty).toMatchObject({
      level: 'error',
      message: {text: 'Unexpected empty list item, expected content'},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri: 'docs/my%20guide.md', uriBaseId: '%SRCROOT%'},
            region: {startLine: 4, startColumn: 1, endLine: 4, endColumn: 3},
          },
        },
      ],
    })
    expect(ruleIds[empty.ruleIndex]).toBe('no-empty-list-items')
    const placeholder = run.results.find((r: {ruleId: string}) => r.ruleId === 'no-placeholders')
    expect(placeholder.level).toBe('warning')
  })

  it('keeps fingerprints when lines move, and tells repeated findings apart', () => {
    const fingerprints = (markdown: string) => {
      const root = repository({'a.md': markdown})
      const log = JSON.parse(runCli(['a.md', '-f', 'sarif'], {cwd: root}).stdout)
      return log.runs[0].results.map(
        (r: {partialFingerprints: Record<string, string>}) => r.partialFingerprints.primaryLocationLineHash,
      )
    }
    const before = fingerprints('# A\n\n- One.\n- \n\n- Two.\n- \n')
    const after = fingerprints('# A\n\nA new paragraph.\n\nAnd another.\n\n- One.\n- \n\n- Two.\n- \n')
    expect(before).toHaveLength(2)
    expect(new Set(before).size).toBe(2)
    expect(after).toEqual(before)
  })

  it('is valid with no findings', () => {
    const root = repository({'a.md': '# A\n\nText.\n'})
    const result = runCli(['a.md', '-f', 'sarif'], {cwd: root})
    expect(result.code).toBe(0)
    const log = JSON.parse(result.stdout)
    expect(validateSarif(log)).toBe(true)
    expect(log.runs[0].results).toEqual([])
  })
})

describe('github', () => {
  it('prints one workflow command per finding, warnings as ::warning', () => {
    const root = repository({'docs/a.md': page})
    const result = runCli(['a.md', '-f', 'github', '--rule', 'no-placeholders=warn'], {cwd: join(root, 'docs')})
    const lines = result.stdout.trim().split('\n')
    expect(lines).toContain(
      '::error file=docs/a.md,line=4,col=1,endLine=4,endColumn=3,title=docgap (no-empty-list-items)::Unexpected empty list item, expected content',
    )
    expect(lines.some((line) => line.startsWith('::warning file=docs/a.md,line=6,col=9,'))).toBe(true)
  })

  it('escapes %, CR and LF in messages and : and , in properties', () => {
    const file = new VFile({path: 'docs/a,b:c.md', value: 'x\n'})
    const message = file.message('100% done\r\nor not', {place: {line: 1, column: 1}, ruleId: 'some-rule'})
    message.fatal = true
    const output = formatToString(github, [file], {color: false, cwd: '/repo', root: '/repo', rules: [], version: '0'})
    expect(output).toBe(
      '::error file=docs/a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=1,title=docgap (some-rule)::100%25 done%0D%0Aor not\n',
    )
  })
})

describe('junit', () => {
  it('is well-formed XML: a suite per file, a failure per finding, a passing case for a clean file', () => {
    const cwd = makeTree({'a.md': page, 'b.md': '# B\n\nText.\n'})
    const result = runCli(['.', '-f', 'junit'], {cwd})
    expect(XMLValidator.validate(result.stdout)).toBe(true)
    const xml = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(result.stdout)
    const suites = xml.testsuites.testsuite
    expect(suites.map((suite: Record<string, string>) => suite['@_name'])).toEqual(['a.md', 'b.md'])
    const failing = suites[0].testcase
    expect(failing.length).toBeGreaterThan(1)
    expect(failing.every((test: {failure?: unknown}) => test.failure)).toBe(true)
    expect(suites[1].testcase).toHaveLength(1)
    expect(suites[1].testcase[0].failure).toBeUndefined()
  })

  it('escapes markup and drops characters XML cannot hold', () => {
    const file = new VFile({path: '<script>&.md', value: 'x\n'})
    file.message('Unexpected `<b>` & "quotes"\u0001', {place: {line: 1, column: 1}, ruleId: 'r'})
    const output = formatToString(junit, [file], {color: false, cwd: '/', root: '/', rules: [], version: '0'})
    expect(XMLValidator.validate(output)).toBe(true)
    expect(output).toContain('&lt;script&gt;&amp;.md')
    expect(output).not.toContain('\u0001')
  })
})

describe('--output-file', () => {
  it('writes the report atomically and still sets the exit code', () => {
    const cwd = makeTree({'a.md': page})
    const result = runCli(['a.md', '-f', 'json', '-o', 'out/../report.json'], {cwd})
    expect(result).toMatchObject({code: 1, stdout: ''})
    expect(JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'))[0].filePath).toBe('a.md')
    expect(readdirSync(cwd).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('exits 2 with one line when the file cannot be written', () => {
    const cwd = makeTree({'a.md': page})
    const result = runCli(['a.md', '-o', 'missing/dir/report.txt'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('docgap: missing/dir/report.txt: cannot write file: no such file or directory\n')
  })
})

describe('every formatter writes a file at a time', () => {
  // Output is made in chunks as it is written, never as one string: millions of findings in
  // `json` or `sarif` once ended in "Invalid string length" with nothing written.
  it('yields chunks whose concatenation is the whole, well-formed report', async () => {
    const {formatters} = await import('../src/formatters/index.js')
    const files = [0, 1, 2].map((n) => {
      const file = new VFile({path: `docs/page-${n}.md`, value: '# Page\n\n- \n'})
      if (n !== 1)
        file.message('Unexpected empty list item, expected content', {
          place: {line: 3, column: 1},
          ruleId: 'no-empty-list-items',
        }).fatal = true
      return file
    })
    const options = {color: false, cwd: '/repo', root: '/repo', rules: [], version: '0'}
    for (const [name, load] of Object.entries(formatters)) {
      const formatter = (await load()).default
      const chunks = [...formatter(files, options)]
      expect(chunks.length, name).toBeGreaterThan(1)
      const whole = chunks.join('')
      if (name === 'json') expect(JSON.parse(whole)).toHaveLength(3)
      if (name === 'sarif') expect(validateSarif(JSON.parse(whole)), name).toBe(true)
      if (name === 'junit') expect(XMLValidator.validate(whole)).toBe(true)
    }
  })
})
