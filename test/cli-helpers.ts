/** Runs the built CLI as a subprocess, as users and CI do, in throwaway folders. */
import {spawnSync} from 'node:child_process'
import {chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync} from 'node:fs'
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
  options: {
    cwd?: string
    env?: Record<string, string | undefined>
    input?: string
    uid?: number
    cli?: string
    timeout?: number
  } = {},
): CliResult {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...options.env,
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const result = spawnSync(process.execPath, [options.cli ?? cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    // A hang must end the test, but a whole-tree run on a busy shared machine may need longer.
    timeout: options.timeout ?? 20_000,
    input: options.input,
    ...(options.uid === undefined ? {} : {uid: options.uid, gid: options.uid}),
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

/**
 * The CLI as an unprivileged user runs it, for tests about file permissions (root reads every file
 * whatever its mode). As root: a copy of the bundle, in a folder anyone can read (the clone may sit
 * in a 0700 folder such as /root), run as `nobody`; or, when this platform cannot drop privileges,
 * the reason to skip. Otherwise the bundle itself, as the current user.
 */
export function unprivilegedCli(): {cli: string; uid?: number} | {skip: string} {
  if (process.getuid?.() !== 0) return {cli: cliPath}
  const nobody = 65534
  const root = mkdtempSync(join(tmpdir(), 'docgap-cli-'))
  cpSync(join(repoRoot, 'dist', 'bundle'), join(root, 'dist', 'bundle'), {recursive: true})
  // The bundle reads the version from the package file two folders up.
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'))
  const readable = (path: string) => {
    chmodSync(path, 0o755)
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) readable(join(path, name))
  }
  readable(root)
  const cli = join(root, 'dist', 'bundle', 'cli.js')
  const probe = spawnSync(process.execPath, [cli, '--version'], {uid: nobody, gid: nobody, encoding: 'utf8'})
  if (probe.status !== 0)
    return {skip: `cannot run docgap as nobody here: ${probe.error?.message ?? probe.stderr.trim()}`}
  return {cli, uid: nobody}
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
  messages: Array<{
    ruleId: string
    severity: 1 | 2
    message: string
    line: number
    column: number
    endLine?: number
    endColumn?: number
  }>
  errorCount: number
  warningCount: number
}

export function parseJsonReport(stdout: string): JsonFile[] {
  return JSON.parse(stdout) as JsonFile[]
}
