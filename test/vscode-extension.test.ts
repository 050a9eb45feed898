/**
 * The VS Code extension (editors/vscode): packaged with @vscode/vsce, and it finds the docgap a
 * workspace installed. It has its own package.json and node_modules (not the root's): the test
 * needs `npm ci --prefix editors/vscode --ignore-scripts` first (CI's .ci/run does it), and is
 * skipped, saying so, without it.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeTree, repoRoot} from './cli-helpers.js'

const extensionDir = join(repoRoot, 'editors', 'vscode')
const installed = existsSync(join(extensionDir, 'node_modules', '.bin', 'vsce'))
if (!installed)
  console.warn(
    'editors/vscode: skipped, its dependencies are not installed (npm ci --prefix editors/vscode --ignore-scripts; .ci/run does)',
  )

describe.skipIf(!installed)('the VS Code extension', () => {
  it('compiles and packages with vsce, with the language client and without its sources', () => {
    const result = spawnSync('npm', ['run', 'package'], {cwd: extensionDir, encoding: 'utf8', timeout: 120_000})
    expect(result.status, result.stderr + result.stdout).toBe(0)
    const listing = spawnSync(join(extensionDir, 'node_modules', '.bin', 'vsce'), ['ls'], {
      cwd: extensionDir,
      encoding: 'utf8',
    }).stdout
    const files = listing.split('\n').filter(Boolean)
    expect(files).toContain('out/extension.js')
    expect(files).toContain('node_modules/vscode-languageclient/node.js')
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('node_modules/typescript/'))).toEqual([])
    const vsix = readFileSync(join(extensionDir, 'docgap-vscode.vsix'))
    // A zip file, holding the manifest VS Code reads.
    expect(vsix.subarray(0, 2).toString()).toBe('PK')
    expect(vsix.includes('extension.vsixmanifest')).toBe(true)
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as {
      activationEvents: string[]
      main: string
    }
    expect(manifest.activationEvents).toEqual(['onLanguage:markdown', 'onLanguage:mdx'])
    expect(existsSync(join(extensionDir, manifest.main))).toBe(true)
  }, 180_000)

  it('starts the docgap installed in the workspace, found from a folder upward', () => {
    const root = makeTree({'docs/guide/page.md': '# Page\n'})
    mkdirSync(join(root, 'node_modules', 'docgap', 'dist', 'bundle'), {recursive: true})
    writeFileSync(
      join(root, 'node_modules', 'docgap', 'package.json'),
      JSON.stringify({name: 'docgap', bin: {docgap: 'dist/bundle/cli.js'}}),
    )
    writeFileSync(join(root, 'node_modules', 'docgap', 'dist', 'bundle', 'cli.js'), '')
    // The extension's module with a stand-in for the `vscode` API it reads.
    const fakeVscode = {workspace: {workspaceFolders: [{uri: {fsPath: join(root, 'docs', 'guide')}}]}}
    const require = createRequire(join(extensionDir, 'out', 'extension.js'))
    const Module = require('node:module') as {_load: (request: string, ...rest: unknown[]) => unknown}
    const load = Module._load
    Module._load = (request, ...rest) => (request === 'vscode' ? fakeVscode : load(request, ...rest))
    try {
      const extension = require(join(extensionDir, 'out', 'extension.js')) as {
        findDocgap(configured: string): string | undefined
      }
      expect(extension.findDocgap('')).toBe(join(root, 'node_modules', 'docgap', 'dist', 'bundle', 'cli.js'))
      expect(extension.findDocgap(join(root, 'missing.js'))).toBeUndefined()
      fakeVscode.workspace.workspaceFolders = [{uri: {fsPath: makeTree({})}}]
      expect(extension.findDocgap('')).toBeUndefined()
    } finally {
      Module._load = load
    }
  })
})
