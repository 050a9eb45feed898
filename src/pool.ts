/**
 * Spreads pages over threads: the main thread lints too, and `threads - 1` workers each keep two
 * batches in hand so that none waits while the main thread is busy. Results come back in the
 * pages' order, whatever thread linted them.
 */
import {Worker} from 'node:worker_threads'
import {availableParallelism} from 'node:os'
import {DocgapError} from './errors.js'
import type {LintedPage, LinterSetup, PageLinter, PageTask} from './page-linter.js'

/** `--concurrency`: a number of threads, `auto` or `off` (one thread). */
export type Concurrency = number | 'auto' | 'off'

// A worker costs a module load and ~100 MB: worth it only for a large run.
const pagesPerThread = 150
const maxAutoThreads = 4
// One Node thread parsing already keeps ~1.5 CPUs busy (V8's GC and compiler threads): measured
// on 2 CPUs, a second thread cost 35 % more CPU and 40 % more memory for no gain in wall time.
const cpusPerThread = 2

/** How many threads lint this many pages (`auto`: one per two CPUs, one per 150 pages, at most four). */
export function threadCount(concurrency: Concurrency, pages: number, cpus = availableParallelism()): number {
  if (concurrency === 'off') return 1
  if (concurrency === 'auto') {
    const byCpus = Math.floor(cpus / cpusPerThread)
    return Math.max(1, Math.min(byCpus, maxAutoThreads, Math.floor(pages / pagesPerThread)))
  }
  return Math.max(1, Math.min(concurrency, pages))
}

export async function lintPages(
  tasks: PageTask[],
  linter: PageLinter,
  setup: LinterSetup,
  threads: number,
  onProgress?: (done: number, total: number) => void,
): Promise<LintedPage[]> {
  // In the order of `tasks`, whatever thread linted each page.
  const results: LintedPage[] = new Array(tasks.length)
  let done = 0
  if (threads <= 1 || tasks.length < 2) {
    for (const [position, task] of tasks.entries()) {
      const page = linter.lint(task)
      results[position] = page
      onProgress?.(++done, tasks.length)
    }
    return results
  }
  const positions = new Map(tasks.map((task, position) => [task.index, position]))
  const size = Math.max(1, Math.min(16, Math.ceil(tasks.length / (threads * 8))))
  const batches: PageTask[][] = []
  for (let start = 0; start < tasks.length; start += size) batches.push(tasks.slice(start, start + size))
  let next = 0
  const workers: Worker[] = []
  try {
    await new Promise<void>((resolveAll, reject) => {
      let failed = false
      const fail = (message: string) => {
        if (failed) return
        failed = true
        reject(new DocgapError(`a worker thread failed: ${message} (try --concurrency off)`))
      }
      const finishIfDone = () => {
        if (!failed && done === tasks.length) resolveAll()
      }
      const feed = (worker: Worker) => {
        if (next < batches.length) worker.postMessage({tasks: batches[next++]})
      }
      const place = (pages: LintedPage[]) => {
        for (const page of pages) results[positions.get(page.index)!] = page
        done += pages.length
        onProgress?.(done, tasks.length)
      }
      for (let count = 1; count < threads; count++) {
        const worker = new Worker(new URL('./lint-worker.js', import.meta.url), {workerData: setup})
        workers.push(worker)
        worker.on('message', (message: {type: 'done'; pages: LintedPage[]} | {type: 'error'; message: string}) => {
          if (message.type === 'error') return fail(message.message)
          place(message.pages)
          feed(worker)
          finishIfDone()
        })
        worker.on('error', (error) => fail(error.message))
        worker.on('exit', (code) => {
          if (done < tasks.length) fail(`it stopped with exit code ${code}`)
        })
        // Two batches in hand: one to work on, one waiting while the main thread cannot answer.
        feed(worker)
        feed(worker)
      }
      const lintInMainThread = async () => {
        while (next < batches.length && !failed) {
          const batch = batches[next++]!
          place(batch.map((task) => linter.lint(task)))
          // Let the workers' results in, and hand them their next batches.
          await new Promise((resolveTurn) => setImmediate(resolveTurn))
        }
        finishIfDone()
      }
      lintInMainThread().catch((error: unknown) => fail((error as Error).message))
    })
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return results
}
