/** Reads YAML and JSON data files (config files, variables files) with clear errors. */
import {formatSize, readRegularFile} from '../source.js'
import {DocgapError, describeIoError} from '../errors.js'

/** Config and variables files are small; a larger one is a mistake or an attack on memory. */
export const maxDataFileSize = 10 * 1024 * 1024

export async function readText(path: string, display: string): Promise<string> {
  try {
    // A regular file only, read up to the limit: a FIFO or /dev/zero named here cannot hang docgap.
    const {bytes, size} = readRegularFile(path, maxDataFileSize)
    if (size > maxDataFileSize) {
      throw new DocgapError(
        `${display}: file too large (${formatSize(size)}; configuration and variables files may be up to ${formatSize(maxDataFileSize)})`,
      )
    }
    return Buffer.from(bytes).toString('utf8')
  } catch (error) {
    if (error instanceof DocgapError) throw error
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
    // Bounds alias expansion: a "billion laughs" document is refused, not expanded.
    return document.toJS({maxAliasCount: 100})
  } catch (error) {
    throw new DocgapError(`${display}: invalid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
}
