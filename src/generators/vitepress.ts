/**
 * VitePress: markdown-it with its containers (`::: tip`, `::: details`, `::: code-group`),
 * `[[toc]]`, snippet imports (`<<< @/snippets/x.ts`) and Vue: every page is a Vue component, so
 * `{{ $frontmatter.title }}` and `{{ 1 + 1 }}` are JavaScript expressions evaluated in the
 * browser, never template variables to resolve. Heading ids are @mdit-vue's `slugify` (accents
 * folded, punctuation runs to `-`, a leading digit prefixed with `_`), repeats `-1`, `-2`
 * (markdown-it-anchor); `{#custom-id}` sets one (markdown-it-attrs). The config is JavaScript,
 * read as text, never run.
 */
import {existsSync} from 'node:fs'
import {dirname, join, relative, sep} from 'node:path'
import {defaultMaxFileSize, readTextFile} from '../source.js'
import {markdownItFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import {
  booleanSetting,
  hasDynamicRoutes,
  objectPairs,
  pageFiles,
  resolveRoute,
  rewrite,
  stringSetting,
} from './routes.js'
import {display} from './site-files.js'
import type {RouteTargets, Slugger} from './types.js'

/** What link resolution needs from `.vitepress/config.*`, read as text. */
interface VitepressSettings {
  /** The project root: the folder holding `.vitepress/`. */
  siteRoot?: string
  /** `srcDir`, relative to the project root. */
  srcDir?: string
  /** `rewrites` as `[from, to]` pairs; `code` when it is a function or not written as an object literal. */
  rewrites?: Array<[string, string]> | 'code'
  cleanUrls?: boolean
  /** Whether the source folder has dynamic routes (`[pkg].md`), whose pages only code knows. */
  dynamicRoutes?: boolean
  /** `ignoreDeadLinks` set to `true` or a list: the site builds with links to no page. */
  deadLinks?: boolean
}

const configNames = ['config.mts', 'config.ts', 'config.mjs', 'config.js']

const control = /[\u0000-\u001f]/g
const special = /[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g
const combining = /[\u0300-\u036F]/g

/** @mdit-vue/shared's `slugify`, VitePress' default `markdown.anchor.slugify`. */
export function vitepressSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(combining, '')
    .replace(control, '')
    .replace(special, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase()
}

function vitepressSlugger(): Slugger {
  const taken = new Set<string>()
  return {
    // markdown-it-anchor's uniqueSlug: `x`, then `x-1`, `x-2`, skipping ids already taken.
    slug(text) {
      const base = vitepressSlug(text)
      let slug = base
      for (let index = 1; taken.has(slug); index++) slug = `${base}-${index}`
      taken.add(slug)
      return slug
    },
    reset: () => taken.clear(),
    claim: (id) => void taken.add(id),
  }
}

// markdown-it-attrs at the end of a heading: `{#custom-id}`, `{#id .class}`.
const headingSyntax = /[ \t]*\{[ \t]*(#[\w:.-]+(?:[ \t]+[#.][\w:.-]+)*)[ \t]*\}[ \t]*$/

export default createProfile<VitepressSettings>({}, (settings) => ({
  name: 'vitepress',
  title: 'VitePress',
  extensions: ['md'],
  detect: {
    rank: 5,
    configName: '.vitepress/config.*',
    find: (folder) => {
      if (!folder.folders.has('.vitepress')) return undefined
      const name = configNames.find((file) => existsSync(join(folder.path, '.vitepress', file)))
      return name ? {configPath: join(folder.path, '.vitepress', name)} : undefined
    },
  },
  async readSite(configPath) {
    return {settings: readSettings(configPath), variables: {}}
  },
  routeTargets: (route, pagePath) => routeTargets(settings, route, pagePath),
  // Vue interpolation: expressions of the page's component, not variables of a site config.
  expressionsAreCode: true,
  syntax: {containers: [':::'], attributeLists: true},
  slugger: vitepressSlugger,
  headings: {pattern: headingSyntax, text: 'rendered'},
  footnoteIds: markdownItFootnoteIds,
}))

function readSettings(configPath: string): VitepressSettings {
  const siteRoot = dirname(dirname(configPath))
  let text = ''
  try {
    text = readTextFile(configPath, defaultMaxFileSize)
  } catch {
    // Unreadable: the defaults, as if it set nothing.
  }
  const srcDir = stringSetting(text, 'srcDir') ?? '.'
  const settings: VitepressSettings = {siteRoot, srcDir, rewrites: objectPairs(text, 'rewrites')}
  const cleanUrls = booleanSetting(text, 'cleanUrls')
  if (cleanUrls !== undefined) settings.cleanUrls = cleanUrls
  settings.dynamicRoutes = hasDynamicRoutes(join(siteRoot, srcDir))
  // VitePress fails a build on a link to no page, unless told to let some or all through.
  settings.deadLinks = /(?:^|[\s,{])ignoreDeadLinks\s*:\s*(?:true|\[)/m.test(text)
  return settings
}

/**
 * VitePress resolves a link from the route of the page it is in (its path after `rewrites`), with
 * or without `.md` or `.html`; `/` starts at the source folder; a folder route is its `index.md`.
 * Files in `public/` are served as they are.
 */
function routeTargets(settings: VitepressSettings, route: string, pagePath: string): RouteTargets | undefined {
  if (!settings.siteRoot || settings.rewrites === 'code') return undefined
  const source = join(settings.siteRoot, settings.srcDir ?? '.')
  const own = relative(source, pagePath).split(sep).join('/')
  if (own.startsWith('..')) return undefined
  const rewrites = settings.rewrites ?? []
  const forward = (path: string) => first(rewrites.map(([from, to]) => rewrite(path, from, to))) ?? path
  const path = resolveRoute(route, forward(own))
  const candidates: string[] = []
  for (const file of pageFiles(path, ['md'])) {
    for (const [from, to] of rewrites) {
      const original = rewrite(file, to, from)
      if (original !== undefined) candidates.push(join(source, original))
    }
    candidates.push(join(source, file))
  }
  if (path !== '' && !path.endsWith('/')) candidates.push(join(source, 'public', path))
  return {candidates, judgeMissing: !settings.dynamicRoutes && !settings.deadLinks, where: `${display(source)}/`}
}

function first(values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined)
}
