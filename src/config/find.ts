/** Finds the configuration file (from the working directory upward) and reads its raw contents. */
import {existsSync} from 'node:fs'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {DocgapError} from '../errors.js'
import {parseData, parseJson, readText} from './read-data.js'

/** Looked for in this order in each folder, as ESLint and markdownlint-cli2 users expect. */
export const configFileNames = [
  'docgap.config.json',
  'docgap.config.yaml',
  'docgap.config.yml',
  'docgap.config.mjs',
  'docgap.config.js',
  '.docgaprc.json',
  '.docgaprc.yaml',
  '.docgaprc',
  'package.json',
]

export interface RawConfig {
  /** Absolute path of the file, undefined when no configuration file was found. */
  path?: string
  /** The path as shown in messages, relative to the working directory. */
  display: string
  value: unknown
}

export async function findConfig(cwd: string, explicit?: string): Promise<RawConfig> {
  if (explicit) {
    const path = resolve(cwd, explicit)
    if (!existsSync(path)) throw new DocgapError(`${explicit}: cannot read config file: no such file or directory`)
    return readConfig(path, explicit)
  }
  let folder = resolve(cwd)
  for (;;) {
    for (const name of configFileNames) {
      const path = join(folder, name)
      if (!existsSync(path)) continue
      const display = relative(cwd, path) || name
      if (name === 'package.json') {
        const manifest = parseJson(await readText(path, display), display) as Record<string, unknown> | null
        if (manifest && typeof manifest === 'object' && 'docgap' in manifest) {
          return {path, display: `${display} ("docgap" key)`, value: manifest.docgap}
        }
        continue
      }
      return readConfig(path, display)
    }
    const parent = dirname(folder)
    if (parent === folder) return {display: '(no config file)', value: {}}
    folder = parent
  }
}

export async function readConfig(path: string, display: string): Promise<RawConfig> {
  const name = basename(path)
  if (/\.(mjs|cjs|js)$/.test(name)) {
    // JavaScript configuration runs code, as ESLint's does: the README says so.
    try {
      const module = await import(pathToFileURL(path).href)
      return {path, display, value: module.default}
    } catch (error) {
      throw new DocgapError(`${display}: cannot load config file: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  const text = await readText(path, display)
  if (name === 'package.json') {
    const manifest = parseJson(text, display) as Record<string, unknown> | null
    return {path, display, value: manifest && typeof manifest === 'object' ? (manifest.docgap ?? {}) : {}}
  }
  // `.docgaprc` may hold JSON or YAML; YAML reads both.
  const value = await parseData(text, name === '.docgaprc' ? '.docgaprc.yaml' : name, display)
  return {path, display, value: value ?? {}}
}
