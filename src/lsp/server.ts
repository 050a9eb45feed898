/**
 * `docgap lsp`: the language server. It lints open Markdown documents from their unsaved text
 * with the configuration the CLI would find for them, offers the rules' fixes, a disable comment
 * and the rule's page as code actions, and completes and explains template variables and heading
 * ids. Loaded only by `docgap lsp` (a lazy chunk of the bundle), so a lint run never pays for it.
 */
import {watch, type FSWatcher} from 'node:fs'
import {basename, dirname, relative, resolve, sep} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import lsp from 'vscode-languageserver/node.js'
import type {
  CodeAction,
  CompletionItem,
  Connection,
  Diagnostic,
  Hover,
  InitializeParams,
  Range,
  TextEdit,
} from 'vscode-languageserver/node.js'
import {TextDocument} from 'vscode-languageserver-textdocument'
import {loadConfig} from '../config/load.js'
import type {ResolvedConfig} from '../config/resolve.js'
import {markdownFamily} from '../files.js'
import {fixPage, type Fix} from '../fix.js'
import {clearGeneratorCache, detectGenerator} from '../generators/index.js'
import type {PlainMessage} from '../messages.js'
import {createPageLinter, type LintedPage, type PageLinter} from '../page-linter.js'
import {isMdxPath, loadMdx, parseModeOf, type Parse} from '../parse.js'
import {KeptTrees} from './incremental.js'
import {repositoryRoot} from '../repository.js'
import {defaultMaxFileSize} from '../source.js'
import {configFileNames, findConfig} from '../config/find.js'
import {describeVariable, variableCompletions, variableOrigins, type VariableOrigins} from './variables.js'

const {
  createConnection,
  DiagnosticSeverity,
  CodeActionKind,
  CompletionItemKind,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
} = lsp

/** The command a code action runs to open a rule's page (through `window/showDocument`). */
export const openDocumentationCommand = 'docgap.openRuleDocumentation'
const markdownPath = new RegExp(`\\.(?:${markdownFamily.join('|')})$`, 'i')
// A change within this long after the last lint of a page waits for its end: typing in a burst
// lints once a pause, and a page is linted at once after a pause.
const throttleMs = 100
// Trees kept for the pages edited last, to update instead of parsing again as the user types.
const keptTrees = 4

interface FolderState {
  config: ResolvedConfig
  linter: PageLinter
  /** Site config files whose variables and heading-id settings the linter loaded. */
  sites: Set<string | undefined>
  origins: VariableOrigins
  /** The files whose change reloads the folder: its config file, variables files and site configs. */
  settingsFiles: string[]
}

interface Folder {
  root: string
  state?: Promise<FolderState | Error>
}

interface LintResult {
  version: number
  text: string
  messages: PlainMessage[]
  /** Paths the page's rules read (linked pages, files that must exist). */
  dependencies: Set<string>
}

export function startServer(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Connection {
  const connection = createConnection(input, output)
  // A failed request to the client (a message it cannot show) must not stop the server.
  process.on('unhandledRejection', (reason) =>
    connection.console.error(`docgap: ${(reason as Error)?.message ?? reason}`),
  )
  const documents = new TextDocuments(TextDocument)
  const folders = new Map<string, Folder>()
  const results = new Map<string, LintResult>()
  const pending = new Map<string, NodeJS.Timeout>()
  const lastLint = new Map<string, number>()
  /** Each open page's anchors at its last lint, when its rules worked them out. */
  const lastAnchors = new Map<string, string | undefined>()
  const trees = new KeptTrees(keptTrees)
  let canShowDocument = false
  let watchDynamically = false
  const shownErrors = new Set<string>()

  const pathOf = (uri: string): string | undefined => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined)
  // An open buffer wins over the file on disk, for every link into it.
  const overlay = (path: string): string | undefined => documents.get(pathToFileURL(path).href)?.getText()

  const folderOf = (path: string): Folder => {
    let best: Folder | undefined
    for (const folder of folders.values()) {
      if (
        (path === folder.root || path.startsWith(folder.root + sep)) &&
        (!best || folder.root.length > best.root.length)
      )
        best = folder
    }
    if (best) return best
    // A file outside every workspace folder: its own folder, where the CLI run there would start.
    const root = dirname(path)
    let folder = folders.get(root)
    if (!folder) folders.set(root, (folder = {root}))
    return folder
  }

  const openPaths = (folder: Folder): string[] =>
    documents
      .all()
      .map((document) => pathOf(document.uri))
      .filter((path): path is string => path !== undefined && folderOf(path) === folder)

  const siteOf = (path: string, root: string): string | undefined =>
    detectGenerator(path, repositoryRoot(root)).configPath

  // Without the client's file watching (no dynamic registration of workspace/didChangeWatchedFiles),
  // the server watches the settings files itself: the folder of each (a save that replaces the
  // file keeps being seen), for those names, and each workspace folder for a config file appearing.
  const watched = new Map<string, {watcher?: FSWatcher; names: Set<string>}>()
  let reloadTimer: NodeJS.Timeout | undefined
  const watchSettings = (root: string, files: string[]): void => {
    if (watchDynamically) return
    const wanted: Array<[string, string[]]> = [
      [root, configFileNames],
      ...files.map((file): [string, string[]] => [dirname(file), [basename(file)]]),
    ]
    for (const [folder, names] of wanted) {
      let entry = watched.get(folder)
      if (!entry) {
        entry = {names: new Set()}
        watched.set(folder, entry)
        const current = entry
        try {
          current.watcher = watch(folder, {persistent: false}, (_event, name) => {
            if (name !== null && !current.names.has(String(name))) return
            clearTimeout(reloadTimer)
            // A save is often a few events (write, rename): one reload after them.
            reloadTimer = setTimeout(reloadAll, 50)
          })
          current.watcher.on('error', () => current.watcher?.close())
        } catch (error) {
          connection.console.warn(`docgap: cannot watch ${folder} for settings changes: ${(error as Error).message}`)
        }
      }
      for (const name of names) entry.names.add(name)
    }
  }

  const loadFolder = (folder: Folder): Promise<FolderState | Error> =>
    (folder.state ??= (async () => {
      try {
        const config = await loadConfig(folder.root)
        const raw = await findConfig(folder.root)
        const paths = openPaths(folder)
        const notices: string[] = []
        const linter = await createPageLinter(
          // keepText: results keep each buffer's whole text, as fixes need.
          {
            cwd: folder.root,
            reportUnusedDisableDirectives: false,
            maxFileSize: defaultMaxFileSize,
            paths,
            keepText: true,
          },
          config,
          notices,
          overlay,
        )
        for (const notice of notices) connection.console.warn(notice)
        const sites = new Set(paths.map((path) => siteOf(path, folder.root)))
        const origins = variableOrigins(raw.path, raw.value)
        const settingsFiles = [raw.path, ...Object.values(origins.byNamespace), ...sites].filter(
          (path): path is string => path !== undefined,
        )
        watchSettings(folder.root, settingsFiles)
        return {config, linter, sites, origins, settingsFiles}
      } catch (error) {
        return error as Error
      }
    })())

  /** The folder's linter, loaded again when the page belongs to a site it has not read. */
  const stateFor = async (path: string): Promise<{folder: Folder; state: FolderState | Error}> => {
    const folder = folderOf(path)
    let state = await loadFolder(folder)
    if (!(state instanceof Error) && !state.sites.has(siteOf(path, folder.root))) {
      folder.state = undefined
      state = await loadFolder(folder)
    }
    return {folder, state}
  }

  const lintNow = async (uri: string): Promise<LintResult | undefined> => {
    const document = documents.get(uri)
    const path = pathOf(uri)
    if (!document || !path || !isMarkdown(document)) return undefined
    const {folder, state} = await stateFor(path)
    const current = documents.get(uri)
    if (!current) return undefined
    if (state instanceof Error) {
      const reason = `docgap: ${state.message}`
      if (!shownErrors.has(reason)) {
        shownErrors.add(reason)
        void Promise.resolve(connection.window.showErrorMessage(reason)).catch(() => {})
      }
      const diagnostic: Diagnostic = {
        range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}},
        message: reason,
        severity: DiagnosticSeverity.Error,
        source: 'docgap',
      }
      void connection.sendDiagnostics({uri, version: current.version, diagnostics: [diagnostic]})
      return undefined
    }
    const text = current.getText()
    const started = Date.now()
    state.linter.forget(path)
    const mdx = parseModeOf(path, state.linter.settingsFor(path).profile).mdx
    if (mdx) await loadMdx()
    // MDX pages are parsed whole: the incremental update knows Markdown only.
    const page = lintText(
      state.linter,
      folder,
      path,
      text,
      mdx ? undefined : incrementalParse(uri, path, text, state.linter.parse),
    )
    lastLint.set(uri, Date.now())
    const result: LintResult = {
      version: current.version,
      text,
      messages: page.messages,
      dependencies: new Set((page.dependencies ?? []).map((dependency) => resolve(dependency.path))),
    }
    results.set(uri, result)
    // Pages linking into this one are linted again only when its anchors changed (or are not known).
    const anchors = page.anchors ? JSON.stringify(page.anchors) : undefined
    if (anchors === undefined || anchors !== lastAnchors.get(uri)) scheduleDependents(path)
    lastAnchors.set(uri, anchors)
    void connection.sendDiagnostics({
      uri,
      version: current.version,
      diagnostics: page.messages.map((message) => toDiagnostic(message, current)),
    })
    connection.console.log(`docgap: linted ${relative(folder.root, path)} in ${Date.now() - started} ms`)
    return result
  }

  /** Parses by updating the page's last tree when the edit allows it, and keeps the tree for the next edit. */
  const incrementalParse = (uri: string, path: string, text: string, parse: Parse): Parse | undefined =>
    isMdxPath(path) || text.startsWith('\uFEFF') ? undefined : trees.parseFor(uri, text, parse)

  const schedule = (uri: string): void => {
    if (pending.has(uri)) return
    const wait = Math.max(0, (lastLint.get(uri) ?? 0) + throttleMs - Date.now())
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri)
        lintNow(uri).catch((error: unknown) => connection.console.error(`docgap: ${(error as Error).stack ?? error}`))
      }, wait),
    )
  }

  /** Open pages whose findings depend on the page at `path` (they link into it). */
  const scheduleDependents = (path: string): void => {
    for (const [uri, result] of results) {
      if (pathOf(uri) !== path && result.dependencies.has(path)) schedule(uri)
    }
  }

  /** Up-to-date findings of an open page, linted now when the text changed since. */
  const currentResult = async (uri: string): Promise<LintResult | undefined> => {
    const document = documents.get(uri)
    const result = results.get(uri)
    if (document && result && result.version === document.version) return result
    return lintNow(uri)
  }

  const reloadAll = (): void => {
    clearGeneratorCache()
    trees.clear()
    shownErrors.clear()
    for (const folder of folders.values()) folder.state = undefined
    for (const document of documents.all()) schedule(document.uri)
  }

  connection.onInitialize((params: InitializeParams) => {
    for (const folder of params.workspaceFolders ?? []) {
      const root = pathOf(folder.uri)
      if (root) folders.set(root, {root})
    }
    const rootUri = params.rootUri ?? (params.rootPath ? pathToFileURL(params.rootPath).href : undefined)
    const root = rootUri ? pathOf(rootUri) : undefined
    if (folders.size === 0 && root) folders.set(root, {root})
    canShowDocument = Boolean(params.capabilities.window?.showDocument?.support)
    watchDynamically = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration)
    return {
      capabilities: {
        textDocumentSync: {openClose: true, change: TextDocumentSyncKind.Incremental, save: {includeText: false}},
        codeActionProvider: {codeActionKinds: [CodeActionKind.QuickFix, `${CodeActionKind.SourceFixAll}.docgap`]},
        executeCommandProvider: {commands: [openDocumentationCommand]},
        hoverProvider: true,
        completionProvider: {triggerCharacters: ['.', '#', '{', ' ']},
        workspace: {workspaceFolders: {supported: true, changeNotifications: true}},
      },
      serverInfo: {name: 'docgap'},
    }
  })

  connection.onInitialized(() => {
    if (watchDynamically) {
      // Pages (for links into them), configuration, variables files and site configs.
      void connection.client.register(lsp.DidChangeWatchedFilesNotification.type, {
        watchers: [
          {globPattern: `**/*.{${markdownFamily.join(',')}}`},
          {globPattern: '**/{docgap.config.*,.docgaprc,.docgaprc.*,package.json}'},
          {globPattern: '**/*.{yml,yaml,json,toml}'},
          {globPattern: '**/{docusaurus.config,astro.config}.{js,mjs,ts}'},
        ],
      })
    }
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const removed of event.removed) {
        const root = pathOf(removed.uri)
        if (root) folders.delete(root)
      }
      for (const added of event.added) {
        const root = pathOf(added.uri)
        if (root) folders.set(root, {root})
      }
      reloadAll()
    })
  })

  documents.onDidOpen((event) => schedule(event.document.uri))
  documents.onDidChangeContent((event) => {
    schedule(event.document.uri)
    const path = pathOf(event.document.uri)
    if (!path) return
    // Its anchors may have changed: links into it read its new text (its lint tells whether to lint them again).
    for (const folder of folders.values())
      void folder.state?.then((state) => state instanceof Error || state.linter.forget(path))
  })
  documents.onDidSave((event) => schedule(event.document.uri))
  documents.onDidClose((event) => {
    const {uri} = event.document
    clearTimeout(pending.get(uri))
    pending.delete(uri)
    results.delete(uri)
    lastLint.delete(uri)
    lastAnchors.delete(uri)
    trees.forget(uri)
    void connection.sendDiagnostics({uri, diagnostics: []})
    const path = pathOf(uri)
    if (!path) return
    // Closed without saving: links into it follow the file on disk again.
    for (const folder of folders.values())
      void folder.state?.then((state) => state instanceof Error || state.linter.forget(path))
    scheduleDependents(path)
  })

  connection.onDidChangeWatchedFiles((params) => {
    let reload = false
    for (const change of params.changes) {
      const path = pathOf(change.uri)
      if (!path) continue
      if (!markdownPath.test(path)) {
        reload = true
        continue
      }
      if (documents.get(change.uri)) continue
      for (const folder of folders.values())
        void folder.state?.then((state) => state instanceof Error || state.linter.forget(path))
      scheduleDependents(path)
    }
    // A config file, a variables file or a site config: every page's settings may change.
    if (reload) reloadAll()
  })

  connection.onCodeAction(async (params) => {
    const {uri} = params.textDocument
    const document = documents.get(uri)
    const path = pathOf(uri)
    const result = await currentResult(uri)
    if (!document || !path || !result) return []
    const only = params.context.only
    const wants = (kind: string) => !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`))
    const actions: CodeAction[] = []
    const offsets = fixOffset(document)
    if (wants(CodeActionKind.QuickFix)) {
      for (const message of result.messages) {
        if (!message.ruleId || message.source !== 'docgap') continue
        const diagnostic = toDiagnostic(message, document)
        if (!overlaps(diagnostic.range, params.range)) continue
        if (message.fix) {
          actions.push({
            title: `Fix: ${fixTitle(message)}`,
            kind: CodeActionKind.QuickFix,
            isPreferred: true,
            diagnostics: [diagnostic],
            edit: {changes: {[uri]: [toTextEdit(message.fix, document, offsets)]}},
          })
        }
        if (isRule(message.ruleId)) {
          actions.push({
            title: `Disable ${message.ruleId} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: {changes: {[uri]: [disableEdit(document, diagnostic.range.start.line, message.ruleId)]}},
          })
        }
        if (message.url) {
          actions.push({
            title: `Show documentation for ${message.ruleId}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            command: {
              title: `Show documentation for ${message.ruleId}`,
              command: openDocumentationCommand,
              arguments: [message.url],
            },
          })
        }
      }
    }
    const fixAll = `${CodeActionKind.SourceFixAll}.docgap`
    // Only when asked for by kind (on save, or from a menu): it edits the whole page.
    if (only && wants(fixAll) && result.messages.some((message) => message.fix)) {
      const {state, folder} = await stateFor(path)
      if (!(state instanceof Error)) {
        const text = document.getText()
        const fixed = fixPage(
          stripBom(text),
          result.messages,
          (value) => lintText(state.linter, folder, path, value).messages,
        )
        const whole: Range = {start: {line: 0, character: 0}, end: document.positionAt(text.length)}
        if (fixed.value !== stripBom(text)) {
          actions.push({
            title: 'Fix all docgap problems that have a certain fix',
            kind: fixAll,
            edit: {
              changes: {[uri]: [{range: whole, newText: (text.startsWith('\uFEFF') ? '\uFEFF' : '') + fixed.value}]},
            },
          })
        }
      }
    }
    return actions
  })

  connection.onExecuteCommand(async (params) => {
    if (params.command !== openDocumentationCommand) return
    const url = params.arguments?.[0]
    if (typeof url !== 'string') return
    if (canShowDocument) await connection.window.showDocument({uri: url, external: true})
    else void Promise.resolve(connection.window.showInformationMessage(`docgap: ${url}`)).catch(() => {})
  })

  connection.onHover(async (params): Promise<Hover | null> => {
    const document = documents.get(params.textDocument.uri)
    const path = pathOf(params.textDocument.uri)
    if (!document || !path || !isMarkdown(document)) return null
    const {state} = await stateFor(path)
    if (state instanceof Error) return null
    const text = document.getText()
    const described = describeVariable(
      text,
      document.offsetAt(params.position),
      path,
      state.linter.settingsFor(path).variables ?? {},
      state.config,
      state.origins,
      folderOf(path).root,
    )
    if (!described) return null
    return {
      contents: {kind: MarkupKind.Markdown, value: described.markdown},
      range: {start: document.positionAt(described.start), end: document.positionAt(described.end)},
    }
  })

  connection.onCompletion(async (params): Promise<CompletionItem[]> => {
    const document = documents.get(params.textDocument.uri)
    const path = pathOf(params.textDocument.uri)
    if (!document || !path || !isMarkdown(document)) return []
    const {state} = await stateFor(path)
    if (state instanceof Error) return []
    const line = document.getText({start: {line: params.position.line, character: 0}, end: params.position})
    const replace = (length: number): Range => ({
      start: {line: params.position.line, character: params.position.character - length},
      end: params.position,
    })
    // `](#par` or `](page.md#par`: heading ids of this page or of the linked one.
    const anchor =
      /\]\(\s*<?([^()\s#<>]*)#([^()\s#<>]*)$/.exec(line) ?? /^\s*\[[^\]]+\]:\s*<?([^\s#<>]*)#([^\s#<>]*)$/.exec(line)
    if (anchor) {
      const target = anchor[1] ? resolve(dirname(path), decodeURIComponent(anchor[1])) : path
      if (!markdownPath.test(target)) return []
      if (target === path) await currentResult(params.textDocument.uri)
      const ids = state.linter.anchors(target)?.ids ?? new Set<string>()
      return [...ids].sort().map((id) => ({
        label: id,
        kind: CompletionItemKind.Reference,
        textEdit: {range: replace(anchor[2]!.length), newText: id},
      }))
    }
    const variables = state.linter.settingsFor(path).variables ?? {}
    const items = variableCompletions(document.getText(), document.offsetAt(params.position), variables)
    if (!items) return []
    return items.names.map((name) => ({
      label: name.label,
      kind: name.hasChildren ? CompletionItemKind.Module : CompletionItemKind.Variable,
      detail: name.detail,
      textEdit: {range: replace(items.partial.length), newText: name.label},
    }))
  })

  connection.onShutdown(() => {
    clearTimeout(reloadTimer)
    for (const {watcher} of watched.values()) watcher?.close()
  })

  documents.listen(connection)
  connection.listen()
  return connection
}

function lintText(linter: PageLinter, folder: Folder, path: string, text: string, parse?: Parse): LintedPage {
  const display = relative(folder.root, path).split(sep).join('/')
  return linter.lint({index: 0, path, display, value: text, track: true}, parse)
}

function isMarkdown(document: TextDocument): boolean {
  return ['markdown', 'mdx'].includes(document.languageId) || markdownPath.test(document.uri)
}

function isRule(ruleId: string): boolean {
  return !['file-error', 'parse-error', 'rule-error', 'inline-config'].includes(ruleId)
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

/** Fix offsets count from after a byte order mark, which the parser drops. */
function fixOffset(document: TextDocument): number {
  return document.getText({start: {line: 0, character: 0}, end: {line: 0, character: 1}}) === '\uFEFF' ? 1 : 0
}

function toTextEdit(fix: Fix, document: TextDocument, shift: number): TextEdit {
  return {
    range: {start: document.positionAt(fix.range[0] + shift), end: document.positionAt(fix.range[1] + shift)},
    newText: fix.text,
  }
}

export function toDiagnostic(message: PlainMessage, document: TextDocument): Diagnostic {
  const line = Math.max(0, (message.line ?? 1) - 1)
  const character = Math.max(0, (message.column ?? 1) - 1)
  const end =
    message.endLine !== undefined
      ? {line: message.endLine - 1, character: Math.max(0, (message.endColumn ?? 1) - 1)}
      : {line, character: lineLength(document, line)}
  const diagnostic: Diagnostic = {
    range: {start: {line, character}, end},
    message: message.reason,
    severity: message.fatal ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'docgap',
  }
  if (message.ruleId) diagnostic.code = message.ruleId
  if (message.url) diagnostic.codeDescription = {href: message.url}
  if (message.fix) diagnostic.data = {fix: message.fix}
  return diagnostic
}

function lineLength(document: TextDocument, line: number): number {
  const text = document.getText({start: {line, character: 0}, end: {line: line + 1, character: 0}})
  return text.replace(/\r?\n$/, '').length
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character)
  return !before(a.end, b.start) && !before(b.end, a.start)
}

function fixTitle(message: PlainMessage): string {
  const fix = message.fix!
  if (fix.text === '') return 'remove it'
  return `change to \`${fix.text}\``
}

/**
 * A `docgap-disable-next-line` comment on its own line above the finding, indented as that line,
 * when the line starts a block (nothing or a blank line above it): there a comment line splits
 * nothing. Inside a paragraph a comment line would split it in two, so the comment goes at the
 * end of the line instead, as `docgap-disable-line`.
 */
function disableEdit(document: TextDocument, line: number, ruleId: string): TextEdit {
  const text = document
    .getText({start: {line, character: 0}, end: {line: line + 1, character: 0}})
    .replace(/\r?\n$/, '')
  const above =
    line === 0 ? '' : document.getText({start: {line: line - 1, character: 0}, end: {line, character: 0}}).trim()
  const eol = document.getText().includes('\r\n') ? '\r\n' : '\n'
  const heading = /^\s{0,3}#{1,6}\s/.test(text)
  if (above === '' || heading || above === '---') {
    const indent = /^\s*/.exec(text)![0]
    return {
      range: {start: {line, character: 0}, end: {line, character: 0}},
      newText: `${indent}<!-- docgap-disable-next-line ${ruleId} -- reason -->${eol}`,
    }
  }
  const end = {line, character: text.length}
  return {range: {start: end, end}, newText: ` <!-- docgap-disable-line ${ruleId} -- reason -->`}
}
