/**
 * The other pages of the docs tree, for rules that follow links between files. Each page is
 * read and parsed at most once a run, and a page docgap lints hands its anchors over as it is
 * linted, so that it is not parsed again.
 */
import {existsSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {VFile} from 'vfile'
import {collectAnchors} from './anchors.js'
import type {GeneratorProfile} from './generators/index.js'
import type {Parse} from './parse.js'
import type {Anchors, DocumentIndex} from './rule.js'
import {parseProblem, readSource} from './source.js'
import {markdownFamily} from './files.js'

const markdownPath = new RegExp(`\\.(?:${markdownFamily.join('|')})$`, 'i')

export interface DocumentStore extends DocumentIndex {
  /** Records the anchors of a page just parsed for linting. */
  remember(path: string, anchors: Anchors): void
  /** Forgets what is known of a path (its text changed, it was created or deleted). */
  forget(path: string): void
}

/** Text that wins over the file on disk (an editor's unsaved buffer); undefined: read the file. */
export type TextOverlay = (path: string) => string | undefined

/** What a linked page's anchors depend on besides its text: its variables and its generator. */
export type PageProfile = (path: string) => {variables?: Record<string, unknown>; profile?: GeneratorProfile}

export function createDocumentIndex(
  parse: Parse,
  profileOf: PageProfile,
  maxFileSize: number,
  overlay?: TextOverlay,
): DocumentStore {
  const anchors = new Map<string, Anchors | undefined>()
  const existing = new Map<string, boolean>()
  const store: DocumentStore = {
    exists(path) {
      let found = existing.get(path)
      if (found === undefined) {
        found = overlay?.(resolve(path)) !== undefined || existsSync(path)
        existing.set(path, found)
      }
      return found
    },
    anchorsOf(path) {
      const absolute = resolve(path)
      if (anchors.has(absolute)) return anchors.get(absolute)
      let result: Anchors | undefined
      // Unknown while it is worked out: a page that imports itself, or its importer, adds nothing.
      anchors.set(absolute, undefined)
      if (markdownPath.test(absolute)) {
        try {
          const open = overlay?.(absolute)
          // Only a regular file is read, and only up to the size limit (never a device or a FIFO).
          const {value} = open === undefined ? readSource(absolute, maxFileSize) : {value: open}
          if (value !== undefined && !parseProblem(value)) {
            const {variables, profile} = profileOf(absolute)
            const page = new VFile({path: absolute, value})
            // The parser asks the page's profile whether it is MDX.
            if (profile) page.data.profile = profile
            const folder = dirname(absolute)
            // A page it imports (`import Env from './_env.mdx'`), found where the generator looks.
            const imported = (specifier: string): Anchors | undefined => {
              const candidates = [resolve(folder, specifier), ...(profile?.linkTargets?.(specifier, folder) ?? [])]
              const found = candidates.find((path) => store.exists(path))
              return found === undefined ? undefined : store.anchorsOf(found)
            }
            result = collectAnchors(parse(page), variables ?? {}, undefined, profile, imported)
          }
        } catch {
          // Unreadable or unparseable: its anchors are unknown, so no link into it is judged.
          result = undefined
        }
      }
      anchors.set(absolute, result)
      return result
    },
    remember(path, value) {
      anchors.set(resolve(path), value)
    },
    forget(path) {
      anchors.delete(resolve(path))
      existing.delete(path)
      existing.delete(resolve(path))
    },
  }
  return store
}
