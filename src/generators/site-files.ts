/** Reading a site's config files: shared by the generators whose config is YAML, JSON or TOML. */
import {relative, sep} from 'node:path'
import {DocgapError} from '../errors.js'
import {parseData, readText} from '../config/read-data.js'

/** A path as `--print-config` and messages show it: relative to the working directory, with `/`. */
export function display(path: string): string {
  const shown = relative(process.cwd(), path) || path
  return sep === '/' ? shown : shown.split(sep).join('/')
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** A YAML or JSON file whose top level must be a mapping (empty: `{}`). */
export async function readMapping(path: string): Promise<Record<string, unknown>> {
  const shown = display(path)
  const data = await parseData(await readText(path, shown), path, shown)
  if (data === null || data === undefined) return {}
  if (!isMapping(data)) throw new DocgapError(`${shown}: expected a mapping at the top level`)
  return data
}

/** The value at a path of keys, each matched without regard to case (as Hugo reads its config). */
export function keyPath(root: unknown, keys: string[]): unknown {
  let value = root
  for (const key of keys) {
    if (!isMapping(value)) return undefined
    const lower = key.toLowerCase()
    const found = Object.keys(value).find((name) => name.toLowerCase() === lower)
    if (found === undefined) return undefined
    value = value[found]
  }
  return value
}
