import {cpSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import noBrokenAnchors from '../rules/no-broken-anchors.js'
import noEmptyListItems from '../rules/no-empty-list-items.js'
import noUnresolvedVariables from '../rules/no-unresolved-variables.js'
import {applyFixes, fixPage} from '../src/fix.js'
import {lintFile} from '../src/lint.js'
import {toPlainMessages} from '../src/messages.js'
import {createParser} from '../src/parse.js'
import {docsUrl, report, type Rule} from '../src/rule.js'
import {makeTree, parseJsonReport, repoRoot, runCli} from './cli-helpers.js'
import {stripMarkers} from './harness.js'

const parse = createParser()

/** Lints with the given rules, then fixes until stable; returns the fixed text and what remains. */
function fix(text: string, rules: Rule<any>[], variables: Record<string, unknown> = {}) {
  const lintText = (value: string) => {
    const file = new VFile({path: 'page.md', value})
    lintFile(file, {
      rules: rules.map((rule) => ({rule, severity: 'error', options: rule.parseOptions?.(undefined)})),
      parse,
      variables,
    })
    return toPlainMessages(file)
  }
  const first = lintText(text)
  const result = fixPage(text, first, lintText)
  return {...result, first}
}

describe('applyFixes', () => {
  it('applies fixes in order and skips one that overlaps or touches an earlier one', () => {
    const fixes = [
      {range: [6, 11] as [number, number], text: 'there'},
      {range: [0, 5] as [number, number], text: 'Hi'},
      {range: [8, 9] as [number, number], text: 'X'},
      {range: [11, 11] as [number, number], text: '!'},
    ]
    expect(applyFixes('hello world', fixes)).toEqual({text: 'Hi there', applied: 2})
  })

  it('ignores malformed fixes and fixes past the end', () => {
    expect(applyFixes('abc', [{range: [2, 1], text: 'x'} as never, {range: [1, 9], text: 'y'}])).toEqual({
      text: 'abc',
      applied: 0,
    })
  })
})

describe('the engine keeps only safe fixes of rules that declare them', () => {
  const replaceWord = (word: string, fixable: boolean): Rule<undefined> => {
    const meta = {id: 'fake', description: 'Fake.', recommended: true, url: docsUrl('fake'), fixable}
    return {
      meta,
      check(_tree, file) {
        const text = String(file.value)
        for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
          const message = report(file, meta, 'Unexpected word', {
            start: {line: 1, column: 1},
            end: {line: 1, column: 2},
          })
          message.fix = {range: [at, at + word.length], text: 'DONE'}
        }
      },
    }
  }

  it('drops fixes inside code, front matter and template syntax, and keeps the others', () => {
    const text = '---\ntitle: TODO\n---\n\nTODO and `TODO`.\n\n```\nTODO\n```\n\n{% if TODO %}x{% endif %} {{ TODO }}\n'
    const {value} = fix(text, [replaceWord('TODO', true)])
    expect(value).toBe(
      '---\ntitle: TODO\n---\n\nDONE and `TODO`.\n\n```\nTODO\n```\n\n{% if TODO %}x{% endif %} {{ DONE }}\n',
    )
  })

  it('drops the fixes of a rule without meta.fixable', () => {
    expect(fix('TODO\n', [replaceWord('TODO', false)]).first[0]?.fix).toBeUndefined()
  })

  it('stops after ten passes when fixes keep producing fixes', () => {
    const meta = {id: 'grow', description: 'Grow.', recommended: true, url: docsUrl('grow'), fixable: true}
    const grow: Rule<undefined> = {
      meta,
      check(_tree, file) {
        const message = report(file, meta, 'Unexpected', {start: {line: 1, column: 1}, end: {line: 1, column: 2}})
        message.fix = {range: [0, 0], text: 'a'}
      },
    }
    expect(fix('x\n', [grow]).value).toBe('aaaaaaaaaax\n')
  })
})

describe('no-empty-list-items fixes', () => {
  it('removes an empty item between items, and one at the end of the page', () => {
    expect(fix('- one\n-\n- three\n\n1. a\n2.\n3. c\n4.', [noEmptyListItems]).value).toBe(
      '- one\n- three\n\n1. a\n3. c',
    )
  })

  it('leaves items whose removal would change the page: a numbered list start, text after, a container prefix', () => {
    for (const text of ['1.\n2. two\n', '- a\n- <!-- ask -->\n', '- one\n-\nlazy text\n', '> - one\n> -\n', '- - \n']) {
      const {first, value} = fix(text, [noEmptyListItems])
      expect(first.length, text).toBeGreaterThan(0)
      expect(value, text).toBe(text)
    }
  })
})

describe('no-unresolved-variables fixes', () => {
  const variables = {site: {product_name: 'Kuma', version: '2', links: {docs: 'x'}}}

  it('replaces a name with the one close defined name, inside the expression only', () => {
    const {value, messages} = fix(
      'Use {{ site.prodct_name | upcase }} and [docs]({{site.links.dcs}}).\n',
      [noUnresolvedVariables],
      variables,
    )
    expect(value).toBe('Use {{ site.product_name | upcase }} and [docs]({{site.links.docs}}).\n')
    expect(messages).toEqual([])
  })

  it('makes no fix when two defined names are as close', () => {
    const {first, value} = fix('{{ site.nam }}\n', [noUnresolvedVariables], {site: {name: 1, nap: 2}})
    expect(first).toHaveLength(1)
    expect(value).toBe('{{ site.nam }}\n')
  })

  it('never touches code', () => {
    const text = '`{{ site.prodct_name }}`\n\n```\n{{ site.prodct_name }}\n```\n'
    expect(fix(text, [noUnresolvedVariables], variables).value).toBe(text)
  })
})

describe('no-broken-anchors fixes', () => {
  it('points a same-page link at the id that differs only in case or punctuation', () => {
    const {value, messages} = fix(
      '# Install Steps\n\n[a](#Install_Steps "t") [b](#install-step)\n\n[c]: #INSTALL-STEPS\n',
      [noBrokenAnchors],
    )
    expect(value).toBe('# Install Steps\n\n[a](#install-steps "t") [b](#install-step)\n\n[c]: #install-steps\n')
    expect(messages.map((message) => message.fix)).toEqual([undefined])
  })

  it('makes no fix when two ids match loosely', () => {
    const text = '# A-B\n\n# AB\n\n[x](#a_b_)\n'
    const {first, value} = fix(text, [noBrokenAnchors])
    expect(first).toHaveLength(1)
    expect(value).toBe(text)
  })
})

describe('--fix and --fix-dry-run', () => {
  const page = '# Steps\n\n- one\n-\n- three\n\nSee [steps](#STEPS) and {{ site.prodct }}.\n'
  const config = JSON.stringify({variables: {site: {product: 'Kuma'}}})

  it('--fix-dry-run prints a unified diff, writes nothing, and exits by what would remain', () => {
    const root = makeTree({'docs/a.md': page, 'docgap.config.json': config})
    const result = runCli(['--fix-dry-run', 'docs'], {cwd: root})
    expect(result.stdout).toContain('--- docs/a.md\n+++ docs/a.md\n')
    expect(result.stdout).toContain(
      '-See [steps](#STEPS) and {{ site.prodct }}.\n+See [steps](#steps) and {{ site.product }}.\n',
    )
    expect(result.stdout).toContain('-\n')
    expect(result.stderr).toContain('would apply 3 fixes in 1 file')
    expect(result.code).toBe(0)
    expect(readFileSync(join(root, 'docs/a.md'), 'utf8')).toBe(page)
  })

  it('--fix writes only the files that change; exit 1 while unfixable errors remain', () => {
    const root = makeTree({
      'a.md': page + '\n1.\n2. x\n',
      'clean.md': '# Clean\n\nText.\n',
      'docgap.config.json': config,
    })
    const before = statSync(join(root, 'clean.md')).mtimeMs
    const result = runCli(['--fix', '--format', 'json', '.'], {cwd: root})
    expect(result.code).toBe(1)
    expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(
      '# Steps\n\n- one\n- three\n\nSee [steps](#steps) and {{ site.product }}.\n\n1.\n2. x\n',
    )
    const report = parseJsonReport(result.stdout)
    expect(report.flatMap((file) => file.messages.map((message) => `${message.line}:${message.ruleId}`))).toEqual([
      '8:no-empty-list-items',
    ])
    expect(statSync(join(root, 'clean.md')).mtimeMs).toBe(before)
  })

  it('keeps a byte order mark and leaves UTF-16 files alone', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('- a\n-\n- b\n', 'utf16le')])
    const root = makeTree({'bom.md': '\uFEFF- a\n-\n- b\n'})
    writeFileSync(join(root, 'wide.md'), utf16)
    const result = runCli(['--fix', '.'], {cwd: root})
    expect(readFileSync(join(root, 'bom.md'), 'utf8')).toBe('\uFEFF- a\n- b\n')
    expect(readFileSync(join(root, 'wide.md'))).toEqual(utf16)
    expect(result.stderr).toContain('wide.md: not fixed, because it is UTF-16 text')
  })

  it('fixes survive worker threads and the cache', () => {
    const files: Record<string, string> = {'docgap.config.json': config}
    for (let index = 0; index < 12; index++) files[`p${index}.md`] = page
    const root = makeTree(files)
    const plain = runCli(['--fix-dry-run', '--concurrency', 'off', '.'], {cwd: root}).stdout
    expect(plain.match(/^\+\+\+ /gm)).toHaveLength(12)
    expect(runCli(['--fix-dry-run', '--concurrency', '2', '.'], {cwd: root}).stdout).toBe(plain)
    expect(runCli(['--fix-dry-run', '--cache', '.'], {cwd: root}).stdout).toBe(plain)
    // The second run takes every page's findings, fixes included, from the cache.
    expect(runCli(['--fix-dry-run', '--cache', '.'], {cwd: root}).stdout).toBe(plain)
    runCli(['--fix', '--cache', '.'], {cwd: root})
    expect(runCli(['--fix-dry-run', '--cache', '.'], {cwd: root}).stdout).not.toContain('+++')
  })

  it('refuses --fix with --stdin and with --fix-dry-run', () => {
    expect(runCli(['--fix', '--stdin'], {input: page}).stderr).toContain('--fix: not with --stdin')
    expect(runCli(['--fix', '--fix-dry-run']).stderr).toContain('--fix and --fix-dry-run: choose one')
    const dry = runCli(['--fix-dry-run', '--stdin', '--stdin-filename', 'x.md'], {
      input: '- a\n-\n- b\n',
      cwd: makeTree({}),
    })
    expect(dry.stdout).toContain('-\n')
    expect(dry.code).toBe(0)
  })

  it('on a copy of the fixtures: every fix applies, a second --fix changes nothing', () => {
    const root = makeTree({})
    cpSync(join(repoRoot, 'fixtures', 'rules'), root, {recursive: true})
    // Each fixture's variables and options, as the rule tests give them, through overrides.
    const overrides: unknown[] = []
    const pages: string[] = []
    const walk = (folder: string): void => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (name.endsWith('.md')) {
          pages.push(path)
          writeFileSync(path, stripMarkers(readFileSync(path, 'utf8')).text)
          const settings = join(folder, name.replace(/\.md$/, '.json'))
          try {
            const {variables} = JSON.parse(readFileSync(settings, 'utf8')) as {variables?: unknown}
            if (variables) overrides.push({files: [relative(root, path)], variables})
          } catch {
            // No settings for this fixture.
          }
        }
      }
    }
    walk(root)
    writeFileSync(join(root, 'docgap.config.json'), JSON.stringify({overrides}))
    const read = () => pages.map((path) => readFileSync(path, 'utf8'))
    const original = read()
    const first = runCli(['--fix', '--format', 'json', '.'], {cwd: root})
    expect(first.stderr).toMatch(/applied \d+ fixes in \d+ files/)
    const fixed = read()
    expect(fixed).not.toEqual(original)
    const second = runCli(['--fix', '--format', 'json', '.'], {cwd: root})
    expect(second.stderr).not.toContain('applied')
    expect(read()).toEqual(fixed)
    expect(second.stdout).toBe(first.stdout)
  })
})
