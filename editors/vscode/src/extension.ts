/**
 * Starts `docgap lsp` from the docgap installed in the workspace, so that the editor lints with
 * the version and the configuration the project's CLI runs use.
 */
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import * as vscode from 'vscode'
import type {LanguageClient, LanguageClientOptions, ServerOptions} from 'vscode-languageclient/node'

let client: LanguageClient | undefined

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('docgap.restartServer', async () => {
      await stop()
      await start(context)
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('docgap')) {
        await stop()
        await start(context)
      }
    }),
  )
  await start(context)
}

export async function deactivate(): Promise<void> {
  await stop()
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration('docgap')
  if (!settings.get<boolean>('enable', true)) return
  const cli = findDocgap(settings.get<string>('serverPath', ''))
  if (!cli) {
    void vscode.window.showWarningMessage(
      'docgap: not installed in this workspace (npm install --save-dev docgap), or set docgap.serverPath.',
    )
    return
  }
  const {LanguageClient, TransportKind} = await import('vscode-languageclient/node')
  // Run with the editor's own Node.js; the server takes `--stdio`, which the client adds.
  const serverOptions: ServerOptions = {module: cli, args: ['lsp'], transport: TransportKind.stdio}
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      {scheme: 'file', language: 'markdown'},
      {scheme: 'file', language: 'mdx'},
    ],
  }
  client = new LanguageClient('docgap', 'docgap', serverOptions, clientOptions)
  context.subscriptions.push(client)
  await client.start()
}

async function stop(): Promise<void> {
  const running = client
  client = undefined
  await running?.stop()
}

/** The configured CLI, or the docgap package installed in a workspace folder (its `bin`). */
export function findDocgap(configured: string): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (let dir = folder.uri.fsPath; ; dir = dirname(dir)) {
      const manifest = join(dir, 'node_modules', 'docgap', 'package.json')
      if (existsSync(manifest)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const {bin} = require(manifest) as {bin?: string | Record<string, string>}
        const relative = typeof bin === 'string' ? bin : bin?.docgap
        if (relative) return join(dirname(manifest), relative)
      }
      if (dirname(dir) === dir) break
    }
  }
  return undefined
}
