/**
 * Keeps a long run's memory bounded by what it holds, not by how long it runs. V8 sets the next
 * full collection's threshold from what was alive at the last one, up to four times that; when
 * the last one fell in the middle of a large page (100 MB of its tree alive), garbage then piles
 * up to 400 MB before the next collection, and the longer the run, the likelier it gets there:
 * the corpus twice over peaked at 1.33 to 1.45 × a single run, though it keeps only ~9 KB more a
 * page. Collecting between pages, when the heap has grown well past what was alive after the last
 * such collection, resets that threshold from what the run really keeps (about 14 collections of
 * ~50 ms in a 1,500-page run).
 */
import {getHeapStatistics, setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

// Below this a run never collects by itself: a small run (a pre-commit hook) pays nothing.
const floor = 64 * 1024 * 1024
// How far the heap may grow past what was alive after the last collection between pages.
const growth = 3

let collect: (() => void) | undefined
let alive = 0

/** Between two pages: collects garbage when the heap has grown well past what the run keeps. */
export function collectBetweenPages(): void {
  const used = getHeapStatistics().used_heap_size
  if (used < Math.max(floor, growth * alive)) return
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
