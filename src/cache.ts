/**
 * `--cache`: a file whose content, configuration and docgap version are unchanged since the last
 * run is not parsed again; its findings come from the cache. Rules that follow links into other
 * pages make a page's findings depend on those pages too, so each entry records what it read
 * (the anchors of a linked page, whether a linked file exists) and is reused only while all of
 * that is unchanged.
 */
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {dirname, relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import type {Anchors} from './rule.js'
import {restoreMessages, type PlainMessage} from './messages.js'
import type {Dependency, LintedPage} from './page-linter.js'
import type {CachedTemplates} from './templates.js'
import {readRegularFile, readTextFile} from './source.js'
import {writeFileAtomic} from './write-file.js'

// 2: findings carry their fixes.
const formatVersion = 2

interface Entry {
  hash: string
  messages: PlainMessage[]
  anchors?: {ids: string[]; complete: boolean; private?: string[]}
  dependencies: Dependency[]
}

interface CacheData {
  format: number
  key: string
  files: Record<string, Entry>
  /** What was learned about the repository's templates; checked on its own, by its stamp. */
  templates?: CachedTemplates
}

/** The cache file as read, before its key is checked. */
export interface CacheFile {
  parsed?: CacheData
  warning?: string
}

export interface LoadedCache {
  /** A warning to show when the cache file was unreadable and is rebuilt. */
  warning?: string
  /** The entry for this file when it is still valid for this content (by its `hashContent`). */
  lookup(path: string, hash: string): Entry | undefined
  /**
   * Records a page's findings. `dependencies` are what its rules read of other pages, as the
   * linter noted them; a page whose anchors were read is recorded by its content hash.
   */
  store(path: string, hash: string, page: LintedPage): void
  save(): Promise<void>
  /** What an earlier run learned about templates, whatever the key. */
  templates?: CachedTemplates
  /** Keeps what this run learned about templates. */
  storeTemplates(templates: CachedTemplates | undefined): void
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

/** Reads the cache file once; `loadCache` then checks its key. */
export async function readCacheFile(location: string, display: string): Promise<CacheFile> {
  if (!existsSync(location)) return {}
  try {
    const parsed = JSON.parse(readTextFile(location)) as CacheData
    if (!isCacheData(parsed)) throw new Error('unexpected shape')
    return {parsed}
  } catch {
    return {warning: `${display}: the cache file is unreadable or corrupt; it was discarded and will be rebuilt`}
  }
}

export async function loadCache(
  location: string,
  display: string,
  key: string,
  file?: CacheFile,
): Promise<LoadedCache> {
  const base = dirname(location)
  let data: CacheData = {format: formatVersion, key, files: {}}
  const {parsed, warning} = file ?? (await readCacheFile(location, display))
  // Another configuration or docgap version: nothing in it can be trusted.
  if (parsed && parsed.format === formatVersion && parsed.key === key) data = parsed
  const learned = parsed?.format === formatVersion ? parsed.templates : undefined
  data.templates = learned
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
    templates: learned,
    storeTemplates(templates) {
      data.templates = templates
    },
    lookup(path, hash) {
      const key = name(path)
      const entry = Object.hasOwn(data.files, key) ? data.files[key] : undefined
      if (!entry || entry.hash !== hash) return undefined
      return entry.dependencies.every((dependency) => currentState(dependency) === dependency.state) ? entry : undefined
    },
    store(path, hash, page) {
      data.files[name(path)] = {
        hash,
        messages: page.messages,
        anchors: page.anchors,
        dependencies: (page.dependencies ?? []).map((dependency) => ({
          path: name(dependency.path),
          state: dependency.state === 'content' ? stateOf('content', resolve(dependency.path)) : dependency.state,
        })),
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
export function restoreCachedMessages(file: VFile, entry: Entry): void {
  restoreMessages(file, entry.messages)
}

export function cachedAnchors(entry: Entry): Anchors | undefined {
  if (!entry.anchors) return undefined
  const {ids, complete, private: hidden} = entry.anchors
  return hidden ? {ids: new Set(ids), complete, private: new Set(hidden)} : {ids: new Set(ids), complete}
}

function stateOfContent(path: string): string {
  try {
    // Only a regular file, and only its start when it is huge (with its size): never a device.
    const {bytes, size} = readRegularFile(path, 64 * 1024 * 1024)
    return size === bytes.length ? hashContent(bytes) : `${hashContent(bytes)}:${size}`
  } catch {
    return 'missing'
  }
}

// The cache file is input like any other: whoever or whatever wrote it, a field of the wrong
// type must not reach the code that trusts it. Anything unexpected discards the whole file.
function isCacheData(value: unknown): value is CacheData {
  if (!isObject(value)) return false
  if (typeof value.format !== 'number' || typeof value.key !== 'string' || !isObject(value.files)) return false
  if (value.templates !== undefined && !isCachedTemplates(value.templates)) return false
  return Object.values(value.files).every(isEntry)
}

// The shape no-template-residue reads back; the sentences' own fields are its to check.
function isCachedTemplates(value: unknown): boolean {
  if (!isObject(value) || typeof value.stamp !== 'string' || !Array.isArray(value.templates)) return false
  return value.templates.every(
    (template) =>
      isObject(template) &&
      ['path', 'display', 'scope'].every((key) => typeof template[key] === 'string') &&
      Array.isArray(template.sentences) &&
      template.sentences.every(isObject) &&
      isStringArray(template.headings),
  )
}

function isEntry(value: unknown): value is Entry {
  if (!isObject(value) || typeof value.hash !== 'string') return false
  if (!Array.isArray(value.messages) || !value.messages.every(isPlainMessage)) return false
  if (!Array.isArray(value.dependencies) || !value.dependencies.every(isDependency)) return false
  if (value.anchors === undefined) return true
  const {anchors} = value
  return isObject(anchors) && typeof anchors.complete === 'boolean' && isStringArray(anchors.ids)
}

function isPlainMessage(value: unknown): value is PlainMessage {
  if (!isObject(value) || typeof value.reason !== 'string' || typeof value.fatal !== 'boolean') return false
  const positions = ['line', 'column', 'endLine', 'endColumn'] as const
  const isPosition = (item: unknown) => item === undefined || (Number.isSafeInteger(item) && (item as number) >= 0)
  if (!positions.every((key) => isPosition(value[key]))) return false
  return (['ruleId', 'source', 'url'] as const).every(
    (key) => value[key] === undefined || typeof value[key] === 'string',
  )
}

function isDependency(value: unknown): value is Dependency {
  return isObject(value) && typeof value.path === 'string' && typeof value.state === 'string'
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
