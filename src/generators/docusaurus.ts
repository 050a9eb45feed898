/**
 * Docusaurus: heading ids from github-slugger (its `createSlugger` wraps it); an explicit id is
 * `{#custom-id}` (any characters up to the last `}` that no `{#` follows) or `{/* #custom-id *\/}`
 * at the end of the heading (@docusaurus/utils parseMarkdownHeadingId).
 */
import {readdirSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {githubSlugger} from './github.js'
import {createProfile} from './profile.js'

const configFiles = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((ext) => `docusaurus.config.${ext}`)
const headingSyntax = /[ \t]*(?:\{#((?:.(?!\{#|\}))*.)\}|\{\/\*[ \t]*#([^\s*]+)[ \t]*\*\/\})[ \t]*$/

export default createProfile<{siteRoot?: string}>({}, (settings) => ({
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
  // Its config is JavaScript, which docgap does not run: only where the site is, no variables.
  async readSite(configPath) {
    return {settings: {siteRoot: dirname(configPath)}, variables: {}}
  },
  linkTargets: (pathPart, pageFolder) => linkTargets(settings.siteRoot, pathPart, pageFolder),
  syntax: {containers: [':::'], attributeLists: true},
  slugger: githubSlugger,
  // Its forms hold the id itself, not an attribute list.
  headings: {pattern: headingSyntax, ids: (match) => [match[1] ?? match[2]!], text: 'rendered'},
}))

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
