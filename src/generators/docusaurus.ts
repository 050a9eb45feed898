/**
 * Docusaurus: heading ids from github-slugger (its `createSlugger` wraps it); an explicit id is
 * `{#custom-id}` (any characters up to the last `}` that no `{#` follows) or `{/* #custom-id *\/}`
 * at the end of the heading (@docusaurus/utils parseMarkdownHeadingId).
 *
 * Docusaurus 3 reads every page of its content folders as MDX, `.md` too, unless
 * `markdown.format` is `detect` (then `.md` is CommonMark) or `md`; MDX pages may hold HTML
 * comments unless `markdown.mdx1Compat.comments` is false. Docusaurus 2 read pages with MDX 1,
 * which docgap does not parse: there, only `.mdx` pages are MDX.
 */
import {readdirSync, statSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {readText} from '../config/read-data.js'
import {defaultMaxFileSize, readTextFile} from '../source.js'
import {githubSlugger} from './github.js'
import {remarkFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import {display} from './site-files.js'

export interface DocusaurusSettings {
  /** The folder of docusaurus.config.*. */
  siteRoot?: string
  /** `markdown.format` (default `mdx`). */
  markdownFormat?: 'mdx' | 'md' | 'detect'
  /** `markdown.mdx1Compat.comments` (default true): `<!-- -->` allowed in MDX. */
  mdxComments?: boolean
  /** The major version of `@docusaurus/core` in the site's package.json, when it says. */
  major?: number
  /** Content folders the config names with `path:` (`path: '../docs'`), absolute. */
  contentPaths?: string[]
  /** The docs plugin's `routeBasePath` (default `docs`). */
  docsRouteBase?: string
}

const configFiles = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((ext) => `docusaurus.config.${ext}`)
const headingSyntax = /[ \t]*(?:\{#((?:.(?!\{#|\}))*.)\}|\{\/\*[ \t]*#([^\s*]+)[ \t]*\*\/\})[ \t]*$/

export default createProfile<DocusaurusSettings>({}, (settings) => {
  // The docs' routes, worked out when a link first needs them.
  let routes: DocRoutes | undefined
  return {
    name: 'docusaurus',
    title: 'Docusaurus',
    extensions: ['md', 'markdown', 'mdx'],
    detect: {
      rank: 3,
      configName: 'docusaurus.config.*',
      find: (folder) => {
        const file = configFiles.find((name) => folder.files.has(name))
        return file ? {configPath: join(folder.path, file)} : undefined
      },
    },
    // Its config is JavaScript, which docgap reads as text and never runs: no variables.
    async readSite(configPath) {
      const siteRoot = dirname(configPath)
      return {settings: {siteRoot, ...(await markdownSettings(configPath, siteRoot))}, variables: {}}
    },
    linkTargets: (pathPart, pageFolder) => linkTargets(settings.siteRoot, pathPart, pageFolder),
    // A route docgap finds among the docs is checked; another may come from a plugin, not judged.
    routeTargets: (route, page) => {
      const found = (routes ??= docRoutes(settings)).target(route, page)
      return found === undefined ? undefined : {candidates: [found], judgeMissing: false, where: 'docs/'}
    },
    parseMode: (path) => ({
      mdx: /\.mdx$/i.test(path) || (readsMarkdownAsMdx(settings) && inContent(settings, path)),
      htmlComments: settings.mdxComments !== false,
    }),
    syntax: {containers: [':::'], attributeLists: true},
    footnoteIds: remarkFootnoteIds,
    slugger: githubSlugger,
    // Its forms hold the id itself, not an attribute list.
    headings: {pattern: headingSyntax, ids: (match) => [match[1] ?? match[2]!], text: 'rendered'},
  }
})

/**
 * Docusaurus resolves a Markdown link's file path from the page's folder, then from the root of
 * the docs it belongs to (`docs/`, or a version's `versioned_docs/version-2.0/`); `@site/` starts
 * at the site's root. The page's folder was tried already.
 */
function linkTargets(siteRoot: string | undefined, pathPart: string, pageFolder: string): string[] {
  if (!siteRoot) return []
  if (pathPart.startsWith('@site/')) return [resolve(siteRoot, pathPart.slice('@site/'.length))]
  const inside = (folder: string) => {
    const rel = relative(folder, pageFolder)
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep))
  }
  const roots = [join(siteRoot, 'docs')]
  try {
    for (const entry of readdirSync(join(siteRoot, 'versioned_docs')))
      roots.push(join(siteRoot, 'versioned_docs', entry))
  } catch {
    // No versions.
  }
  const own = roots.find(inside)
  return own ? [resolve(own, pathPart.replace(/^\/+/, ''))] : []
}

function readsMarkdownAsMdx(settings: DocusaurusSettings): boolean {
  return (settings.markdownFormat ?? 'mdx') === 'mdx' && (settings.major === undefined || settings.major >= 3)
}

// The folders whose pages Docusaurus renders (docs, versions, translations, blog, pages); a
// README.md beside the config is not one of its pages, so it is read as plain Markdown.
const contentFolders = ['docs', 'versioned_docs', 'i18n', 'blog', join('src', 'pages')]

function inContent(settings: DocusaurusSettings, path: string): boolean {
  const {siteRoot} = settings
  // No site read (a profile named in a test or a program): the extension decides, as elsewhere.
  if (!siteRoot) return false
  const absolute = resolve(path)
  const roots = [...contentFolders.map((folder) => join(siteRoot, folder)), ...(settings.contentPaths ?? [])]
  return roots.some((root) => isInside(root, absolute))
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep))
}

/**
 * `markdown.format` and `markdown.mdx1Compat.comments` from the config's text (comments cut out),
 * and the major version of `@docusaurus/core` from the site's package.json.
 */
async function markdownSettings(configPath: string, siteRoot: string): Promise<DocusaurusSettings> {
  const settings: DocusaurusSettings = {}
  let text = ''
  try {
    text = await readText(configPath, display(configPath))
  } catch {
    // Unreadable: Docusaurus' defaults.
  }
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\w])\/\/[^\n]*/g, '$1')
  const format = /\bformat\s*:\s*['"`](mdx|md|detect)['"`]/.exec(code)
  if (format) settings.markdownFormat = format[1] as DocusaurusSettings['markdownFormat']
  if (/\bmdx1Compat\s*:\s*\{[^}]*\bcomments\s*:\s*false\b/.test(code)) settings.mdxComments = false
  const base = /\bdocs\s*:\s*\{[^{}]*?\brouteBasePath\s*:\s*['"`]([^'"`\n]*)['"`]/.exec(code)
  if (base) settings.docsRouteBase = base[1]!
  const paths = [...code.matchAll(/\bpath\s*:\s*['"`]([^'"`\n]+)['"`]/g)].map((match) => resolve(siteRoot, match[1]!))
  const folders = paths.filter((path) => isFolder(path))
  if (folders.length > 0) settings.contentPaths = [...new Set(folders)].sort()
  try {
    const manifest = JSON.parse(await readText(join(siteRoot, 'package.json'), 'package.json')) as {
      dependencies?: Record<string, unknown>
      devDependencies?: Record<string, unknown>
    }
    const range = manifest.dependencies?.['@docusaurus/core'] ?? manifest.devDependencies?.['@docusaurus/core']
    const major = typeof range === 'string' ? /(\d+)/.exec(range) : null
    if (major) settings.major = Number(major[1])
  } catch {
    // No package.json, or not JSON: the current major version.
  }
  return settings
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

interface DocRoutes {
  target(route: string, page: string): string | undefined
}

const docExtension = /\.mdx?$/i
// Docusaurus' number prefixes, which order the sidebar and are not part of routes: `01-intro`.
const numberPrefix = /^\d+[-_.]\s*(?=\S)/

/**
 * The routes of the current docs (`/docs/…`, or the configured `routeBasePath`) and of each
 * version (`/docs/2.0/…`), from file paths and `id:`/`slug:` front matter, as the docs plugin
 * makes them: `guides/01-deploy.md` is `/docs/guides/deploy`, `slug: /deploy` is `/docs/deploy`,
 * an `index.md` or a page named as its folder is the folder's route. Partials (`_name.md`) have none.
 */
function docRoutes(settings: DocusaurusSettings): DocRoutes {
  const byRoute = new Map<string, string>()
  const byFile = new Map<string, string>()
  const {siteRoot} = settings
  if (siteRoot) {
    const base = '/' + (settings.docsRouteBase ?? 'docs').replace(/^\/+|\/+$/g, '')
    const roots: Array<[string, string]> = [[docsRoot(settings), base]]
    try {
      for (const entry of readdirSync(join(siteRoot, 'versioned_docs'))) {
        const version = /^version-(.+)$/.exec(entry)
        if (version) roots.push([join(siteRoot, 'versioned_docs', entry), `${base}/${version[1]}`])
      }
    } catch {
      // No versions.
    }
    for (const [root, prefix] of roots) {
      for (const file of docFiles(root)) {
        const route = normalizeRoute(`${prefix}/${routeWithin(root, file)}`)
        if (!byRoute.has(route)) byRoute.set(route, file)
        byFile.set(file, route)
      }
    }
  }
  return {
    target(route, page) {
      let absolute = route
      if (!route.startsWith('/')) {
        const own = byFile.get(resolve(page))
        if (own === undefined) return undefined
        absolute = new URL(route, `https://site${own}`).pathname
      }
      let normalized: string
      try {
        normalized = normalizeRoute(decodeURI(absolute))
      } catch {
        return undefined
      }
      return byRoute.get(normalized)
    },
  }
}

function docsRoot(settings: DocusaurusSettings): string {
  const siteRoot = settings.siteRoot!
  const named = settings.contentPaths?.find((path) => !isInside(join(siteRoot, 'blog'), path))
  return named ?? join(siteRoot, 'docs')
}

/** The Markdown pages under a folder, partials and hidden folders left out. */
function docFiles(root: string): string[] {
  const files: string[] = []
  const walk = (folder: string): void => {
    let entries
    try {
      entries = readdirSync(folder, {withFileTypes: true})
    } catch {
      return
    }
    for (const entry of entries) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && docExtension.test(entry.name)) files.push(path)
    }
  }
  walk(root)
  return files
}

/** A doc's route below its docs root: its slug, else its folders and id (number prefixes cut). */
function routeWithin(root: string, file: string): string {
  const segments = relative(root, file)
    .replace(docExtension, '')
    .split(sep)
    .map((segment) => segment.replace(numberPrefix, ''))
  const name = segments.pop()!
  const folder = segments.join('/')
  const {id, slug} = docFrontMatter(file)
  if (slug !== undefined) return slug.startsWith('/') ? slug : `${folder}/${slug}`
  if (/^(?:index|readme)$/i.test(name) || name === segments.at(-1)) return folder
  return `${folder}/${id ?? name}`
}

/** `id:` and `slug:` from a page's front matter, read from its first lines. */
function docFrontMatter(file: string): {id?: string; slug?: string} {
  let text: string
  try {
    text = readTextFile(file, defaultMaxFileSize)
  } catch {
    return {}
  }
  const matter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? ''
  const value = (key: string) => {
    const found = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(matter)?.[1]
    return found?.replace(/^(['"])(.*)\1$/, '$2')
  }
  return {id: value('id'), slug: value('slug')}
}

function normalizeRoute(route: string): string {
  const collapsed = route.replace(/\/{2,}/g, '/').replace(/\/+$/, '')
  return collapsed === '' ? '/' : collapsed
}
