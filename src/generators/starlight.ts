/**
 * Astro Starlight: pages under `src/content/docs/` in Markdown or MDX (Markdoc pages need the
 * `extensions` setting); asides (`:::note[Title]`, `:::tip`, `:::caution`, `:::danger`) and
 * Starlight's components in MDX.
 * Heading ids are github-slugger's (rehype-slug); no explicit-id syntax. Links are written as
 * site routes (`/guides/components/`). Detected by an `astro.config.*` that uses
 * `@astrojs/starlight`, read as text, never run.
 */
import {join} from 'node:path'
import {defaultMaxFileSize, readTextFile} from '../source.js'
import {githubSlugger} from './github.js'
import {createProfile} from './profile.js'

const configNames = ['mjs', 'ts', 'mts', 'js', 'cjs', 'cts'].map((ext) => `astro.config.${ext}`)

function usesStarlight(path: string): boolean {
  try {
    return readTextFile(path, defaultMaxFileSize).includes('@astrojs/starlight')
  } catch {
    return false
  }
}

export default createProfile({}, () => ({
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
  async readSite() {
    return {settings: {}, variables: {}}
  },
  // Astro runs no template engine over Markdown: `{{ }}` in a `.md` page is shown as written.
  rendersTemplates: false,
  literalTemplates: {where: 'on a Starlight site', expected: 'an MDX expression (`{…}`) in an `.mdx` page'},
  syntax: {containers: [':::']},
  slugger: githubSlugger,
  headings: {text: 'rendered'},
}))
