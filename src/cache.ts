/**
 * `--cache`: a file whose content, configuration and docgap version are unchanged since the last
 * run is not parsed again; its findings come from the cache. Rules that follow links into other
 * pages make a page's findings depend on those pages too, so each entry records what it read
 * (the anchors of a linked page, whether a linked file exists) and is reused only while all of
 * that is unchanged.
 */
import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {dirname, relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import type {Anchors, DocumentIndex} from './rule.js'
import {writeFileAtomic} from './write-file.js'

const formatVersion = 1

interface CachedMessage {
  reason: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  ruleId?: string
  source?: string
  url?: string
  fatal: boolean
}

/** Something a page's findings depend on besides its own content. */
interface Dependency {
  path: string
  /** Content hash of a page whose anchors were read, or whether a path exists. */
  state: string
}

interface Entry {
  hash: string
  messages: CachedMessage[]
  anchors?: {ids: string[]; complete: boolean}
  dependencies: Dependency[]
}

interface CacheData {
  format: number
  key: string
  files: Record<string, Entry>
}

export interface LoadedCache {
  /** A warning to show when the cache file was unreadable and is rebuilt. */
  warning?: string
  /** The entry for this file when it is still valid for this content. */
  lookup(path: string, content: Uint8Array): Entry | undefined
  /** A document index that notes every page and path a file's rules looked at, for `store`. */
  track(index: DocumentIndex, dependencies: Dependency[]): DocumentIndex
  store(path: string, content: Uint8Array, file: VFile, dependencies: Dependency[], anchors: Anchors | undefined): void
  save(): Promise<void>
}

export function hashContent(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('base64url').slice(0, 24)
}

/** A key for everything besides the file that decides its findings: configuration and version. */
export function cacheKey(parts: unknown): string {
  const text = JSON.stringify(parts, (_key, value: unknown) => {
    if (value instanceof RegExp) return `/${value.source}/${value.flags}`
    if (value instanceof Set) return [...value]
    if (value instanceof Map) return [...value]
    if (typeof value === 'function') return String(value)
    return value
  })
  return hashContent(text)
}

export async function loadCache(location: string, display: string, key: string): Promise<LoadedCache> {
  const base = dirname(location)
  let data: CacheData = {format: formatVersion, key, files: {}}
  let warning: string | undefined
  if (existsSync(location)) {
    try {
      const parsed = JSON.parse(await readFile(location, 'utf8')) as CacheData
      if (!isCacheData(parsed)) throw new Error('unexpected shape')
      // Another configuration or docgap version: nothing in it can be trusted.
      if (parsed.format === formatVersion && parsed.key === key) data = parsed
    } catch {
      warning = `${display}: the cache file is unreadable or corrupt; it was discarded and will be rebuilt`
    }
  }
  const name = (path: string) => relative(base, path).split(sep).join('/')
  // Each linked page is hashed, and each path checked, at most once a run: by the lookups that
  // validate entries and by the tracking that records new ones alike.
  const states = new Map<string, string>()
  const stateOf = (kind: 'exists' | 'content', path: string): string => {
    const key = `${kind}:${path}`
    let state = states.get(key)
    if (state === undefined) {
      state = kind === 'exists' ? `exists:${existsSync(path)}` : stateOfContent(path)
      states.set(key, state)
    }
    return state
  }
  const currentState = (dependency: Dependency): string =>
    stateOf(dependency.state.startsWith('exists:') ? 'exists' : 'content', resolve(base, dependency.path))
  return {
    warning,
    track(index, dependencies) {
      return {
        exists(path) {
          const found = index.exists(path)
          dependencies.push({path, state: `exists:${found}`})
          return found
        },
        anchors(path) {
          dependencies.push({path, state: stateOf('content', resolve(path))})
          return index.anchors(path)
        },
      }
    },
    lookup(path, content) {
      const entry = data.files[name(path)]
      if (!entry || entry.hash !== hashContent(content)) return undefined
      return entry.dependencies.every((dependency) => currentState(dependency) === dependency.state) ? entry : undefined
    },
    store(path, content, file, dependencies, anchors) {
      data.files[name(path)] = {
        hash: hashContent(content),
        messages: file.messages.map((message) => {
          const end = message.place && 'end' in message.place ? message.place.end : undefined
          return {
            reason: message.reason,
            line: message.line,
            column: message.column,
            endLine: end?.line,
            endColumn: end?.column,
            ruleId: message.ruleId,
            source: message.source,
            url: message.url,
            fatal: Boolean(message.fatal),
          }
        }),
        anchors: anchors ? {ids: [...anchors.ids], complete: anchors.complete} : undefined,
        dependencies: dependencies.map((dependency) => ({...dependency, path: name(dependency.path)})),
      }
    },
    async save() {
      // Entries of pages that are gone would only grow the file.
      for (const path of Object.keys(data.files)) if (!existsSync(resolve(base, path))) delete data.files[path]
      await writeFileAtomic(location, JSON.stringify(data), display)
    },
  }
}

/** Puts cached findings back on a file, as the rules reported them. */
export function restoreMessages(file: VFile, entry: Entry): void {
  for (const cached of entry.messages) {
    const start = cached.line === undefined ? undefined : {line: cached.line, column: cached.column ?? 1}
    const place =
      start && cached.endLine !== undefined ? {start, end: {line: cached.endLine, column: cached.endColumn ?? start.column}} : start
    const message = file.message(cached.reason, {place, ruleId: cached.ruleId, source: cached.source})
    if (cached.url) message.url = cached.url
    message.fatal = cached.fatal
  }
}

export function cachedAnchors(entry: Entry): Anchors | undefined {
  return entry.anchors ? {ids: new Set(entry.anchors.ids), complete: entry.anchors.complete} : undefined
}

function stateOfContent(path: string): string {
  try {
    return hashContent(readFileSync(path))
  } catch {
    return 'missing'
  }
}

function isCacheData(value: unknown): value is CacheData {
  if (!value || typeof value !== 'object') return false
  const data = value as CacheData
  if (typeof data.format !== 'number' || typeof data.key !== 'string' || !data.files || typeof data.files !== 'object') return false
  return Object.values(data.files).every(
    (entry) =>
      entry &&
      typeof entry.hash === 'string' &&
      Array.isArray(entry.messages) &&
      entry.messages.every((message) => message && typeof message.reason === 'string') &&
      Array.isArray(entry.dependencies),
  )
}
