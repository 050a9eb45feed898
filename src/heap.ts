/**
 * Keeps a long run's memory bounded by what it holds, not by how long it runs. V8 sets the next
 * full collection's threshold from what was alive at the last one, up to four times that; when
 * the last one fell in the middle of a large page (100 MB of its tree alive), garbage then piles
 * up to 400 MB before the next collection, and the longer the run, the likelier it gets there:
 * the corpus twice over peaked at 1.33 to 1.45 × a single run, though it keeps only ~9 KB more a
 * page. Collecting between pages, when the heap has grown a fixed amount past what was alive after
 * the last such collection, resets that threshold from what the run really keeps. The margin is
 * fixed, not a multiple of what is alive: what a run keeps grows with its pages and findings, and a
 * multiple of it would let a run twice as long pile up twice as much garbage.
 */
import {getHeapStatistics, setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

// How far the heap may grow past what was alive after the last collection between pages (a run
// that never gets there, a pre-commit hook, never collects by itself).
const margin = 96 * 1024 * 1024

let collect: (() => void) | undefined
let alive = 0

/** Between two pages: collects garbage when the heap has grown well past what the run keeps. */
export function collectBetweenPages(): void {
  const used = getHeapStatistics().used_heap_size
  if (used < alive + margin) return
  collect ??= exposeCollector()
  collect()
  alive = getHeapStatistics().used_heap_size
}

/** V8's `gc()`, as Jest's `--logHeapUsage` gets it: the flag applies to contexts made after it is set. */
function exposeCollector(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}
