/** Files docgap writes (reports, cache, baseline) are written whole or not at all. */
import {randomBytes} from 'node:crypto'
import {rename, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {DocgapError, describeIoError} from './errors.js'

/**
 * Writes to a temporary file in the same folder, then renames it over the target: a reader, or
 * a run cut short, never sees half a file, and a failed write leaves the old file as it was.
 */
export async function writeFileAtomic(path: string, text: string, display = path): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, text, {flag: 'wx'})
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw new DocgapError(`${display}: cannot write file: ${describeIoError(error)}`)
  }
}
