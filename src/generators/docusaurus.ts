/**
 * Docusaurus: heading ids from github-slugger (its `createSlugger` wraps it); an explicit id is
 * `{#custom-id}` (any characters up to the last `}` that no `{#` follows) or `{/* #custom-id *\/}`
 * at the end of the heading (@docusaurus/utils parseMarkdownHeadingId).
 */
import {join} from 'node:path'
import {githubSlugger} from './github.js'
import {createProfile} from './profile.js'

const configFiles = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((ext) => `docusaurus.config.${ext}`)
const headingSyntax = /[ \t]*(?:\{#((?:.(?!\{#|\}))*.)\}|\{\/\*[ \t]*#([^\s*]+)[ \t]*\*\/\})[ \t]*$/

export default createProfile({}, () => ({
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
  // Its config is JavaScript, which docgap does not run: no settings, no variables.
  async readSite() {
    return {settings: {}, variables: {}}
  },
  syntax: {containers: [':::'], attributeLists: true},
  slugger: githubSlugger,
  // Its forms hold the id itself, not an attribute list.
  headings: {pattern: headingSyntax, ids: (match) => [match[1] ?? match[2]!], text: 'rendered'},
}))
