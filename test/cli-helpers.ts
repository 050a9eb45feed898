/** Runs the built CLI as a subprocess, as users and CI do, in throwaway folders. */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

export const repoRoot = join(import.meta.dirname, '..')
// The bundle users run (package.json `bin`), not the modules it is built from.
export const cliPath = join(repoRoot, 'dist', 'bundle', 'cli.js')

if (!existsSync(cliPath)) {
  throw new Error(`${cliPath} is missing: run \`npm run build\` (npm test does it first)`)
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(
  args: string[],
  options: {cwd?: string; env?: Record<string, string | undefined>; input?: string; uid?: number} = {},
): CliResult {
  const env: Record<string, string | undefined> = {...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env}
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 20_000,
    input: options.input,
    ...(options.uid === undefined ? {} : {uid: options.uid, gid: options.uid}),
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** A temporary folder holding the given files (paths relative to it). */
export function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'docgap-test-'))
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, path)
    mkdirSync(dirname(absolute), {recursive: true})
    writeFileSync(absolute, content)
  }
  return root
}

export interface JsonFile {
  filePath: string
  messages: Array<{ruleId: string; severity: 1 | 2; message: string; line: number; column: number; endLine?: number; endColumn?: number}>
  errorCount: number
  warningCount: number
}

export function parseJsonReport(stdout: string): JsonFile[] {
  return JSON.parse(stdout) as JsonFile[]
}
