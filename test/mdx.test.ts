/**
 * MDX pages in every workflow: folder walks, globs, named files, `--staged`, `--changed`, the
 * cache and the report. ESM, JSX and expressions are never text to the rules; text inside JSX
 * is; `{/* … *\/}` is a comment. A page MDX cannot parse gets one finding and the run goes on.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, parseJsonReport, runCli} from './cli-helpers.js'

const guide = [
  '---',
  'title: Install',
  '---',
  '',
  "import Tabs from '@theme/Tabs'",
  "import TabItem from '@theme/TabItem'",
  "export const version = '2.4'",
  '',
  '# Install',
  '',
  '{/* TODO: add the Windows steps */}',
  '',
  'Install version {version} with the package manager of your system.',
  '',
  '<Tabs groupId="os">',
  '<TabItem value="mac" label="macOS">',
  '',
  'Run `brew install acme`, then TBD.',
  '',
  '</TabItem>',
  '</Tabs>',
  '',
  '## Configure {#configure}',
  '',
  '<Config options={{retries: 3, mode: "TODO"}} />',
  '',
  '## Verify',
  '',
  'See [configure](#configure) and [the missing one](#nowhere).',
  '',
].join('\n')

const expectedGuide = ['11:no-todo-comments', '18:no-placeholders']

function keys(stdout: string): string[] {
  return parseJsonReport(stdout).flatMap((file) =>
    file.messages.map((message) => `${file.filePath}:${message.line}:${message.ruleId}`),
  )
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {cwd, stdio: 'ignore'})
}

describe('MDX pages', () => {
  it('are found by a folder walk and parsed as MDX: only prose and comments are findings', () => {
    const cwd = makeTree({
      'docs/install.mdx': guide,
      'docs/index.md': '# Docs\n\nSee [install](install.mdx#configure).\n',
    })
    const result = runCli(['docs', '-f', 'json'], {cwd})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    expect(keys(result.stdout)).toEqual(expectedGuide.map((key) => `docs/install.mdx:${key}`))
  })

  it('take part in cross-file anchors: a missing heading of an .mdx page is reported from a .md page', () => {
    const cwd = makeTree({
      'docs/install.mdx': '# Install\n\n## Configure\n\nText.\n',
      'docs/index.md': '# Docs\n\nSee [x](install.mdx#verify).\n',
    })
    const result = runCli(['docs', '-f', 'json'], {cwd})
    expect(keys(result.stdout)).toEqual(['docs/index.md:3:no-broken-anchors'])
  })

  it('are matched by a glob of **/*.mdx, and a named .mdx file is read as MDX', () => {
    const cwd = makeTree({'docs/a/install.mdx': guide, 'docs/b.md': '# B\n\n- \n'})
    const glob = runCli(['**/*.mdx', '-f', 'json'], {cwd})
    expect(glob.code).toBe(1)
    expect(keys(glob.stdout)).toEqual(expectedGuide.map((key) => `docs/a/install.mdx:${key}`))
    const named = runCli(['docs/a/install.mdx', '-f', 'json'], {cwd})
    expect(keys(named.stdout)).toEqual(keys(glob.stdout))
  })

  it('honour {/* docgap-disable-next-line */} comments, the MDX form of the HTML comment', () => {
    const page = '# Page\n\n{/* docgap-disable-next-line no-placeholders */}\nShip it TBD.\n\nAnd TBD here.\n'
    const cwd = makeTree({'docs/page.mdx': page})
    expect(keys(runCli(['docs', '-f', 'json'], {cwd}).stdout)).toEqual(['docs/page.mdx:6:no-placeholders'])
  })

  it('that MDX cannot parse get one finding with the reason and place, and the run goes on', () => {
    const cwd = makeTree({
      'docs/broken.mdx': '# Broken\n\nA value of {unclosed here.\n',
      'docs/good.md': '# Good\n\n- \n',
    })
    const result = runCli(['docs', '-f', 'json'], {cwd})
    expect(result.code).toBe(1)
    const files = parseJsonReport(result.stdout)
    const broken = files.find((file) => file.filePath === 'docs/broken.mdx')!
    expect(broken.messages).toHaveLength(1)
    expect(broken.messages[0]).toMatchObject({ruleId: 'parse-error', severity: 2, line: 3})
    expect(broken.messages[0]!.message).toMatch(/^Cannot parse MDX: .*expected a corresponding closing brace/)
    expect(keys(result.stdout)).toContain('docs/good.md:3:no-empty-list-items')
  })

  it('are linted by --staged as staged, and by --changed', () => {
    const cwd = makeTree({'docs/page.mdx': '# Page\n\nDone.\n'})
    git(cwd, 'init', '-q')
    git(cwd, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'start')
    writeFileSync(join(cwd, 'docs/page.mdx'), '# Page\n\nDone.\n\n<Note>Fill in TBD.</Note>\n')
    git(cwd, 'add', 'docs/page.mdx')
    writeFileSync(join(cwd, 'docs/page.mdx'), '# Page\n\nDone.\n')
    expect(keys(runCli(['--staged', '-f', 'json'], {cwd}).stdout)).toEqual(['docs/page.mdx:5:no-placeholders'])
    writeFileSync(join(cwd, 'docs/page.mdx'), '# Page\n\nDone, TBD.\n')
    expect(keys(runCli(['--changed', '-f', 'json'], {cwd}).stdout)).toEqual(['docs/page.mdx:3:no-placeholders'])
  })

  it('are cached: a warm run gives the same findings, and an edit is linted again', () => {
    const cwd = makeTree({'docs/install.mdx': guide})
    const args = ['docs', '--cache', '-f', 'json']
    const cold = runCli(args, {cwd})
    expect(existsSync(join(cwd, '.docgapcache'))).toBe(true)
    expect(readFileSync(join(cwd, '.docgapcache'), 'utf8')).toContain('install.mdx')
    expect(runCli(args, {cwd})).toEqual(cold)
    writeFileSync(join(cwd, 'docs/install.mdx'), '# Install\n\nDone.\n')
    expect(keys(runCli(args, {cwd}).stdout)).toEqual([])
  })

  it('are counted in the report', () => {
    const cwd = makeTree({'docs/install.mdx': guide, 'docs/b.md': '# B\n\nText.\n'})
    const result = runCli(['report', 'docs', '--json-out', 'report.json'], {cwd})
    expect(result.stderr).toBe('docgap: wrote docgap-report.html and report.json: 2 pages, 2 findings\n')
    expect(readFileSync(join(cwd, 'report.json'), 'utf8')).toContain('docs/install.mdx')
  })
})

describe('extensions', () => {
  it('a walk that passes over Markdown of other extensions says so in one line on stderr', () => {
    const cwd = makeTree({
      'docs/a.md': '# A\n\nText.\n',
      'docs/b.mdoc': '# B\n',
      'docs/c.mkd': '# C\n',
      'docs/d.mkd': '# D\n',
      'docs/e.txt': 'e',
    })
    const result = runCli(['docs'], {cwd})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      'docgap: warning: 3 files not linted (.mkd: 2, .mdoc: 1): their extensions are not in `extensions` (md, markdown, mdx); ' +
        'to lint them, set "extensions": ["md","markdown","mdx","mkd","mdoc"] in the docgap config\n',
    )
  })

  it('`extensions` in the config names what folder walks read', () => {
    const cwd = makeTree({
      '.docgaprc.json': '{"extensions": ["md", ".MKD"]}',
      'docs/a.md': '# A\n\nText.\n',
      'docs/c.mkd': '# C\n\n- \n',
      'docs/d.mdx': '# D\n\nText.\n',
    })
    const result = runCli(['docs', '-f', 'json'], {cwd})
    expect(keys(result.stdout)).toEqual(['docs/c.mkd:3:no-empty-list-items'])
    expect(result.stderr).toMatch(/^docgap: warning: 1 file not linted \(\.mdx: 1\)/)
  })

  it('rejects an `extensions` that is not a list of extensions', () => {
    const cwd = makeTree({'.docgaprc.json': '{"extensions": "md"}', 'docs/a.md': '# A\n'})
    const result = runCli(['docs'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('extensions: expected a non-empty array of file extensions')
  })
})

describe('a page whose outline a component shows', () => {
  const outline = (shown: string) =>
    [
      '# Outline',
      '',
      shown,
      '',
      '## Sample section',
      '',
      'Lorem ipsum',
      '',
      '### Sample subsection',
      '',
      '## Last section',
      '',
      'Lorem ipsum, as the samples above.',
      '',
    ].join('\n')
  const findings = (text: string) => {
    const cwd = makeTree({'docs/outline.mdx': text})
    return keys(runCli(['docs', '-f', 'json'], {cwd}).stdout)
  }

  it('has headings and filler that only fill the outline, as JSX or in an mdx-code-block fence', () => {
    expect(findings(outline('<TOCInline toc={toc} />'))).toEqual(['docs/outline.mdx:13:no-placeholders'])
    const fenced =
      '```mdx-code-block\n<BrowserWindow>\n<TOCInline toc={toc.filter((node) => node.level < 4)} />\n</BrowserWindow>\n```'
    expect(findings(outline(fenced))).toEqual(['docs/outline.mdx:17:no-placeholders'])
  })

  it('is an ordinary page without one: its empty section and filler are reported', () => {
    expect(findings(outline('<Outline items={props.toc} />'))).toEqual([
      'docs/outline.mdx:7:no-placeholders',
      'docs/outline.mdx:9:no-empty-sections',
      'docs/outline.mdx:13:no-placeholders',
    ])
  })
})
