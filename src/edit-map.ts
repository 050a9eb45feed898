/**
 * micromark rebuilds its whole list of events each time a container (list item, block quote)
 * closes: `EditMap#consume` copies every event of the document to apply two edits near its end.
 * On a long page full of list items that is quadratic: kong-docs' 300 KB changelog took 1.4 s
 * to tokenize, most of it in `consume`. This replaces `consume` with one that keeps the events
 * before the first edit in place and rebuilds only the rest. The result is the same array, by
 * the same rules (edits sorted by index; a removal that reaches past the next edit ends there), which
 * `test/edit-map.test.ts` checks against the original on random edits.
 *
 * It relies on two private fields of `EditMap` (`map`, the list of `[at, remove, add]` changes,
 * and `index`, those changes by position), as written in micromark-util-edit-map 1.0.0 (used by
 * micromark 4.0.3), the version package.json pins exactly. `createParser` installs it, and only
 * when a probe shows those fields and the same result as micromark's own method: any other
 * shape keeps micromark's `consume`, slower on long pages but correct.
 */
import {EditMap} from 'micromark-util-edit-map'

type Events = Parameters<EditMap['consume']>[0]
type Change = [at: number, remove: number, add: Events]
interface EditMapFields {
  map: Change[]
  index: Map<number, Change>
}

export const originalConsume = EditMap.prototype.consume

export function consumeFromFirstEdit(this: EditMap, events: Events): undefined {
  const edits = (this as unknown as EditMapFields).map
  edits.sort((a, b) => a[0] - b[0])
  if (edits.length === 0) return
  const first = edits[0]![0]
  const end = events.length
  const tail = events.slice(first)
  events.length = first
  // `cursor`: the next original event to keep, as an index into the events before editing.
  let cursor = first
  for (const [at, remove, add] of edits) {
    // Kept events up to this edit (none when the previous removal reached past it), then its own.
    for (let index = cursor; index < at; index++) events.push(tail[index - first]!)
    for (const event of add) events.push(event)
    cursor = at + remove
  }
  for (let index = cursor; index < end; index++) events.push(tail[index - first]!)
  edits.length = 0
  ;(this as unknown as EditMapFields).index.clear()
  return undefined
}

/**
 * Replaces `consume` on the given class (micromark's by default) when its fields have the shape
 * checked here; returns whether the replacement is in place.
 */
export function installConsumeFromFirstEdit(editMapClass: typeof EditMap = EditMap): boolean {
  const prototype = editMapClass.prototype
  if (prototype.consume === consumeFromFirstEdit) return true
  if (!hasCheckedShape(editMapClass)) return false
  prototype.consume = consumeFromFirstEdit
  return true
}

// Stand-ins for events: an edit map only moves them.
const probeEvent = (name: string) => name as unknown as Events[number]

/** The private fields hold what the replacement reads, and both methods give the same events. */
export function hasCheckedShape(editMapClass: typeof EditMap): boolean {
  try {
    const probe = new editMapClass()
    const fields = probe as unknown as Partial<EditMapFields>
    if (!Array.isArray(fields.map) || !(fields.index instanceof Map)) return false
    const added = [probeEvent('a')]
    probe.add(3, 1, added)
    const change = fields.map[0]
    if (
      fields.map.length !== 1 ||
      fields.index.get(3) !== change ||
      change?.[0] !== 3 ||
      change[1] !== 1 ||
      change[2] !== added
    ) {
      return false
    }
    const edit = (consume: typeof originalConsume) => {
      const map = new editMapClass()
      map.add(5, 2, [probeEvent('x')])
      map.addBefore(1, 0, [probeEvent('y')])
      map.add(5, 0, [probeEvent('z')])
      map.add(8, 4, [])
      const events = Array.from({length: 10}, (_, index) => probeEvent(`e${index}`))
      consume.call(map, events)
      const state = map as unknown as EditMapFields
      return JSON.stringify([events, state.map.length, state.index.size])
    }
    return edit(consumeFromFirstEdit) === edit(editMapClass.prototype.consume)
  } catch {
    return false
  }
}
