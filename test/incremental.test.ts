/**
 * The language server updates a page's tree in place when the user types inside a word: the
 * updated tree must equal a full parse of the new text, node for node and position for position.
 * Checked on every page of the project's fixtures and docs, with seeded random edits chained one
 * after another (so that position drift would add up).
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {updateTree, type ParsedPage} from '../src/lsp/incremental.js'
import {createParser} from '../src/parse.js'
import {repoRoot} from './cli-helpers.js'

const parse = createParser()

function parsePage(text: string): ParsedPage {
  const file = new VFile({path: 'page.md', value: text})
  const tree = parse(file)
  return {text, tree, spans: file.data.templateSpans ?? []}
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
        const result = updateTree(page, text)
        if (result) {
          updated++
          expect(JSON.stringify(result.tree), `${path}, edit ${edit} at ${at}`).toBe(JSON.stringify(full.tree))
          expect(result.spans, `${path}, edit ${edit}`).toEqual(full.spans)
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
