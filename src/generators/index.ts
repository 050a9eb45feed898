/**
 * The site generators docgap knows, declared once: adding one is writing its module (see
 * docs/writing-a-generator.md) and listing it here. Also how the generator of a page is found:
 * the nearest folder at or above it holding a generator's config file.
 *
 * Detection reads each folder once (one `readdir`) and remembers the answer for every folder on
 * the way up, so linting a tree costs O(folders), not O(files).
 */
import {readdirSync, statSync, type Dirent} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import docusaurus from './docusaurus.js'
import github from './github.js'
import hugo from './hugo.js'
import jekyll from './jekyll.js'
import mkdocs from './mkdocs.js'
import starlight from './starlight.js'
import vitepress from './vitepress.js'
import {display} from './site-files.js'
import type {Folder, GeneratorProfile, Site} from './types.js'
import {unionProfile} from './union.js'

export type {
  Detection,
  Folder,
  GeneratorProfile,
  HeadingIdMaker,
  HeadingText,
  OwnedSyntax,
  RouteTargets,
  ParseMode,
  Site,
  Slugger,
} from './types.js'

/**
 * Every generator, in the order messages list them. The first one without `detect` is the
 * fallback: what a page is when no generator's config file is found.
 */
export const generators: GeneratorProfile[] = [github, jekyll, hugo, mkdocs, docusaurus, vitepress, starlight]

/** The profile of a page whose generator is not known: every generator's ids count. */
export const unknownGenerator: GeneratorProfile = unionProfile(() => generators)

/** The names the `generator` config key takes besides `auto`. */
export function generatorNames(): string[] {
  return generators.map((profile) => profile.name)
}

/** The generator of this name, with its default settings; undefined when there is none. */
export function generatorNamed(name: string): GeneratorProfile | undefined {
  return generators.find((profile) => profile.name === name)
}

/**
 * The generator of this name configured with these settings, as a site's config would set them;
 * for tests and programs that lint without a site. Throws on an unknown name.
 */
export function generatorProfile(name: string, settings?: Readonly<Record<string, unknown>>): GeneratorProfile {
  const profile = generatorNamed(name)
  if (!profile) throw new Error(`Unknown generator ${JSON.stringify(name)} (known: ${generatorNames().join(', ')})`)
  return settings ? profile.configure(settings) : profile
}

export interface DetectedGenerator {
  profile: GeneratorProfile
  /** Why, for `--print-config`: `mkdocs.yml at ../mkdocs.yml` (paths relative to the working directory). */
  reason: string
  /** The site's root: the folder holding its config file. */
  root?: string
  /** The config file, absolute. */
  configPath?: string
}

/** What one folder holds, whatever lies above it. */
interface Found {
  profile: GeneratorProfile
  configPath: string
  besideContent?: boolean
}

/** Folder → its own generator config (null: none). Independent of where the search stops. */
const folderCache = new Map<string, Found | null>()
/** `stopAt` NUL folder → nearest config at or above the folder (null: none). */
const upwardCache = new Map<string, Found | null>()

/** Forgets every folder read: for long-lived processes (watch mode, editors) and tests. */
export function clearGeneratorCache(): void {
  folderCache.clear()
  upwardCache.clear()
}

/**
 * The generator that builds the file at this absolute path: the nearest folder at or above it
 * (up to `stopAt`, inclusive; the filesystem root when not given) holding a generator's config
 * file (the highest `rank` wins within one folder); else the fallback.
 */
export function detectGenerator(fileAbsPath: string, stopAt?: string): DetectedGenerator {
  const start = dirname(resolve(fileAbsPath))
  const stop = stopAt === undefined ? undefined : resolve(stopAt)
  const found = nearest(start, stop)
  if (!found) {
    const names = generators.flatMap((profile) => (profile.detect ? [profile.detect.configName] : []))
    const listed =
      names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'config file')
    const shown = (folder: string) => (folder === process.cwd() ? '.' : display(folder))
    const to = stop === undefined ? 'the filesystem root' : shown(stop)
    return {
      profile: fallback(),
      reason: `no ${listed} from ${shown(start)} up to ${to}`,
    }
  }
  const file = basename(found.configPath)
  const where = display(found.configPath)
  return {
    profile: found.profile,
    reason: found.besideContent ? `${file} beside content/ at ${where}` : `${file} at ${where}`,
    root: dirname(found.configPath),
    configPath: found.configPath,
  }
}

function fallback(): GeneratorProfile {
  return generators.find((profile) => !profile.detect) ?? unknownGenerator
}

/**
 * The site of a detected generator, read from its config file: its profile configured for the
 * site, and the variables it gives pages. A file that cannot be read is a DocgapError naming it.
 */
export async function loadSite(detected: DetectedGenerator): Promise<Site> {
  const {profile, configPath} = detected
  if (!configPath || !profile.readSite) return {profile, variables: {}}
  return profile.readSite(configPath)
}

function nearest(start: string, stop: string | undefined): Found | null {
  const prefix = `${stop ?? ''}\0`
  const visited: string[] = []
  let folder = start
  let result: Found | null = null
  for (;;) {
    const cached = upwardCache.get(prefix + folder)
    if (cached !== undefined) {
      result = cached
      break
    }
    visited.push(folder)
    const own = inFolder(folder)
    if (own) {
      result = own
      break
    }
    const parent = dirname(folder)
    // `stopAt` is the last folder read; a file outside it is searched only up to the root.
    if (folder === stop || parent === folder) break
    folder = parent
  }
  for (const path of visited) upwardCache.set(prefix + path, result)
  return result
}

function inFolder(path: string): Found | null {
  const cached = folderCache.get(path)
  if (cached !== undefined) return cached
  let entries: Dirent[]
  try {
    entries = readdirSync(path, {withFileTypes: true})
  } catch {
    // Unreadable or gone: it holds nothing we can use.
    folderCache.set(path, null)
    return null
  }
  const folder: Folder = {path, files: new Set(), folders: new Set()}
  for (const entry of entries) {
    const kind = entryKind(path, entry)
    if (kind === 'file') (folder.files as Set<string>).add(entry.name)
    else if (kind === 'folder') (folder.folders as Set<string>).add(entry.name)
  }
  let found: Found | null = null
  for (const profile of generators) {
    if (!profile.detect || (found && found.profile.detect!.rank >= profile.detect.rank)) continue
    const match = profile.detect.find(folder)
    if (match) found = {profile, ...match}
  }
  folderCache.set(path, found)
  return found
}

/** A symbolic link counts as what it points to; a broken one as nothing. */
function entryKind(folder: string, entry: Dirent): 'file' | 'folder' | undefined {
  if (entry.isFile()) return 'file'
  if (entry.isDirectory()) return 'folder'
  if (!entry.isSymbolicLink()) return undefined
  try {
    const stats = statSync(join(folder, entry.name))
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : undefined
  } catch {
    return undefined
  }
}
