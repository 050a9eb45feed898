/** A real LSP client over stdio, for driving `docgap lsp` in tests and the benchmark. */
import {spawn, type ChildProcess} from 'node:child_process'
import {pathToFileURL} from 'node:url'
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node'

export interface Client {
  connection: ProtocolConnection
  process: ChildProcess
  /** The latest diagnostics of each document, by URI. */
  diagnostics: Map<string, PublishDiagnosticsParams>
  /** Documents the server asked the client to show (`window/showDocument`). */
  shown: string[]
  /** Messages the server asked the client to show. */
  messages: string[]
  /** Resolves with the next diagnostics of `uri` that satisfy `accept`. */
  nextDiagnostics(
    uri: string,
    accept?: (diagnostics: Diagnostic[]) => boolean,
    timeoutMs?: number,
  ): Promise<Diagnostic[]>
  open(uri: string, text: string, languageId?: string): void
  change(uri: string, version: number, text: string): void
  stop(): Promise<void>
}

export const uriOf = (path: string): string => pathToFileURL(path).href

/** Starts the server with `command` and `args`, and initializes it with the folder `root`. */
export async function startClient(
  command: string,
  args: string[],
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  /** What the client declares it can do; default: what VS Code declares that the server uses. */
  capabilities: object = {
    workspace: {didChangeWatchedFiles: {dynamicRegistration: true}, workspaceFolders: true},
    window: {showDocument: {support: true}},
    textDocument: {publishDiagnostics: {versionSupport: true, codeDescriptionSupport: true, dataSupport: true}},
  },
): Promise<Client> {
  const child = spawn(command, args, {cwd: root, env, stdio: ['pipe', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  )
  const diagnostics = new Map<string, PublishDiagnosticsParams>()
  const waiters: Array<{
    uri: string
    accept: (diagnostics: Diagnostic[]) => boolean
    resolve: (diagnostics: Diagnostic[]) => void
  }> = []
  const shown: string[] = []
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params)
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(params.diagnostics)
      }
    }
  })
  connection.onRequest('client/registerCapability', () => null)
  connection.onRequest('window/showDocument', (params: {uri: string}) => {
    shown.push(params.uri)
    return {success: true}
  })
  const messages: string[] = []
  connection.onRequest('window/showMessageRequest', (params: {message: string}) => {
    messages.push(params.message)
    return null
  })
  connection.onNotification('window/showMessage', (params: {message: string}) => messages.push(params.message))
  connection.onNotification('window/logMessage', () => {})
  connection.listen()
  const rootUri = uriOf(root)
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{uri: rootUri, name: 'docs'}],
    capabilities,
  })
  await connection.sendNotification('initialized', {})
  return {
    connection,
    process: child,
    diagnostics,
    shown,
    messages,
    nextDiagnostics(uri, accept = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const last = diagnostics
            .get(uri)
            ?.diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.code}`)
          reject(new Error(`no matching diagnostics for ${uri} (last: ${JSON.stringify(last)}); stderr: ${stderr}`))
        }, timeoutMs)
        waiters.push({
          uri,
          accept,
          resolve(found) {
            clearTimeout(timer)
            resolve(found)
          },
        })
      })
    },
    open(uri, text, languageId = 'markdown') {
      void connection.sendNotification('textDocument/didOpen', {textDocument: {uri, languageId, version: 1, text}})
    },
    change(uri, version, text) {
      void connection.sendNotification('textDocument/didChange', {
        textDocument: {uri, version},
        contentChanges: [{text}],
      })
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown')
        await connection.sendNotification('exit')
      } catch {
        // The server is gone already.
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        const timer = setTimeout(() => {
          child.kill()
          resolve()
        }, 3000)
        child.on('exit', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      connection.dispose()
    },
  }
}
