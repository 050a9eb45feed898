/**
 * Links written as routes of the built site (`/guides/components/`, `../reference/site-config`),
 * mapped back to the source pages they are built from: shared by the generators whose pages link
 * by route (VitePress, Starlight). Pure path arithmetic; the rule asks which candidate exists.
 */
import {readdirSync} from 'node:fs'
import {join, posix} from 'node:path'

/** A route's path (no query, no fragment) as a page path without extension: `guide/`, `guide/x`. */
export function routePath(route: string): string {
  return route.replace(/[?#].*$/, '').replace(/^\/+/, '')
}

/**
 * The page files a route may be built from, relative to the content root: `guide/x` →
 * `guide/x.md`, `guide/x/index.md`; `guide/` → `guide/index.md` where a trailing slash names a
 * folder (VitePress), else also `guide.md` (Astro's routes end in a slash); `''` → `index.md`.
 */
export function pageFiles(path: string, extensions: readonly string[], slashIsFolder = true): string[] {
  const bare = path.replace(/\.(?:html?|md|mdx)$/i, '')
  const folder = bare === '' || (slashIsFolder && bare.endsWith('/'))
  const stem = bare.replace(/\/+$/, '')
  const files: string[] = []
  for (const extension of extensions) {
    if (!folder) files.push(`${stem}.${extension}`)
    files.push(`${stem === '' ? '' : `${stem}/`}index.${extension}`)
  }
  return files
}

/** A path-to-regexp pattern of VitePress' `rewrites` (`packages/:pkg/src/:slug*`) as a regular expression. */
function patternRegExp(pattern: string): {regexp: RegExp; names: string[]} {
  const names: string[] = []
  let source = ''
  const parts = pattern.split(/(:[A-Za-z_]\w*[*+?]?)/)
  parts.forEach((part, index) => {
    if (index % 2 === 0) {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      return
    }
    const name = /^:(\w+)/.exec(part)![1]!
    names.push(name)
    source += part.endsWith('*') || part.endsWith('+') ? '(.*)' : '([^/]+)'
  })
  return {regexp: new RegExp(`^${source}$`), names}
}

/** Rewrites one path by `from` → `to` patterns; undefined when `from` does not match it. */
export function rewrite(path: string, from: string, to: string): string | undefined {
  const {regexp, names} = patternRegExp(from)
  const match = regexp.exec(path)
  if (!match) return undefined
  const values = new Map(names.map((name, index) => [name, match[index + 1] ?? '']))
  return to
    .replace(/:([A-Za-z_]\w*)[*+?]?/g, (_all, name: string) => values.get(name) ?? '')
    .replace(/\/{2,}/g, '/')
    .replace(/^\//, '')
}

/** Resolves a relative route against the route of the page it is written in (`guide/x.md`). */
export function resolveRoute(route: string, pageRoute: string): string {
  if (route.startsWith('/')) return routePath(route)
  const joined = posix.join(posix.dirname(`/${pageRoute}`), route.replace(/[?#].*$/, ''))
  const trailing = route.replace(/[?#].*$/, '').endsWith('/') && !joined.endsWith('/') ? '/' : ''
  return routePath(joined + trailing)
}

/** Whether a folder (or one below it, up to a few levels) holds a dynamic route file (`[slug].md`, `[...path].astro`). */
export function hasDynamicRoutes(folder: string, depth = 6): boolean {
  let entries
  try {
    entries = readdirSync(folder, {withFileTypes: true})
  } catch {
    return false
  }
  for (const entry of entries) {
    if (entry.name.startsWith('[')) return true
    if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      if (hasDynamicRoutes(join(folder, entry.name), depth - 1)) return true
  }
  return false
}

/** A string value set in a JavaScript config read as text (`srcDir: 'src'`); undefined when not a literal. */
export function stringSetting(text: string, key: string): string | undefined {
  return new RegExp(`(?:^|[\\s,{])${key}\\s*:\\s*(['"\`])([^'"\`\\n]*)\\1`, 'm').exec(text)?.[2]
}

/** A boolean set in a JavaScript config read as text (`cleanUrls: true`). */
export function booleanSetting(text: string, key: string): boolean | undefined {
  const value = new RegExp(`(?:^|[\\s,{])${key}\\s*:\\s*(true|false)\\b`, 'm').exec(text)?.[1]
  return value === undefined ? undefined : value === 'true'
}

/**
 * The string pairs of an object literal in a JavaScript config read as text
 * (`rewrites: { 'en/:rest*': ':rest*' }`); `code` when the key is set another way (a function, a
 * variable); none when it is not set.
 */
export function objectPairs(text: string, key: string): Array<[string, string]> | 'code' {
  const start = new RegExp(`(?:^|[\\s,{])${key}\\s*(:\\s*\\{|[:(])`, 'm').exec(text)
  if (!start) return []
  if (!start[1]!.endsWith('{')) return 'code'
  let depth = 1
  let index = start.index + start[0].length
  for (; index < text.length && depth > 0; index++) {
    if (text[index] === '{') depth++
    else if (text[index] === '}') depth--
  }
  const body = text.slice(start.index + start[0].length, index - 1)
  const pairs: Array<[string, string]> = []
  for (const match of body.matchAll(/(['"`])([^'"`\n]*)\1\s*:\s*(['"`])([^'"`\n]*)\3/g))
    pairs.push([match[2]!, match[4]!])
  return pairs
}
