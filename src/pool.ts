/**
 * Spreads pages over threads: the main thread lints too, and `threads - 1` workers each keep two
 * batches in hand so that none waits while the main thread is busy. Results come back in the
 * pages' order, whatever thread linted them.
 */
import {Worker} from 'node:worker_threads'
import {availableParallelism} from 'node:os'
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
  // More threads than CPUs only cost memory (978 threads took 10 GB on 2 CPUs): see `cappedConcurrency`.
  return Math.max(1, Math.min(concurrency, cpus, pages))
}

/** The CPU count, when a `--concurrency N` asks for more threads than that; undefined otherwise. */
export function cappedConcurrency(concurrency: Concurrency, cpus = availableParallelism()): number | undefined {
  return typeof concurrency === 'number' && concurrency > cpus ? cpus : undefined
}

/** What a worker thread sends back. */
export type WorkerReply =
  | {type: 'start'; index: number}
  | {type: 'done'; pages: LintedPage[]}
  | {type: 'error'; message: string}
  | {type: 'late'; index: number; reason: string}

export async function lintPages(
  tasks: PageTask[],
  linter: PageLinter,
  setup: LinterSetup,
  threads: number,
  onProgress?: (done: number, total: number) => void,
  warn: (message: string) => void = () => {},
  /** A rule failed on this page (by task index) after its results came back from a worker. */
  onLate: (index: number, reason: string) => void = () => {},
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
  // Pages a worker had in hand when it stopped, to be linted by the main thread.
  const retry: PageTask[] = []
  const workers: Worker[] = []
  try {
    await new Promise<void>((resolveAll, reject) => {
      let mainThreadIdle: (() => void) | undefined
      const wakeMainThread = () => {
        mainThreadIdle?.()
        mainThreadIdle = undefined
      }
      const finishIfDone = () => {
        if (done === tasks.length) resolveAll()
      }
      const place = (pages: LintedPage[]) => {
        for (const page of pages) results[positions.get(page.index)!] = page
        done += pages.length
        onProgress?.(done, tasks.length)
      }
      for (let count = 1; count < threads; count++) {
        const worker = new Worker(new URL('./lint-worker.js', import.meta.url), {workerData: setup})
        workers.push(worker)
        const inHand: PageTask[][] = []
        let current: number | undefined
        let stopped = false
        const feed = () => {
          if (next >= batches.length) return
          const batch = batches[next++]!
          inHand.push(batch)
          worker.postMessage({tasks: batch})
        }
        // A worker that stops (a plugin that fails to load there, a crash) hands its pages to the
        // main thread. When it ran out of memory or exited, the page it was linting may be the cause
        // and is reported instead; a thrown error is not tied to a page (it may come from a timer, and
        // the page's results may still be on their way), so every page is linted again.
        const stop = (reason: string, blameCurrentPage: boolean) => {
          if (stopped) return
          stopped = true
          void worker.terminate()
          const pages = inHand.flat()
          inHand.length = 0
          const cause = blameCurrentPage ? pages.find((task) => task.index === current) : undefined
          if (cause) {
            place([
              {
                index: cause.index,
                value: '',
                messages: [
                  {
                    reason:
                      `Cannot lint this file: the thread linting it stopped (${reason}); ` +
                      'run with --concurrency off to see why',
                    line: 1,
                    column: 1,
                    ruleId: 'file-error',
                    source: 'docgap',
                    fatal: true,
                  },
                ],
              },
            ])
          }
          retry.push(...pages.filter((task) => task !== cause))
          if (pages.length > 0) {
            warn(`a worker thread stopped (${reason}); the main thread linted its ${pages.length} page(s)`)
          }
          wakeMainThread()
          finishIfDone()
        }
        worker.on('message', (message: WorkerReply) => {
          // A rule's failure on a page it already sent back, whatever became of the thread since.
          if (message.type === 'late') return onLate(message.index, message.reason)
          // Its pages were handed to the main thread: a late reply would count them twice.
          if (stopped) return
          if (message.type === 'error') return stop(message.message, false)
          if (message.type === 'start') {
            current = message.index
            return
          }
          current = undefined
          inHand.shift()
          place(message.pages)
          feed()
          finishIfDone()
        })
        worker.on('error', (error: Error & {code?: string}) =>
          stop(error.message, error.code === 'ERR_WORKER_OUT_OF_MEMORY'),
        )
        worker.on('exit', (code) => stop(`it stopped with exit code ${code}`, true))
        // Two batches in hand: one to work on, one waiting while the main thread cannot answer.
        feed()
        feed()
      }
      const lintInMainThread = async () => {
        while (done < tasks.length) {
          const batch = retry.length > 0 ? retry.splice(0, size) : next < batches.length ? batches[next++] : undefined
          if (!batch) {
            // The workers have the rest: wait for them, or for one to stop and hand its pages over.
            await new Promise<void>((wake) => {
              mainThreadIdle = wake
              finishIfDone()
            })
            continue
          }
          place(batch.map((task) => linter.lint(task)))
          // Let the workers' results in, and hand them their next batches.
          await new Promise((resolveTurn) => setImmediate(resolveTurn))
        }
        wakeMainThread()
        finishIfDone()
      }
      lintInMainThread().catch(reject)
    })
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return results
}
