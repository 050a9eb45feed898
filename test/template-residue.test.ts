/**
 * no-template-residue on whole trees, as users run it: templates found on disk (or named by the
 * `templates` key), boilerplate learned from the pages, one-file runs, `--print-config`, the
 * cache and worker threads. Each tree under fixtures/residue/ marks its expected findings
 * with `<!-- expect no-template-residue -->`; the markers are cut out of a copy before linting.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {isTemplatePath, mayComeFrom, templateScope, templatesRoot, walkFiles} from '../src/templates.js'
import {normalise, splitSentences} from '../src/template-residue.js'
import {parseJsonReport, repoRoot, runCli} from './cli-helpers.js'
import {stripMarkers} from './harness.js'

const id = 'no-template-residue'
const fixtures = join(repoRoot, 'fixtures', 'residue')
const copies: string[] = []

afterAll(() => {
  for (const copy of copies) rmSync(copy, {recursive: true, force: true})
})

function files(folder: string): string[] {
  return readdirSync(folder, {recursive: true, encoding: 'utf8'}).filter((path) =>
    statSync(join(folder, path)).isFile(),
  )
}

/** A copy of a fixture tree without its markers, and the findings the markers expect. */
function prepare(name: string): {cwd: string; expected: string[]} {
  const cwd = mkdtempSync(join(tmpdir(), `docgap-${name}-`))
  copies.push(cwd)
  cpSync(join(fixtures, name), cwd, {recursive: true})
  // Each tree stands for a repository: templates are looked for from its root.
  mkdirSync(join(cwd, '.git'))
  const expected: string[] = []
  for (const path of files(cwd)) {
    if (!path.endsWith('.md')) continue
    const {text, expected: lines} = stripMarkers(readFileSync(join(cwd, path), 'utf8'))
    writeFileSync(join(cwd, path), text)
    for (const line of lines) expected.push(`${path}:${line}`)
  }
  return {cwd, expected: expected.sort()}
}

function findings(stdout: string): string[] {
  return parseJsonReport(stdout)
    .flatMap((file) =>
      file.messages
        .filter((message) => message.ruleId === id)
        .map((message) => `${file.filePath}:${message.line}:${id}`),
    )
    .sort()
}

function relativeFindings(stdout: string, cwd: string): string[] {
  return findings(stdout).map((finding) => (finding.startsWith('/') ? relative(cwd, finding) : finding))
}

const trees = readdirSync(fixtures)

describe.each(trees)('fixture tree %s', (name) => {
  const {cwd, expected} = prepare(name)

  it('reports exactly the marked findings', () => {
    const result = runCli(['.', '-f', 'json', '--concurrency', 'off'], {cwd})
    expect(result.stderr).toBe('')
    expect(relativeFindings(result.stdout, cwd)).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
  })

  it('gives the same output on worker threads', () => {
    const single = runCli(['.', '-f', 'json', '--concurrency', 'off'], {cwd})
    const threaded = runCli(['.', '-f', 'json', '--concurrency', '3'], {cwd})
    expect(threaded.stdout).toBe(single.stdout)
  })

  it('reports the same findings when each page is linted alone', () => {
    const pages = [...new Set(expected.map((finding) => finding.split(':')[0]!))]
    for (const page of pages) {
      const result = runCli([page, '-f', 'json'], {cwd})
      expect(relativeFindings(result.stdout, cwd)).toEqual(expected.filter((finding) => finding.startsWith(`${page}:`)))
    }
  })
})

describe('proposals: boilerplate learned from the pages', () => {
  it('names the template, the chosen one and what was learned in --print-config', () => {
    const {cwd} = prepare('proposals')
    const result = runCli(['--print-config', 'docs/proposals/002-offline-mode.md'], {cwd})
    expect(result.code).toBe(0)
    const templates = JSON.parse(result.stdout).templates
    expect(templates.found).toEqual(['docs/proposals/001-proposal-template.md'])
    expect(templates.chosen).toBe('docs/proposals/001-proposal-template.md')
    // Six pages come from it, and all keep the sentence on line 11 of the template.
    expect(templates.learned['docs/proposals/001-proposal-template.md']).toEqual({pages: 6, boilerplate: [11]})
  })

  it('reports a kept sentence once fewer than half of the pages keep it', () => {
    const {cwd} = prepare('proposals')
    for (const page of ['004-shell-completion.md', '005-config-profiles.md', '006-telemetry-opt-out.md']) {
      const path = join(cwd, 'docs', 'proposals', page)
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replace(
          'This proposal follows the review process described in the contributing guide.',
          'Reviewed by the CLI team.',
        ),
      )
    }
    const result = runCli(['docs/proposals/002-offline-mode.md', '-f', 'json'], {cwd})
    expect(relativeFindings(result.stdout, cwd)).toContain(`docs/proposals/002-offline-mode.md:11:${id}`)
  })

  it('keeps what it learned in the cache, and notices a sibling page that changed', () => {
    const {cwd} = prepare('proposals')
    const args = [
      'docs/proposals/002-offline-mode.md',
      '-f',
      'json',
      '--cache',
      '--cache-location',
      join(cwd, 'cache.json'),
    ]
    const cold = runCli(args, {cwd})
    const cache = JSON.parse(readFileSync(join(cwd, 'cache.json'), 'utf8'))
    expect(cache.templates.templates[0].display).toBe('docs/proposals/001-proposal-template.md')
    expect(cache.templates.templates[0].pages).toBe(6)
    const warm = runCli(args, {cwd})
    expect(warm.stdout).toBe(cold.stdout)
    expect(relativeFindings(warm.stdout, cwd)).not.toContain(`docs/proposals/002-offline-mode.md:11:${id}`)
    // The linted page is unchanged; its siblings no longer keep the boilerplate.
    for (const page of [
      '003-plugin-hooks.md',
      '004-shell-completion.md',
      '005-config-profiles.md',
      '006-telemetry-opt-out.md',
    ]) {
      const path = join(cwd, 'docs', 'proposals', page)
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replace(
          'This proposal follows the review process described in the contributing guide.',
          'Reviewed by the CLI team.',
        ),
      )
    }
    const after = runCli(args, {cwd})
    expect(relativeFindings(after.stdout, cwd)).toContain(`docs/proposals/002-offline-mode.md:11:${id}`)
  })

  it('does nothing when the rule is off', () => {
    const {cwd} = prepare('proposals')
    const result = runCli(['.', '-f', 'json', '--rule', `${id}=off`], {cwd})
    expect(findings(result.stdout)).toEqual([])
    expect(
      JSON.parse(runCli(['--print-config', 'docs/proposals/002-offline-mode.md', '--rule', `${id}=off`], {cwd}).stdout)
        .templates,
    ).toBeUndefined()
  })
})

describe('the templates key', () => {
  it('refuses anything but a list of paths, naming the file and key', () => {
    const {cwd} = prepare('go-tmpl')
    writeFileSync(join(cwd, 'docgap.config.json'), JSON.stringify({templates: [3]}))
    const result = runCli(['.'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('docgap.config.json: templates: expected an array of paths or globs')
  })

  it('finds nothing by name once it is set', () => {
    const {cwd} = prepare('go-tmpl')
    writeFileSync(
      join(cwd, 'docs', 'commands', '_template.md'),
      'Replace this paragraph with an overview of the command.\n',
    )
    const result = JSON.parse(runCli(['--print-config', 'docs/commands/mytool-sync.md'], {cwd}).stdout)
    expect(result.templates.found).toEqual(['tools/command.md.tmpl'])
    expect(result.templates.chosen).toBe('tools/command.md.tmpl')
  })

  it('never checks a template against itself', () => {
    const {cwd} = prepare('proposals')
    const result = runCli(['docs/proposals/001-proposal-template.md', '-f', 'json'], {cwd})
    expect(findings(result.stdout)).toEqual([])
  })
})

describe('template discovery', () => {
  it.each([
    ['0000-template.md', true],
    ['text/0000-template.md', true],
    ['docs/proposals/001-proposal-template.md', true],
    ['docs/_template.md', true],
    ['docs/how-to-template.md', true],
    ['design/TEMPLATE.md', true],
    ['docs/template-how-to.md', true],
    ['keps/NNNN-kep-template/README.md', true],
    ['docs/templates/reference.md', true],
    ['tools/page-template.md.tmpl', true],
    ['site/archetypes/default.md', true],
    ['archetypes/blog/index.md', true],
    ['.github/PULL_REQUEST_TEMPLATE.md', false],
    ['.github/ISSUE_TEMPLATE/bug.md', false],
    ['docs/working-with-templates.md', false],
    ['docs/pod-template-spec.md', false],
    ['app/contributing/contribution-templates.md', false],
    ['docs/templates/logo.png', false],
    ['docs/guide.md', false],
    ['fixtures/rules/no-template-residue/residue.md', false],
    ['rules/no-template-residue.md', false],
  ])('%s: %s', (path, expected) => {
    expect(isTemplatePath(path)).toBe(expected)
  })

  it.each([
    ['docs/proposals/001-proposal-template.md', 'docs/proposals'],
    ['keps/NNNN-kep-template/README.md', 'keps'],
    ['docs/templates/how-to-template.md', ''],
    ['docs/templates/kong-plugin-template/overview/_index.md', ''],
    ['0000-template.md', ''],
    ['site/archetypes/default.md', 'site'],
  ])('a template at %s serves the pages under `%s`', (path, scope) => {
    expect(relative('/repo', templateScope(join('/repo', path), '/repo'))).toBe(scope)
  })

  it('compares text after normalising case, whitespace and markup', () => {
    expect(
      splitSentences(normalise('**Describe** the   change in [two](#x) or `three` sentences.\nExplain who it is for.')),
    ).toEqual(['describe the change in two or three sentences.', 'explain who it is for.'])
    expect(normalise('Install {{ .Name }} with <tool name>, or ____.', true)).toBe('install \0 with \0 , or \0 .')
  })

  it('finds no template in a repository without any', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'docgap-no-templates-'))
    copies.push(cwd)
    writeFileSync(
      join(cwd, 'guide.md'),
      '# Guide\n\nDescribe the change in two or three sentences. Explain who it is for.\n',
    )
    const result = JSON.parse(runCli(['--print-config', 'guide.md'], {cwd}).stdout)
    expect(result.templates).toEqual({found: [], chosen: null, learned: {}})
    expect(existsSync(join(cwd, '.docgapcache'))).toBe(false)
  })
})

describe('where templates are looked for', () => {
  const template =
    '# [Feature Name]\n\nDescribe the change in two or three sentences. Explain who it is for in a paragraph.\n'
  const page =
    '# Offline mode\n\nDescribe the change in two or three sentences. Explain who it is for in a paragraph.\n'

  function folder(name: string, tree: Record<string, string>): string {
    const cwd = mkdtempSync(join(tmpdir(), `docgap-${name}-`))
    copies.push(cwd)
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(join(cwd, path, '..'), {recursive: true})
      writeFileSync(join(cwd, path), text)
    }
    return cwd
  }

  it("without a repository, looks from the pages' folder, not the whole working folder", () => {
    const cwd = folder('home', {
      'other/0000-template.md': template,
      'notes/page.md': page,
      'notes/sub/0000-template.md': template,
    })
    expect(templatesRoot([join(cwd, 'notes/page.md')], cwd)).toBe(join(cwd, 'notes'))
    // The config file's folder, when it holds the pages.
    expect(templatesRoot([join(cwd, 'notes/page.md')], cwd, cwd)).toBe(cwd)
    expect(templatesRoot([join(cwd, 'notes/page.md')], cwd, join(cwd, 'other'))).toBe(join(cwd, 'notes'))
    const result = JSON.parse(runCli(['--print-config', 'notes/page.md'], {cwd}).stdout)
    expect(result.templates.found).toEqual(['sub/0000-template.md'])
    mkdirSync(join(cwd, '.git'))
    expect(templatesRoot([join(cwd, 'notes/page.md')], cwd)).toBe(cwd)
  })

  it('skips node_modules, hidden folders and ignored files', () => {
    const cwd = folder('skips', {
      '.git/HEAD': '',
      'node_modules/pkg/0000-template.md': template,
      '.hidden/0000-template.md': template,
      '.gitignore': 'drafts/\n',
      'drafts/0000-template.md': template,
      'docs/.docgapignore': 'old-template.md\n',
      'docs/old-template.md': template,
      'docs/0000-template.md': template,
      'docs/page.md': page,
    })
    expect(walkFiles(cwd)).toEqual(['docs/0000-template.md', 'docs/page.md'])
    const result = JSON.parse(runCli(['--print-config', 'docs/page.md'], {cwd}).stdout)
    expect(result.templates.found).toEqual(['docs/0000-template.md'])
    expect(walkFiles(cwd, {ignores: ['docs/0000-*'], ignoresBase: cwd})).toEqual(['docs/page.md'])
  })

  it('gives up on a folder with more entries than the limit', () => {
    const cwd = folder('large', {'a/1.md': '', 'a/2.md': '', 'b/3.md': ''})
    expect(walkFiles(cwd, {maximumEntries: 5})).toEqual(['a/1.md', 'a/2.md', 'b/3.md'])
    expect(walkFiles(cwd, {maximumEntries: 4})).toBeUndefined()
  })

  it("tests a page against a template's raw text before parsing it", () => {
    expect(mayComeFrom(template, page)).toBe(true)
    expect(mayComeFrom(template, '# Offline mode\n\nThe client keeps working without a network connection.\n')).toBe(
      false,
    )
    const headings = '# Title\n\n## Summary\n\n## Motivation\n\n## Design\n'
    expect(
      mayComeFrom(headings, '# Offline\n\n## Summary\n\nOwn text.\n\n## Motivation\n\nMore.\n\n## Design\n\nMore.\n'),
    ).toBe(true)
  })

  it("checks piped text (--stdin-filename), not the page's disk copy", () => {
    const {cwd} = prepare('proposals')
    // A page not saved yet: only the editor's text says what it holds.
    const path = 'docs/proposals/008-new-page.md'
    const piped =
      'Some text of our own.\n\n## Summary\n\nDescribe the change in two or three sentences. Explain who it is for.\n'
    const residue = runCli(['--stdin', '--stdin-filename', path, '-f', 'json'], {cwd, input: piped})
    expect(relativeFindings(residue.stdout, cwd)).toEqual([`${path}:5:${id}`])
    // The disk copy keeps the template's sentences; the piped text does not.
    writeFileSync(join(cwd, path), piped)
    const clean = runCli(['--stdin', '--stdin-filename', path, '-f', 'json'], {
      cwd,
      input: '# New page\n\nFiles download four at a time.\n',
    })
    expect(findings(clean.stdout)).toEqual([])
  })
})
