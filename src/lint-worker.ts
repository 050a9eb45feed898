/** A worker thread of `--concurrency`: lints the pages the main thread sends, in batches. */
import {parentPort, workerData} from 'node:worker_threads'
import {createPageLinterFromSetup, type LinterSetup, type PageTask} from './page-linter.js'
import type {WorkerReply} from './pool.js'
import {catchLateRuleFailures, settleRules} from './rule-guard.js'

export interface WorkerRequest {
  tasks: PageTask[]
}

const port = parentPort!
const reply = (message: WorkerReply) => port.postMessage(message)
// A rule's late failure is a finding on its page; anything else thrown here stops the thread,
// and the main thread lints its pages.
catchLateRuleFailures((error) => reply({type: 'error', message: (error as Error)?.message ?? String(error)}))
const linterReady = createPageLinterFromSetup(workerData as LinterSetup)
// A configuration that loads in the main thread loads here too; if it does not, the main thread says why.
linterReady.catch((error: unknown) => reply({type: 'error', message: (error as Error).message}))

port.on('message', async (request: WorkerRequest) => {
  const linter = await linterReady
  try {
    const pages = request.tasks.map((task) => {
      reply({type: 'start', index: task.index})
      return linter.lint(task)
    })
    // Linted: a thread that stops from here on stopped on no page in particular.
    reply({type: 'start', index: -1})
    await settleRules()
    reply({type: 'done', pages})
    // A rule that fails on these pages from now on fails after their results were sent: the main thread says so.
    linter.handOver(
      pages.map((page) => page.index),
      (index, reason) => reply({type: 'late', index, reason}),
    )
  } catch (error) {
    reply({type: 'error', message: (error as Error).stack ?? String(error)})
  }
})
