import {createRequire} from 'node:module'

// Read from package.json at run time, so a release changes one file.
export const version: string = createRequire(import.meta.url)('../../package.json').version
