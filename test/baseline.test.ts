/** Baselines: recorded findings keyed by file, rule and fingerprint, never by line number. */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {afterAll, describe, expect, it} from 'vitest'
import {
  applyBaseline,
  createBaseline,
  fingerprintFindings,
  pruneBaseline,
  readBaseline,
  serializeBaseline,
  type Baseline,
} from '../src/baseline.js'
import {DocgapError} from '../src/errors.js'
import {lintFile} from '../src/lint.js'
import {createParser} from '../src/parse.js'
import {wordRule} from './harness.js'

const parse = createParser()

const rules = [wordRule('alpha-rule', 'TODO'), wordRule('beta-rule', 'TBD')]
const base = join(tmpdir(), 'docgap-baseline-project')

function lint(markdown: string, path = 'docs/page.md'): VFile {
  const file = new VFile({path, cwd: base, value: markdown})
  return lintFile(file, {rules: rules.map((rule) => ({rule, severity: 'error', options: undefined})), parse})
}

const page = ['# Install', '', 'Run the installer. TODO: screenshots.', '', 'Configure the proxy. TBD', ''].join('\n')

describe('fingerprintFindings', () => {
  it('one short hex fingerprint per message, in order', () => {
    const file = lint(page)
    const fingerprints = fingerprintFindings(file)
    expect(file.messages.map((message) => message.ruleId)).toEqual(['alpha-rule', 'beta-rule'])
    expect(fingerprints).toHaveLength(2)
    for (const fingerprint of fingerprints) expect(fingerprint).toMatch(/^[0-9a-f]{16}$/)
    expect(new Set(fingerprints).size).toBe(2)
  })

  it('survive lines inserted above and other paragraphs edited', () => {
    const before = fingerprintFindings(lint(page))
    const moved = [
      '---',
      'title: Install',
      '---',
      '',
      '# Install',
      '',
      'A new introduction.',
      '',
      'Run the installer. TODO: screenshots.',
      '',
      'Configure the proxy. TBD',
      '',
      'More text.',
      '',
    ].join('\n')
    const file = lint(moved)
    expect(file.messages.map((message) => message.line)).toEqual([9, 11])
    expect(fingerprintFindings(file)).toEqual(before)
    // Whitespace inside the line is not an edit, nor are CRLF line endings.
    expect(fingerprintFindings(lint(page.replace('installer. TODO', 'installer.   TODO')))).toEqual(before)
    expect(fingerprintFindings(lint(page.replace(/\n/g, '\r\n')))).toEqual(before)
  })

  it('change when the offending line changes', () => {
    const [alpha, beta] = fingerprintFindings(lint(page))
    const [alpha2, beta2] = fingerprintFindings(lint(page.replace('screenshots', 'diagrams')))
    expect(alpha2).not.toBe(alpha)
    expect(beta2).toBe(beta)
  })

  it('tell repeated identical findings apart by occurrence', () => {
    const file = lint('TODO\n\nTODO\n\nTODO\n')
    const fingerprints = fingerprintFindings(file)
    expect(new Set(fingerprints).size).toBe(3)
    // The first two stay the first two when the third goes.
    expect(fingerprintFindings(lint('TODO\n\nTODO\n'))).toEqual(fingerprints.slice(0, 2))
  })

  it('use the whole line when a message has no span', () => {
    const file = new VFile({path: 'a.md', value: 'one\ntwo three\n'})
    file.message('point only', {place: {line: 2, column: 5}, ruleId: 'x'})
    file.message('nowhere', {ruleId: 'x'})
    const other = new VFile({path: 'a.md', value: 'zero\none\ntwo three\n'})
    other.message('point only', {place: {line: 3, column: 1}, ruleId: 'x'})
    expect(fingerprintFindings(file)).toHaveLength(2)
    expect(fingerprintFindings(other)[0]).toBe(fingerprintFindings(file)[0])
  })
})

describe('createBaseline and serializeBaseline', () => {
  it('stable, sorted JSON with paths relative to the baseline folder', () => {
    const files = [
      lint('TBD and TODO\n', 'docs/z.md'),
      lint(page, 'docs/a.md'),
      lint('Nothing to do.\n', 'docs/clean.md'),
      lint('TODO TODO\n', join(base, 'README.md')),
    ]
    const baseline = createBaseline(files, base)
    expect(Object.keys(baseline.files)).toEqual(['README.md', 'docs/a.md', 'docs/z.md'])
    expect(baseline.version).toBe(1)
    for (const entries of Object.values(baseline.files)) {
      const keys = entries.map((entry) => `${entry.rule} ${entry.fingerprint}`)
      expect(keys).toEqual([...keys].sort())
    }
    expect(baseline.files['docs/z.md']!.map((entry) => [entry.rule, entry.message])).toEqual([
      ['alpha-rule', 'Unexpected `TODO`'],
      ['beta-rule', 'Unexpected `TBD`'],
    ])
    const text = serializeBaseline(baseline)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain(
      '\n  "files": {\n    "README.md": [\n      {\n        "rule": "alpha-rule",\n        "fingerprint": "',
    )
    // The same findings in another order make the same file.
    expect(serializeBaseline(createBaseline([...files].reverse(), base))).toBe(text)
    // Relative to another folder.
    expect(Object.keys(createBaseline(files, join(base, 'docs')).files)).toEqual(['../README.md', 'a.md', 'z.md'])
  })
})

describe('readBaseline', () => {
  const folder = mkdtempSync(join(tmpdir(), 'docgap-baseline-'))
  afterAll(() => rmSync(folder, {recursive: true, force: true}))

  it('round-trips what serializeBaseline wrote, and never modifies the file', async () => {
    const baseline = createBaseline([lint(page, 'docs/a.md'), lint('TODO\n', 'b.md')], base)
    const path = join(folder, 'baseline.json')
    writeFileSync(path, serializeBaseline(baseline))
    const read = await readBaseline(path, 'baseline.json')
    expect(read).toEqual(baseline)
    expect(serializeBaseline(read)).toBe(readFileSync(path, 'utf8'))
  })

  it('a missing, non-JSON or wrong-shape file is a DocgapError naming the file', async () => {
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /^base\.json: cannot read baseline: no such file or directory$/],
      ['{"version": 1, "files": {', /^base\.json: invalid baseline: not JSON/],
      ['[]', /^base\.json: invalid baseline: expected an object/],
      ['{"version": 2, "files": {}}', /^base\.json: invalid baseline: version: expected 1, got 2$/],
      ['{"version": 1}', /^base\.json: invalid baseline: files: expected an object/],
      [
        '{"version": 1, "files": {"a.md": {}}}',
        /^base\.json: invalid baseline: files\["a\.md"\]: expected a list of findings$/,
      ],
      [
        '{"version": 1, "files": {"a.md": [{"rule": "x"}]}}',
        /^base\.json: invalid baseline: files\["a\.md"\]\[0\]\.fingerprint: expected a string$/,
      ],
      [
        '{"version": 1, "files": {"a.md": [{"rule": 3, "fingerprint": "f"}]}}',
        /^base\.json: invalid baseline: files\["a\.md"\]\[0\]\.rule: expected a rule id$/,
      ],
    ]
    for (const [index, [content, expected]] of cases.entries()) {
      const path = join(folder, `case-${index}.json`)
      if (content !== undefined) writeFileSync(path, content)
      const error = await readBaseline(path, 'base.json').catch((error: unknown) => error)
      expect(error, content).toBeInstanceOf(DocgapError)
      expect((error as DocgapError).exitCode).toBe(2)
      expect((error as DocgapError).message).toMatch(expected)
      expect((error as DocgapError).message).not.toContain('\n')
      if (content !== undefined) expect(readFileSync(path, 'utf8')).toBe(content)
    }
    const error = await readBaseline(folder, 'folder').catch((error: unknown) => error)
    expect((error as DocgapError).message).toBe('folder: cannot read baseline: is a directory')
  })
})

describe('applyBaseline and pruneBaseline', () => {
  it('reports only new findings after unrelated edits, counting repeats', () => {
    const baseline = createBaseline([lint(page, 'docs/a.md'), lint('TODO\n\nTODO\n', 'docs/b.md')], base)
    const a = lint(`Intro.\n\n${page}\nNew paragraph. TODO\n`, 'docs/a.md')
    const b = lint('TODO\n\nTODO\n\nTODO\n', 'docs/b.md')
    const result = applyBaseline([a, b], baseline, base)
    expect(result).toEqual({suppressed: 4, fixed: []})
    expect(a.messages.map((message) => `${message.line}:${message.ruleId}`)).toEqual(['9:alpha-rule'])
    expect(b.messages.map((message) => `${message.line}:${message.ruleId}`)).toEqual(['5:alpha-rule'])
  })

  it('returns entries that no longer occur as fixed, and prune drops them', () => {
    const baseline = createBaseline(
      [lint(page, 'docs/a.md'), lint('TODO\n\nTODO\n', 'docs/b.md'), lint('TBD\n', 'docs/not-linted.md')],
      base,
    )
    const a = lint(page.replace('TODO: screenshots.', 'See the screenshots.'), 'docs/a.md')
    const b = lint('TODO\n', 'docs/b.md')
    const {suppressed, fixed} = applyBaseline([a, b], baseline, base)
    expect(suppressed).toBe(2)
    expect(a.messages).toEqual([])
    expect(b.messages).toEqual([])
    // docs/not-linted.md was not linted in this run (and does not exist): deleted files' entries are fixed too.
    expect(fixed.map(({path, rule, message}) => ({path, rule, message}))).toEqual([
      {path: 'docs/a.md', rule: 'alpha-rule', message: 'Unexpected `TODO`'},
      {path: 'docs/b.md', rule: 'alpha-rule', message: 'Unexpected `TODO`'},
      {path: 'docs/not-linted.md', rule: 'beta-rule', message: 'Unexpected `TBD`'},
    ])
    const pruned = pruneBaseline(baseline, fixed)
    expect(pruned.files).toEqual({
      'docs/a.md': baseline.files['docs/a.md']!.filter((entry) => entry.rule === 'beta-rule'),
      // The first of the two identical findings remains.
      'docs/b.md': baseline.files['docs/b.md']!.filter(
        (entry) => entry.fingerprint === fingerprintFindings(lint('TODO\n'))[0],
      ),
    })
    // Applying the pruned baseline again: everything suppressed, nothing fixed.
    const again = [
      lint(page.replace('TODO: screenshots.', 'See the screenshots.'), 'docs/a.md'),
      lint('TODO\n', 'docs/b.md'),
    ]
    expect(applyBaseline(again, pruned, base)).toEqual({suppressed: 2, fixed: []})
  })

  it('keeps entries of existing files left out of the run, and of rules that did not run', () => {
    const folder = mkdtempSync(join(tmpdir(), 'docgap-baseline-'))
    try {
      writeFileSync(join(folder, 'other.md'), 'TBD\n')
      const other = new VFile({path: 'other.md', cwd: folder, value: 'TBD\n'})
      const baseline = createBaseline(
        [
          lintFile(other, {rules: rules.map((rule) => ({rule, severity: 'error', options: undefined})), parse}),
          lint('TODO TBD\n', join(folder, 'a.md')),
        ],
        folder,
      )
      const onlyAlpha = new VFile({path: join(folder, 'a.md'), value: 'nothing\n'})
      const {fixed} = applyBaseline([onlyAlpha], baseline, folder, {rules: ['alpha-rule']})
      expect(fixed.map(({path, rule}) => `${path} ${rule}`)).toEqual(['a.md alpha-rule'])
    } finally {
      rmSync(folder, {recursive: true, force: true})
    }
  })

  it('matches a baseline read back from disk', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'docgap-baseline-'))
    try {
      const path = join(folder, 'docgap-baseline.json')
      const original = lint(page, join(folder, 'docs', 'a.md'))
      writeFileSync(path, serializeBaseline(createBaseline([original], folder)))
      const baseline: Baseline = await readBaseline(path, 'docgap-baseline.json')
      const edited = lint(`# Preface\n\n${page}`, join(folder, 'docs', 'a.md'))
      expect(applyBaseline([edited], baseline, folder)).toEqual({suppressed: 2, fixed: []})
      expect(edited.messages).toEqual([])
    } finally {
      rmSync(folder, {recursive: true, force: true})
    }
  })
})
