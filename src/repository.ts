/** Paths as CI systems want them: relative to the repository root, with forward slashes. */
import {existsSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import type {FormatOptions} from './formatters/types.js'

export function repositoryPath(file: VFile, {cwd, root}: Pick<FormatOptions, 'cwd' | 'root'>): string {
  return relative(root, resolve(cwd, file.path)).split(sep).join('/')
}

/** The nearest folder at or above `cwd` holding `.git`, or `cwd` when there is none. */
export function repositoryRoot(cwd: string): string {
  let folder = resolve(cwd)
  for (;;) {
    if (existsSync(join(folder, '.git'))) return folder
    const parent = dirname(folder)
    if (parent === folder) return resolve(cwd)
    folder = parent
  }
}
