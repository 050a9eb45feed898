/**
 * micromark rebuilds its whole list of events each time a container (list item, block quote)
 * closes: `EditMap#consume` copies every event of the document to apply two edits near its end.
 * On a long page full of list items that is quadratic: kong-docs' 300 KB changelog took 1.4 s
 * to tokenize, most of it in `consume`. This replaces `consume` with one that keeps the events
 * before the first edit in place and rebuilds only the rest. The result is the same array, by
 * the same rules (edits sorted by index; a removal that reaches past the next edit ends there), which
 * `test/edit-map.test.ts` checks against the original on random edits.
 */
import {EditMap} from 'micromark-util-edit-map'

type Events = Parameters<EditMap['consume']>[0]
type Change = [at: number, remove: number, add: Events]

export const originalConsume = EditMap.prototype.consume

export function consumeFromFirstEdit(this: EditMap, events: Events): undefined {
  const edits = (this as unknown as {map: Change[]}).map
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
  ;(this as unknown as {index: Map<number, Change>}).index.clear()
  return undefined
}

EditMap.prototype.consume = consumeFromFirstEdit
