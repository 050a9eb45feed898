/**
 * Astro Starlight: pages under `src/content/docs/` in Markdown or MDX (Markdoc pages need the
 * `extensions` setting); asides (`:::note[Title]`, `:::tip`, `:::caution`, `:::danger`) and
 * Starlight's components in MDX.
 * Heading ids are github-slugger's (rehype-slug); no explicit-id syntax. Links are written as
 * site routes (`/guides/components/`). Detected by an `astro.config.*` that uses
 * `@astrojs/starlight`, read as text, never run.
 */
import {existsSync, readdirSync} from 'node:fs'
import {dirname, join, posix} from 'node:path'
import {slug as githubSlug} from 'github-slugger'
import {defaultMaxFileSize, readRegularFile, readTextFile} from '../source.js'
import {githubSlugger} from './github.js'
import {remarkFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import {hasDynamicRoutes, objectPairs, pageFiles, routePath, stringSetting} from './routes.js'
import type {RouteTargets} from './types.js'

/** What link resolution needs from `astro.config.*`, read as text, and the site's folders. */
interface StarlightSettings {
  /** The folder holding `astro.config.*`. */
  siteRoot?: string
  /** Astro's `base` (`/docs`), which links written as routes start with. */
  base?: string
  /** Top-level folders of `src/content/docs/` named like a locale (`de`, `pt-br`): their pages fall back to the root locale's. */
  locales?: string[]
  /** Routes Astro's `redirects` send elsewhere (`/old/`); undefined when they are set by code. */
  redirects?: string[]
  /** Pages whose front matter sets `slug:`, as `[route, file]` (file relative to the docs folder). */
  slugs?: Array<[string, string]>
  /** Whether the config uses a plugin that adds pages of its own (a blog, an API reference built from code). */
  generatedPages?: boolean
  /** Whether `src/pages/` has dynamic routes (`[...slug].astro`), whose pages only code knows. */
  dynamicPages?: boolean
}

const docsFolder = 'src/content/docs'
const localeName = /^[a-z]{2,3}(?:-[a-z\d]{2,8})*$/i
// Starlight plugins and Astro integrations that add pages docgap cannot see (generated at build time).
const pageGenerators =
  /['"](?:starlight-(?:blog|openapi|typedoc|versions|changelogs|showcases|videos|obsidian|site-graph|llms-txt)|@astrojs\/starlight-(?:openapi|typedoc))\b/

const configNames = ['mjs', 'ts', 'mts', 'js', 'cjs', 'cts'].map((ext) => `astro.config.${ext}`)

function usesStarlight(path: string): boolean {
  try {
    return readTextFile(path, defaultMaxFileSize).includes('@astrojs/starlight')
  } catch {
    return false
  }
}

export default createProfile<StarlightSettings>({}, (settings) => ({
  name: 'starlight',
  title: 'Starlight',
  extensions: ['md', 'mdx'],
  detect: {
    rank: 5,
    configName: 'astro.config.*',
    find: (folder) => {
      const name = configNames.find((file) => folder.files.has(file) && usesStarlight(join(folder.path, file)))
      return name ? {configPath: join(folder.path, name)} : undefined
    },
  },
  async readSite(configPath) {
    return {settings: readSettings(configPath), variables: {}}
  },
  routeTargets: (route) => routeTargets(settings, route),
  // Astro runs no template engine over Markdown: `{{ }}` in a `.md` page is shown as written.
  rendersTemplates: false,
  literalTemplates: {where: 'on a Starlight site', expected: 'an MDX expression (`{…}`) in an `.mdx` page'},
  syntax: {containers: [':::']},
  footnoteIds: remarkFootnoteIds,
  slugger: githubSlugger,
  headings: {text: 'rendered'},
}))

function readSettings(configPath: string): StarlightSettings {
  const siteRoot = dirname(configPath)
  let text = ''
  try {
    text = readTextFile(configPath, defaultMaxFileSize)
  } catch {
    // Unreadable: the defaults.
  }
  const settings: StarlightSettings = {siteRoot}
  const base = stringSetting(text, 'base')?.replace(/\/+$/, '')
  if (base) settings.base = base.startsWith('/') ? base : `/${base}`
  try {
    settings.locales = readdirSync(join(siteRoot, docsFolder), {withFileTypes: true})
      .filter((entry) => entry.isDirectory() && localeName.test(entry.name))
      .map((entry) => entry.name)
  } catch {
    settings.locales = []
  }
  const redirects = objectPairs(text, 'redirects')
  // Keys with or without the base: either way, the route they name.
  const unbased = (from: string) =>
    settings.base && (from === settings.base || from.startsWith(`${settings.base}/`))
      ? from.slice(settings.base.length)
      : from
  if (redirects !== 'code') settings.redirects = redirects.map(([from]) => routePath(unbased(from)).replace(/\/+$/, ''))
  settings.dynamicPages = hasDynamicRoutes(join(siteRoot, 'src', 'pages'))
  settings.generatedPages = pageGenerators.test(text)
  settings.slugs = frontMatterSlugs(join(siteRoot, docsFolder))
  return settings
}

const slugLine = /^---\r?\n(?:(?!---)[^\n]*\n)*?slug:[ \t]*['"]?([^'"\r\n]*?)['"]?[ \t]*\r?\n/
const pageFile = /\.(?:md|mdx|mdoc)$/i

/** The pages of the docs folder whose front matter moves them to another route (`slug: guides/start`). */
function frontMatterSlugs(docs: string): Array<[string, string]> {
  const found: Array<[string, string]> = []
  const walk = (folder: string, depth: number): void => {
    let entries
    try {
      entries = readdirSync(join(docs, folder), {withFileTypes: true})
    } catch {
      return
    }
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name
      if (entry.isDirectory() && depth > 0) walk(path, depth - 1)
      else if (entry.isFile() && pageFile.test(entry.name)) {
        try {
          // The front matter is at the top: its first few kilobytes are enough.
          const head = Buffer.from(readRegularFile(join(docs, path), 4096).bytes).toString('utf8')
          const slug = slugLine.exec(head)?.[1]
          if (slug !== undefined) found.push([slug.replace(/^\/+|\/+$/g, ''), path])
        } catch {
          // Unreadable: its route is its path.
        }
      }
    }
  }
  walk('', 12)
  return found
}

/**
 * A link written as a site route (`/guides/components/`, `/de/guides/components/#tabs`, after
 * `base`): a page of the docs collection, a translated page falling back to the root locale's, a
 * page of `src/pages/` or a file of `public/`. Relative routes are not mapped.
 */
function routeTargets(settings: StarlightSettings, route: string): RouteTargets | undefined {
  if (!settings.siteRoot || !route.startsWith('/')) return undefined
  let path = route
  if (settings.base) {
    if (path !== settings.base && !path.startsWith(`${settings.base}/`)) return undefined
    path = path.slice(settings.base.length) || '/'
  }
  path = routePath(path)
  // A redirect's source is a route, with or without its trailing slash.
  if (!settings.redirects || settings.redirects.includes(path.replace(/\/+$/, ''))) return undefined
  const docs = join(settings.siteRoot, docsFolder)
  const trimmed = path.replace(/\/+$/, '')
  const candidates = (settings.slugs ?? []).filter(([slug]) => slug === trimmed).map(([, file]) => join(docs, file))
  candidates.push(...pageFiles(path, ['md', 'mdx', 'mdoc'], false).map((file) => join(docs, file)))
  const [locale, ...rest] = path.split('/')
  if (locale && settings.locales?.includes(locale))
    candidates.push(...pageFiles(rest.join('/'), ['md', 'mdx', 'mdoc'], false).map((file) => join(docs, file)))
  const pages = join(settings.siteRoot, 'src', 'pages')
  candidates.push(...pageFiles(path, ['astro', 'md', 'mdx', 'html'], false).map((file) => join(pages, file)))
  if (path !== '' && !path.endsWith('/')) candidates.push(join(settings.siteRoot, 'public', path))
  // Astro slugs each segment of a page's path (`Getting Started.md` is `/getting-started/`).
  if (!candidates.some((candidate) => existsSync(candidate))) {
    const slugged =
      bySlug(docs, trimmed) ?? (locale && settings.locales?.includes(locale) ? bySlug(docs, rest.join('/')) : undefined)
    if (slugged) candidates.unshift(slugged)
  }
  // A route into a section the docs do not have is more likely made by code than mistyped.
  const section = posix.dirname(trimmed)
  const known = section === '.' || existsSync(join(docs, section)) || existsSync(join(pages, section))
  return {
    candidates,
    judgeMissing: known && !settings.dynamicPages && !settings.generatedPages,
    where: `${docsFolder}/`,
  }
}

/** The page a route names, matching each segment to a file or folder name as Astro slugs it. */
function bySlug(docs: string, path: string): string | undefined {
  const segments = path.split('/').filter(Boolean)
  let folder = docs
  for (const [index, segment] of segments.entries()) {
    let entries
    try {
      entries = readdirSync(folder, {withFileTypes: true})
    } catch {
      return undefined
    }
    if (index === segments.length - 1) {
      const file = entries.find(
        (entry) =>
          entry.isFile() && pageFile.test(entry.name) && githubSlug(entry.name.replace(pageFile, '')) === segment,
      )
      if (file) return join(folder, file.name)
    }
    const next = entries.find((entry) => entry.isDirectory() && githubSlug(entry.name) === segment)
    if (!next) return undefined
    folder = join(folder, next.name)
  }
  try {
    const index = readdirSync(folder).find((name) => /^index\.(?:md|mdx|mdoc)$/i.test(name))
    return index === undefined ? undefined : join(folder, index)
  } catch {
    return undefined
  }
}
