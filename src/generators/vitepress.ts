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
import {join} from 'node:path'
import {createProfile} from './profile.js'
import type {Slugger} from './types.js'

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

export default createProfile({}, () => ({
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
  async readSite() {
    return {settings: {}, variables: {}}
  },
  // Vue interpolation: expressions of the page's component, not variables of a site config.
  expressionsAreCode: true,
  syntax: {containers: [':::'], attributeLists: true},
  slugger: vitepressSlugger,
  headings: {pattern: headingSyntax, text: 'rendered'},
}))
