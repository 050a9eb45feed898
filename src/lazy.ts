/**
 * Packages loaded on first use, synchronously (rules run synchronously): a pre-commit run on one
 * page should not pay for YAML or edit distances it never needs.
 */
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

let yamlModule: typeof import('yaml') | undefined
let levenshteinModule: typeof import('fastest-levenshtein') | undefined

/** The `yaml` package. */
export function yaml(): typeof import('yaml') {
  return (yamlModule ??= require('yaml') as typeof import('yaml'))
}

/** `fastest-levenshtein`'s `distance` and `closest`, for did-you-mean hints. */
export function levenshtein(): typeof import('fastest-levenshtein') {
  return (levenshteinModule ??= require('fastest-levenshtein') as typeof import('fastest-levenshtein'))
}
