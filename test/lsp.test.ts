import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {TextDocument} from 'vscode-languageserver-textdocument'
import type {CodeAction, CompletionItem, Diagnostic, Hover, TextEdit} from 'vscode-languageserver-protocol/node'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cliPath, makeTree, repoRoot} from './cli-helpers.js'
import {startClient, uriOf, type Client} from './lsp-client.js'

const codes = (diagnostics: Diagnostic[]) =>
  diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${diagnostic.code}`).sort()
const applyEdits = (text: string, edits: TextEdit[]) =>
  TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits)

const pageA = `# Install Steps

- one
-
- two

Use {{ site.prodct_name }} and {{ site.version }}.

[Back](#Install_Steps)
`
const pageB = `# Overview

See [the steps](a.md#install-steps).
`

describe('docgap lsp, driven by a real LSP client over stdio', () => {
  let root: string
  let client: Client
  const a = () => uriOf(join(root, 'a.md'))
  const b = () => uriOf(join(root, 'b.md'))

  beforeAll(async () => {
    root = makeTree({
      'docgap.config.json': JSON.stringify({variables: {site: {product_name: 'Kuma', version: '2.1'}}}),
      'a.md': pageA,
      'b.md': pageB,
    })
    client = await startClient(process.execPath, [cliPath, 'lsp', '--stdio'], root)
  })
  afterAll(async () => {
    await client?.stop()
  })

  it('publishes diagnostics for an opened page, with rule id, documentation link and severity', async () => {
    const published = client.nextDiagnostics(a())
    client.open(a(), pageA)
    const diagnostics = await published
    expect(codes(diagnostics)).toEqual(['4:no-empty-list-items', '7:no-unresolved-variables', '9:no-broken-anchors'])
    const variable = diagnostics.find((diagnostic) => diagnostic.code === 'no-unresolved-variables')!
    expect(variable).toMatchObject({
      source: 'docgap',
      severity: 1,
      codeDescription: {href: expect.stringMatching(/rules\/no-unresolved-variables\.md$/)},
      range: {start: {line: 6, character: 4}, end: {line: 6, character: 26}},
    })
    expect(variable.message).toContain('did you mean `site.product_name`')
  })

  it('offers the fix, a disable comment and the rule page as code actions', async () => {
    const diagnostics = client.diagnostics.get(a())!.diagnostics
    const empty = diagnostics.find((diagnostic) => diagnostic.code === 'no-empty-list-items')!
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: {uri: a()},
      range: empty.range,
      context: {diagnostics: [empty]},
    })) as CodeAction[]
    expect(actions.map((action) => action.title)).toEqual([
      'Fix: remove it',
      'Disable no-empty-list-items for this line',
      'Show documentation for no-empty-list-items',
    ])
    const [fix, disable, docs] = actions
    expect(fix!.isPreferred).toBe(true)
    expect(applyEdits(pageA, fix!.edit!.changes![a()]!)).toBe(pageA.replace('-\n- two', '- two'))
    // Right under another item: a comment line would split the list, so the comment ends the line.
    expect(applyEdits(pageA, disable!.edit!.changes![a()]!)).toContain(
      '\n- <!-- docgap-disable-line no-empty-list-items -- reason -->\n',
    )
    await client.connection.sendRequest('workspace/executeCommand', {
      command: docs!.command!.command,
      arguments: docs!.command!.arguments,
    })
    expect(client.shown).toEqual([empty.codeDescription!.href])

    const variable = diagnostics.find((diagnostic) => diagnostic.code === 'no-unresolved-variables')!
    const variableActions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: {uri: a()},
      range: variable.range,
      context: {diagnostics: [variable]},
    })) as CodeAction[]
    expect(variableActions[0]!.title).toBe('Fix: change to `site.product_name`')
    // A paragraph's first line: the comment goes on its own line above.
    expect(applyEdits(pageA, variableActions[1]!.edit!.changes![a()]!)).toContain(
      '\n<!-- docgap-disable-next-line no-unresolved-variables -- reason -->\nUse {{',
    )
    const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: {uri: a()},
      range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}},
      context: {diagnostics: [], only: ['source.fixAll']},
    })) as CodeAction[]
    expect(fixAll).toHaveLength(1)
    expect(applyEdits(pageA, fixAll[0]!.edit!.changes![a()]!)).toBe(
      '# Install Steps\n\n- one\n- two\n\nUse {{ site.product_name }} and {{ site.version }}.\n\n[Back](#install-steps)\n',
    )
  })

  it('keeps positions right while typing inside a word (the tree is updated, not parsed again)', async () => {
    for (const [version, typed] of [
      [20, 'Usex'],
      [21, 'Usexy'],
      [22, 'Usey'],
    ] as const) {
      const text = pageA.replace('Use {{', `${typed} {{`)
      const published = client.nextDiagnostics(a(), () => true)
      client.change(a(), version, text)
      const variable = (await published).find((diagnostic) => diagnostic.code === 'no-unresolved-variables')!
      expect(variable.range.start, typed).toEqual({line: 6, character: typed.length + 1})
      expect(variable.range.end, typed).toEqual({line: 6, character: typed.length + 23})
    }
    const restored = client.nextDiagnostics(a(), () => true)
    client.change(a(), 23, pageA)
    expect(codes(await restored)).toEqual(['4:no-empty-list-items', '7:no-unresolved-variables', '9:no-broken-anchors'])
  })

  it('lints the unsaved text as it changes', async () => {
    const edited = pageA.replace('prodct_name', 'product_name')
    const published = client.nextDiagnostics(
      a(),
      (diagnostics) => !codes(diagnostics).includes('7:no-unresolved-variables'),
    )
    client.change(a(), 30, edited)
    expect(codes(await published)).toEqual(['4:no-empty-list-items', '9:no-broken-anchors'])
  })

  it('hovers a variable with where it is defined, or the closest names', async () => {
    const defined = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: {uri: a()},
      position: {line: 6, character: 10},
    })) as Hover
    expect((defined.contents as {value: string}).value).toMatch(
      /`site.product_name` = "Kuma"\n\nDefined in \[docgap\.config\.json\]\(file:.*\), key `variables\.site\.product_name`/,
    )
    const edited = pageA.replace('prodct_name', 'produkt_nam')
    const published = client.nextDiagnostics(a(), (diagnostics) =>
      codes(diagnostics).includes('7:no-unresolved-variables'),
    )
    client.change(a(), 31, edited)
    await published
    const missing = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: {uri: a()},
      position: {line: 6, character: 10},
    })) as Hover
    expect((missing.contents as {value: string}).value).toContain('Closest defined: `site.product_name`')
  })

  it('completes variable names after `{{ site.` and heading ids after `](#` and `](page.md#`', async () => {
    const text = `${pageA}\n{{ site.\n\n[x](#\n`
    const published = client.nextDiagnostics(a())
    client.change(a(), 32, text)
    await published
    const lines = text.split('\n')
    const at = (prefix: string) => ({
      line: lines.findIndex((line) => line.startsWith(prefix)),
      character: prefix.length,
    })
    const variables = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: {uri: a()},
      position: at('{{ site.'),
    })) as CompletionItem[]
    expect(variables.map((item) => item.label).sort()).toEqual(['product_name', 'version'])
    const ids = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: {uri: a()},
      position: at('[x](#'),
    })) as CompletionItem[]
    expect(ids.map((item) => item.label)).toEqual(['install-steps'])

    const openB = client.nextDiagnostics(b())
    client.open(b(), pageB)
    expect(await openB).toEqual([])
    const linked = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: {uri: b()},
      position: {line: 2, character: 'See [the steps](a.md#inst'.length},
    })) as CompletionItem[]
    expect(linked.map((item) => item.label)).toEqual(['install-steps'])
  })

  it('renaming a heading in an open page updates the broken-anchor findings of the pages linking to it', async () => {
    const brokenInB = client.nextDiagnostics(b(), (diagnostics) => diagnostics.length > 0)
    client.change(a(), 33, pageA.replace('# Install Steps', '# Setup Steps'))
    const diagnostics = await brokenInB
    expect(codes(diagnostics)).toEqual(['3:no-broken-anchors'])
    expect(diagnostics[0]!.message).toContain('a.md#install-steps')
    // The file on disk still has the old heading: the buffer won. Renaming it back clears b.md.
    const clean = client.nextDiagnostics(b(), (found) => found.length === 0)
    client.change(a(), 34, pageA)
    await clean
  })

  it('publishes again on save and reloads when the configuration changes', async () => {
    const saved = client.nextDiagnostics(a())
    void client.connection.sendNotification('textDocument/didSave', {textDocument: {uri: a()}})
    expect(codes(await saved)).toContain('4:no-empty-list-items')

    writeFileSync(
      join(root, 'docgap.config.json'),
      JSON.stringify({
        variables: {site: {prodct_name: 'Kuma', version: '2.1'}},
        rules: {'no-empty-list-items': 'off', 'no-broken-anchors': 'warn'},
      }),
    )
    const reloaded = client.nextDiagnostics(a(), (diagnostics) => !codes(diagnostics).includes('4:no-empty-list-items'))
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{uri: uriOf(join(root, 'docgap.config.json')), type: 2}],
    })
    const diagnostics = await reloaded
    expect(codes(diagnostics)).toEqual(['9:no-broken-anchors'])
    expect(diagnostics[0]!.severity).toBe(2)
  })

  it('reports a broken configuration on the page instead of failing', async () => {
    writeFileSync(join(root, 'docgap.config.json'), '{"rules": {"no-such-rule": "error"}}')
    const broken = client.nextDiagnostics(a(), (diagnostics) =>
      diagnostics.some((diagnostic) => diagnostic.message.includes('no-such-rule')),
    )
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{uri: uriOf(join(root, 'docgap.config.json')), type: 2}],
    })
    const [diagnostic] = await broken
    expect(diagnostic!.message).toMatch(/^docgap: docgap\.config\.json: /)
    expect(diagnostic!.range.start).toEqual({line: 0, character: 0})
    expect(client.messages).toEqual([diagnostic!.message])
  })
})

describe('docgap lsp with a client that watches no files for it', () => {
  it('watches the configuration and the variables files itself, and lints again when they change', async () => {
    const page = 'Made by {{ site.product_name }}.\n'
    const root = makeTree({
      'docgap.config.json': JSON.stringify({variables: {site: 'site.yml'}}),
      'site.yml': 'version: 1\n',
      'other.yml': 'version: 2\n',
      'a.md': page,
    })
    // No workspace.didChangeWatchedFiles: the client will never say that a file changed.
    const client = await startClient(process.execPath, [cliPath, 'lsp', '--stdio'], root, process.env, {
      workspace: {workspaceFolders: true},
      textDocument: {publishDiagnostics: {versionSupport: true}},
    })
    try {
      const uri = uriOf(join(root, 'a.md'))
      const first = client.nextDiagnostics(uri)
      client.open(uri, page)
      expect(codes(await first)).toEqual(['1:no-unresolved-variables'])
      // No lint the opening scheduled may still be pending when the file changes: only the watcher can lint again.
      await new Promise((resolve) => setTimeout(resolve, 500))
      // The variables file named by the configuration now defines the name.
      const defined = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 0)
      writeFileSync(join(root, 'site.yml'), 'version: 1\nproduct_name: Kuma\n')
      await defined
      // The configuration now names another variables file, which does not.
      const undefinedAgain = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 1)
      writeFileSync(join(root, 'docgap.config.json'), JSON.stringify({variables: {site: 'other.yml'}}))
      expect(codes(await undefinedAgain)).toEqual(['1:no-unresolved-variables'])
    } finally {
      await client.stop()
    }
  })
})

describe('the command lines the editor snippets use start the server', () => {
  const root = makeTree({'x.md': '# X\n'})
  const commands: Array<[string, string[]]> = [
    ['docgap lsp', [cliPath, 'lsp']],
    ['docgap lsp --stdio (VS Code, vscode-languageclient)', [cliPath, 'lsp', '--stdio']],
    ['docgap-language-server --stdio', [join(repoRoot, 'dist', 'bundle', 'language-server.js'), '--stdio']],
  ]
  it.each(commands)('%s answers initialize and shuts down', async (_name, args) => {
    const client = await startClient(process.execPath, args, root)
    const published = client.nextDiagnostics(uriOf(join(root, 'x.md')))
    client.open(uriOf(join(root, 'x.md')), '# X\n\n-\n')
    expect(codes(await published)).toEqual(['3:no-empty-list-items'])
    await client.stop()
    expect(client.process.exitCode).toBe(0)
  })
})

describe('docs/editors.md: each editor snippet starts the server with the command it gives', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'editors.md'), 'utf8')
  const strings = (text: string) => [...text.matchAll(/["']([^"']+)["']/g)].map((match) => match[1]!)
  const snippets: Array<[string, string[]]> = [
    ...[...doc.matchAll(/cmd = \{([^}]*)\}/g)].map((match, index): [string, string[]] => [
      `Neovim ${index + 1}`,
      strings(match[1]!),
    ]),
    ...[...doc.matchAll(/command = "([^"]+)"\nargs = \[([^\]]*)\]/g)].map((match): [string, string[]] => [
      'Helix',
      [match[1]!, ...strings(match[2]!)],
    ]),
    ...[...doc.matchAll(/gfm-mode\) \. \(([^)]*)\)/g)].map((match): [string, string[]] => [
      'Emacs',
      strings(match[1]!),
    ]),
    ...[...doc.matchAll(/"binary": \{"path": "([^"]+)", "arguments": \[([^\]]*)\]\}/g)].map(
      (match): [string, string[]] => ['Zed', [match[1]!, ...strings(match[2]!)]],
    ),
  ]

  it('finds a command in every snippet', () => {
    expect(snippets.map(([name]) => name)).toEqual(['Neovim 1', 'Neovim 2', 'Helix', 'Emacs', 'Zed'])
  })

  it.each(snippets)('%s: the command answers initialize in a project with docgap installed', async (_name, command) => {
    // A docs project with docgap in node_modules, as `npm install --save-dev docgap` leaves it.
    const root = makeTree({'package.json': '{"name": "docs", "private": true}', 'x.md': '# X\n'})
    mkdirSync(join(root, 'node_modules', '.bin'), {recursive: true})
    symlinkSync(cliPath, join(root, 'node_modules', '.bin', 'docgap'))
    const [program, ...args] = command
    const executable = program === 'npx' ? join(dirname(process.execPath), 'npx') : program!
    const client = await startClient(executable, args, root)
    const published = client.nextDiagnostics(uriOf(join(root, 'x.md')))
    client.open(uriOf(join(root, 'x.md')), '# X\n\n-\n')
    expect(codes(await published)).toEqual(['3:no-empty-list-items'])
    await client.stop()
  })
})
