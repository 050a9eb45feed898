/** A worker thread of `--concurrency`: lints the pages the main thread sends, in batches. */
import {parentPort, workerData} from 'node:worker_threads'
import {createPageLinterFromSetup, type LinterSetup, type PageTask} from './page-linter.js'

export interface WorkerRequest {
  tasks: PageTask[]
}

const port = parentPort!
const linterReady = createPageLinterFromSetup(workerData as LinterSetup)
// A configuration that loads in the main thread loads here too; if it does not, the main thread says why.
linterReady.catch((error: unknown) => port.postMessage({type: 'error', message: (error as Error).message}))

port.on('message', async (request: WorkerRequest) => {
  const linter = await linterReady
  try {
    port.postMessage({type: 'done', pages: request.tasks.map((task) => linter.lint(task))})
  } catch (error) {
    port.postMessage({type: 'error', message: (error as Error).stack ?? String(error)})
  }
})
