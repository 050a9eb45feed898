/**
 * The language server updates a page's tree in place when the user types inside a word: the
 * updated tree must equal a full parse of the new text, node for node and position for position.
 * Checked on every page of the project's fixtures and docs, with seeded random edits chained one
 * after another (so that position drift would add up).
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {collectAnchors} from '../src/anchors.js'
import {loadConfig} from '../src/config/load.js'
import {KeptTrees, spliceBlocks, updatePage, updateTree, type ParsedPage} from '../src/lsp/incremental.js'
import {createPageLinter} from '../src/page-linter.js'
import {createParser} from '../src/parse.js'
import {repoRoot} from './cli-helpers.js'

const parse = createParser()

function parsePage(text: string): ParsedPage {
  const file = new VFile({path: 'page.md', value: text})
  const tree = parse(file)
  return {text, tree, spans: file.data.templateSpans ?? []}
}

// The union profile (no generator known) reads every generator's id syntax: attribute lists,
// definition terms, kramdown's next-line ids.
const variables = {site: {product_name: 'Kuma'}}
const anchorsOf = (page: ParsedPage) => {
  const anchors = collectAnchors(page.tree, variables)
  return {...anchors, ids: [...anchors.ids]}
}

function pages(folder: string, found: string[] = []): string[] {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) pages(path, found)
    else if (name.endsWith('.md')) found.push(path)
  }
  return found
}

// A small seeded generator, so that a failure can be replayed.
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

describe('incremental tree updates', () => {
  const files = [
    ...pages(join(repoRoot, 'fixtures')),
    ...pages(join(repoRoot, 'rules')),
    ...pages(join(repoRoot, 'docs')),
  ]

  it('give the tree and template spans a full parse gives, or decline', () => {
    const next = random(17)
    let updated = 0
    let declined = 0
    for (const path of files) {
      const original = readFileSync(path, 'utf8')
      if (original.startsWith('\uFEFF')) continue
      let page = parsePage(original)
      for (let edit = 0; edit < 8; edit++) {
        const words = [...page.text.matchAll(/[\p{L}\p{N}]+/gu)]
        if (words.length === 0) break
        const word = words[Math.floor(next() * words.length)]!
        const at = word.index! + Math.floor(next() * word[0].length)
        const kind = next()
        const letter = 'xqzk7é'[Math.floor(next() * 6)]!
        const text =
          kind < 0.5
            ? page.text.slice(0, at) + letter + page.text.slice(at)
            : kind < 0.8 && word[0].length > 1
              ? page.text.slice(0, at) + page.text.slice(at + 1)
              : page.text.slice(0, at) + letter + page.text.slice(at + 1)
        const full = parsePage(text)
        anchorsOf(page)
        const result = updateTree(page, text)
        if (result) {
          updated++
          expect(JSON.stringify(result.tree), `${path}, edit ${edit} at ${at}`).toBe(JSON.stringify(full.tree))
          expect(result.spans, `${path}, edit ${edit}`).toEqual(full.spans)
          expect(anchorsOf(result), `${path}, edit ${edit}`).toEqual(anchorsOf(full))
          page = result
        } else {
          declined++
          page = full
        }
      }
    }
    // Most edits inside words of prose are updates; the rest parse again.
    expect(updated).toBeGreaterThan(declined / 2)
    expect(updated).toBeGreaterThan(100)
  }, 300_000)

  it('declines edits that could change the structure of the page', () => {
    const page = () =>
      parsePage(
        '# Title here\n\nSome *text* and [a link] here.\n\n[a link]: https://example.com\n\nPlain words only.\n',
      )
    expect(
      updateTree(
        page(),
        '# Title herex\n\nSome *text* and [a link] here.\n\n[a link]: https://example.com\n\nPlain words only.\n',
      ),
    ).toBeUndefined()
    expect(
      updateTree(
        page(),
        '# Title here\n\nSome *textx* and [a link] here.\n\n[a link]: https://example.com\n\nPlain words only.\n',
      ),
    ).toBeUndefined()
    expect(
      updateTree(
        page(),
        '# Title here\n\nSome *text* and [a linkx] here.\n\n[a link]: https://example.com\n\nPlain words only.\n',
      ),
    ).toBeUndefined()
    expect(
      updateTree(
        page(),
        '# Title here\n\nSome *text* and [a link] here.\n\n[a link]: https://example.com\n\nPlain words only*.\n',
      ),
    ).toBeUndefined()
    expect(
      updateTree(
        page(),
        '# Title here\n\nSome *text* and [a link] here.\n\n[a link]: https://example.com\n\nPlain wordsx only.\n',
      ),
    ).toBeDefined()
  })
})

describe('incremental updates of the blocks an edit touches', () => {
  const files = [
    ...pages(join(repoRoot, 'fixtures')),
    ...pages(join(repoRoot, 'rules')),
    ...pages(join(repoRoot, 'docs')),
  ]
  // What a writer types: letters, spaces, new lines, and the characters that make Markdown syntax.
  const typed = [
    'x',
    'é',
    ' ',
    '\n',
    '\n\n',
    '#',
    '# ',
    '-',
    '- ',
    '1. ',
    '*',
    '_',
    '`',
    '[',
    ']',
    '(',
    ')',
    '|',
    '>',
    '<',
    '{{',
    '}}',
    '{{ site.x }}',
    ':',
    '!',
    '=',
    '\t',
    '    ',
  ]

  it('give the tree and template spans a full parse gives, or decline', () => {
    const next = random(23)
    let updated = 0
    let declined = 0
    for (const path of files) {
      const original = readFileSync(path, 'utf8')
      if (original.startsWith('\uFEFF')) continue
      let page = parsePage(original)
      for (let edit = 0; edit < 6; edit++) {
        const at = Math.floor(next() * (page.text.length + 1))
        const kind = next()
        const removed = kind < 0.3 ? 1 + Math.floor(next() * 6) : kind < 0.4 ? 1 : 0
        const inserted = kind < 0.3 ? '' : typed[Math.floor(next() * typed.length)]!
        const text = page.text.slice(0, at) + inserted + page.text.slice(at + removed)
        const full = parsePage(text)
        anchorsOf(page)
        const result = updatePage(page, text, parse)
        if (result) {
          updated++
          const where = `${path}, edit ${edit}: ${JSON.stringify(inserted)} at ${at}, ${removed} removed`
          expect(JSON.stringify(result.tree), where).toBe(JSON.stringify(full.tree))
          expect(result.spans, where).toEqual(full.spans)
          // Anchors an update carried over from the old tree, or worked out again, as a full parse gives them.
          expect(anchorsOf(result), where).toEqual(anchorsOf(full))
          page = result
        } else {
          declined++
          page = full
        }
      }
    }
    // Most edits update a few blocks; fences, containers, template tags and definitions parse again.
    expect(updated).toBeGreaterThan(declined / 2)
    expect(updated).toBeGreaterThan(200)
  }, 300_000)

  it('parses the page whole when an edit opens a fence, a container or a template tag, or touches definitions', () => {
    const text = 'Intro words.\n\nA paragraph here.\n\nAnother one.\n\nThe end.\n'
    const page = () => parsePage(text)
    const edited = (insert: string) => text.replace('A paragraph here.', insert)
    expect(spliceBlocks(page(), edited('```\nA paragraph here.'), parse)).toBeUndefined()
    expect(spliceBlocks(page(), edited('!!! note\n\n    A paragraph here.'), parse)).toBeUndefined()
    expect(spliceBlocks(page(), edited('{% raw %}A paragraph here.'), parse)).toBeUndefined()
    expect(spliceBlocks(page(), edited('[x]: https://example.com'), parse)).toBeUndefined()
    const spliced = spliceBlocks(page(), edited('A paragraph, here.'), parse)
    expect(spliced && JSON.stringify(spliced.tree)).toBe(JSON.stringify(parsePage(edited('A paragraph, here.')).tree))
  })
})

describe('diagnostics of a page edited in the language server', () => {
  it('are those of a fresh lint of the final text, after random edits applied one by one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docgap-incremental-'))
    try {
      writeFileSync(join(root, 'docgap.config.json'), JSON.stringify({variables: {site: {product_name: 'Kuma'}}}))
      const paths = [...pages(join(repoRoot, 'fixtures', 'rules')), ...pages(join(repoRoot, 'fixtures', 'pages'))]
      const linter = await createPageLinter(
        {cwd: root, reportUnusedDisableDirectives: false, maxFileSize: 10_000_000, paths, keepText: true},
        await loadConfig(root),
        [],
      )
      const typed = [
        'x',
        ' ',
        '\n',
        '\n\n',
        '# ',
        '- ',
        '`',
        '[',
        ']',
        '(',
        '#',
        'TODO',
        '_____',
        '?',
        '{{ site.nope }}',
        ':',
      ]
      const next = random(31)
      const trees = new KeptTrees(4)
      let findings = 0
      for (const path of paths) {
        let text = readFileSync(path, 'utf8')
        const lint = (incremental: boolean) => {
          linter.forget(path)
          const task = {index: 0, path, display: relative(root, path), value: text, track: false}
          return linter.lint(task, incremental ? trees.parseFor(path, text, linter.parse) : undefined).messages
        }
        lint(true)
        for (let edit = 0; edit < 6; edit++) {
          const at = Math.floor(next() * (text.length + 1))
          const removed = next() < 0.3 ? 1 + Math.floor(next() * 4) : 0
          text = text.slice(0, at) + typed[Math.floor(next() * typed.length)]! + text.slice(at + removed)
          const incremental = lint(true)
          findings += incremental.length
          expect(incremental, `${path}, edit ${edit} at ${at}`).toEqual(lint(false))
        }
      }
      expect(findings).toBeGreaterThan(100)
      expect(trees.updates).toBeGreaterThan(paths.length)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  }, 300_000)
})
