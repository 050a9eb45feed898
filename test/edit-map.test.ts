/**
 * The replacement of micromark's `EditMap#consume` (src/edit-map.ts) must build exactly the
 * events the original builds, for any edits, and leave every parse as it was.
 */
import fc from 'fast-check'
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {EditMap} from 'micromark-util-edit-map'
import {VFile} from 'vfile'
import {afterEach, describe, expect, it} from 'vitest'
import {consumeFromFirstEdit, hasCheckedShape, installConsumeFromFirstEdit, originalConsume} from '../src/edit-map.js'
import {createParser} from '../src/parse.js'

type Events = Parameters<EditMap['consume']>[0]

// Stand-ins for events: only their identity and order matter to an edit map.
const event = (name: string) => name as unknown as Events[number]

function applyEdits(
  consume: typeof originalConsume,
  length: number,
  edits: Array<{at: number; remove: number; add: number; before: boolean}>,
): unknown[] {
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
  afterEach(() => {
    EditMap.prototype.consume = consumeFromFirstEdit
  })

  it('is installed by createParser, not by importing the library, on the EditMap micromark parses with', () => {
    EditMap.prototype.consume = originalConsume
    const parse = createParser()
    expect(EditMap.prototype.consume).toBe(consumeFromFirstEdit)
    // Count the calls that reach this class: a nested copy of micromark-util-edit-map under
    // micromark would be patched here and never called.
    let calls = 0
    EditMap.prototype.consume = function (this: EditMap, events: Events) {
      calls++
      return consumeFromFirstEdit.call(this, events)
    }
    parse(new VFile({value: '- one\n  - two\n\n> quote\n> - three\n\nText.\n'}))
    expect(calls).toBeGreaterThan(0)
  })

  it('is left alone by importing the library entry (dist/src/index.js)', () => {
    const script = [
      `const {EditMap} = await import('micromark-util-edit-map')`,
      `const before = EditMap.prototype.consume`,
      `const docgap = await import('./dist/src/index.js')`,
      `const imported = EditMap.prototype.consume === before`,
      `docgap.createParser()`,
      `console.log(JSON.stringify([imported, EditMap.prototype.consume === before]))`,
    ].join('\n')
    const root = join(import.meta.dirname, '..')
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'})
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual([true, false])
  })

  it("is installed only on the shape it was checked against; any other keeps micromark's own method", () => {
    expect(hasCheckedShape(EditMap)).toBe(true)
    // Fields renamed, as a future release might.
    class Renamed extends EditMap {
      constructor() {
        super()
        const fields = this as unknown as Record<string, unknown>
        fields.changes = fields.map
        delete fields.map
      }
    }
    // Its own method, as a class that is not micromark's patched one has.
    Object.defineProperty(Renamed.prototype, 'consume', {value: originalConsume, writable: true})
    expect(installConsumeFromFirstEdit(Renamed)).toBe(false)
    expect(Renamed.prototype.consume).toBe(originalConsume)
    // Same fields, but micromark's own method applies the edits otherwise: the probe differs.
    class Changed extends EditMap {
      override consume(events: Events) {
        originalConsume.call(this, events)
        events.reverse()
      }
    }
    expect(hasCheckedShape(Changed)).toBe(false)
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

  it("leaves every parse as it was: the project's pages and a long page of nested lists and quotes", () => {
    const pages = [join(import.meta.dirname, '..', 'README.md')]
    for (const folder of ['rules', 'docs']) {
      for (const name of readdirSync(join(import.meta.dirname, '..', folder)))
        if (name.endsWith('.md')) pages.push(join(import.meta.dirname, '..', folder, name))
    }
    const texts = pages.map((path) => readFileSync(path, 'utf8'))
    const items = Array.from(
      {length: 300},
      (_, index) => `- item ${index}\n  lazy line\n\n  > quote ${index}\n  continued\n\n  1. nested\n     text\n`,
    )
    texts.push(items.join('\n'))
    for (const text of texts) {
      EditMap.prototype.consume = originalConsume
      const before = JSON.stringify(fromMarkdown(text))
      EditMap.prototype.consume = consumeFromFirstEdit
      expect(JSON.stringify(fromMarkdown(text))).toBe(before)
    }
  })
})
