/**
 * The replacement of micromark's `EditMap#consume` (src/edit-map.ts) must build exactly the
 * events the original builds, for any edits, and leave every parse as it was.
 */
import fc from 'fast-check'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {EditMap} from 'micromark-util-edit-map'
import {describe, expect, it} from 'vitest'
import {consumeFromFirstEdit, originalConsume} from '../src/edit-map.js'

type Events = Parameters<EditMap['consume']>[0]

// Stand-ins for events: only their identity and order matter to an edit map.
const event = (name: string) => name as unknown as Events[number]

function applyEdits(consume: typeof originalConsume, length: number, edits: Array<{at: number; remove: number; add: number; before: boolean}>): unknown[] {
  const events: Events = Array.from({length}, (_, index) => event(`e${index}`))
  const map = new EditMap()
  edits.forEach(({at, remove, add, before}, editIndex) => {
    const added = Array.from({length: add}, (_, index) => event(`a${editIndex}.${index}`))
    if (before) map.addBefore(at, remove, added)
    else map.add(at, remove, added)
  })
  consume.call(map, events)
  return [...events]
}

describe('EditMap#consume, rebuilt from the first edit', () => {
  it('is the one micromark uses', () => {
    expect(EditMap.prototype.consume).toBe(consumeFromFirstEdit)
  })

  it('gives the same events as the original for any edits: overlapping, repeated, at the end, beyond it', () => {
    const edit = fc.record({at: fc.nat(40), remove: fc.nat(6), add: fc.nat(4), before: fc.boolean()})
    fc.assert(
      fc.property(fc.nat(30), fc.array(edit, {maxLength: 8}), (length, edits) => {
        expect(applyEdits(consumeFromFirstEdit, length, edits)).toEqual(applyEdits(originalConsume, length, edits))
      }),
      {numRuns: 2000, seed: 42},
    )
  })

  it('leaves every parse as it was: the project\'s pages and a long page of nested lists and quotes', () => {
    const pages = [join(import.meta.dirname, '..', 'README.md')]
    for (const folder of ['rules', 'docs']) {
      for (const name of readdirSync(join(import.meta.dirname, '..', folder))) if (name.endsWith('.md')) pages.push(join(import.meta.dirname, '..', folder, name))
    }
    const texts = pages.map((path) => readFileSync(path, 'utf8'))
    const items = Array.from({length: 300}, (_, index) => `- item ${index}\n  lazy line\n\n  > quote ${index}\n  continued\n\n  1. nested\n     text\n`)
    texts.push(items.join('\n'))
    for (const text of texts) {
      EditMap.prototype.consume = originalConsume
      const before = JSON.stringify(fromMarkdown(text))
      EditMap.prototype.consume = consumeFromFirstEdit
      expect(JSON.stringify(fromMarkdown(text))).toBe(before)
    }
  })
})
