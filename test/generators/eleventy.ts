/**
 * Eleventy (11ty): Liquid runs before Markdown (its default `markdownTemplateEngine`), then
 * markdown-it. Heading ids come from markdown-it-anchor, which most Eleventy sites add: its
 * default slugify trims, lowercases, turns runs of white space into `-` and URI-encodes the
 * rest; repeats get `-1`, `-2`.
 */
import {join} from 'node:path'
import {createProfile} from '../../src/generators/profile.js'
import type {Slugger} from '../../src/generators/types.js'

const configFiles = ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', '.eleventy.js']

export default createProfile({}, () => ({
  name: 'eleventy',
  title: 'Eleventy',
  extensions: ['md'],
  detect: {
    rank: 3,
    configName: 'eleventy.config.js',
    find: (folder) => {
      const file = configFiles.find((name) => folder.files.has(name))
      return file ? {configPath: join(folder.path, file)} : undefined
    },
  },
  // What Eleventy gives every page; the rest comes from data files this example does not read.
  builtinVariables: {
    page: new Set(['url', 'fileSlug', 'filePathStem', 'inputPath', 'outputPath', 'date']),
    eleventy: new Set(['version', 'generator', 'env']),
  },
  slugger: anchorSlugger,
  headings: {text: 'rendered'},
}))

function anchorSlugger(): Slugger {
  const taken = new Set<string>()
  return {
    slug(text) {
      const base = encodeURIComponent(text.trim().toLowerCase().replace(/\s+/g, '-'))
      let id = base
      for (let n = 1; taken.has(id); n++) id = `${base}-${n}`
      taken.add(id)
      return id
    },
    reset: () => taken.clear(),
    claim: (id) => void taken.add(id),
  }
}
