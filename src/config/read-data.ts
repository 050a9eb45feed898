/** Reads YAML and JSON data files (config files, variables files) with clear errors. */
import {readFile} from 'node:fs/promises'
import {DocgapError, describeIoError} from '../errors.js'

export async function readText(path: string, display: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new DocgapError(`${display}: cannot read file: ${describeIoError(error)}`)
  }
}

/** Parses JSON or YAML by file name (YAML for anything not ending in `.json`). */
export async function parseData(text: string, fileName: string, display: string): Promise<unknown> {
  if (fileName.endsWith('.json')) return parseJson(text, display)
  return parseYaml(text, display)
}

export function parseJson(text: string, display: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new DocgapError(`${display}: invalid JSON: ${(error as Error).message}`)
  }
}

export async function parseYaml(text: string, display: string): Promise<unknown> {
  // Loaded only when a YAML file is actually read: most runs never need it.
  const {parseDocument} = await import('yaml')
  // Custom tags such as mkdocs.yml's `!!python/name:…` stay plain strings; nothing is executed.
  const document = parseDocument(text, {logLevel: 'silent', uniqueKeys: false})
  const error = document.errors[0]
  if (error) {
    const where = error.linePos?.[0] ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : ''
    throw new DocgapError(`${display}: invalid YAML${where}: ${error.message.split('\n')[0]}`)
  }
  try {
    return document.toJS({maxAliasCount: 1000})
  } catch (error) {
    throw new DocgapError(`${display}: invalid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
}
