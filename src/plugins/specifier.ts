import {isAbsolute} from 'node:path'

/** Whether a `plugins` or `extends` entry names a file (`./x.mjs`, `../shared/base.json`, an absolute path) rather than a package. */
export function isPathSpecifier(specifier: string): boolean {
  return /^\.\.?(?:[/\\]|$)/.test(specifier) || isAbsolute(specifier) || specifier.startsWith('file:')
}
