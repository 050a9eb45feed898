/**
 * Packages loaded on first use, synchronously (rules run synchronously): a pre-commit run on one
 * page should not pay for YAML, edit distances or regex safety checks it never needs.
 */
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

let yamlModule: typeof import('yaml') | undefined
let levenshteinModule: typeof import('fastest-levenshtein') | undefined
let safeRegexModule: typeof import('safe-regex2').default | undefined

/** The `yaml` package. */
export function yaml(): typeof import('yaml') {
  return (yamlModule ??= require('yaml') as typeof import('yaml'))
}

/** `fastest-levenshtein`'s `distance` and `closest`, for did-you-mean hints. */
export function levenshtein(): typeof import('fastest-levenshtein') {
  return (levenshteinModule ??= require('fastest-levenshtein') as typeof import('fastest-levenshtein'))
}

/** `safe-regex2`: whether a pattern can backtrack exponentially. */
export function isSafeRegex(pattern: RegExp): boolean {
  safeRegexModule ??= require('safe-regex2') as typeof import('safe-regex2').default
  return safeRegexModule(pattern)
}
