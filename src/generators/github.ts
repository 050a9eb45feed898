/**
 * GitHub: what github.com (and GitHub Pages' defaults) make of a page when no site generator's
 * config is found. Heading ids are github-slugger's: lowercase, punctuation and emoji dropped,
 * spaces to `-`; repeats `-1`, `-2`, skipping ids already made. No attribute lists.
 */
import GithubSlugger from 'github-slugger'
import {jekyllTemplates} from './jekyll.js'
import {githubFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import type {Slugger} from './types.js'

export function githubSlugger(): Slugger {
  const slugger = new GithubSlugger()
  return {slug: (text) => slugger.slug(text), reset: () => slugger.reset(), claim: () => {}}
}

export default createProfile({}, () => ({
  name: 'github',
  title: 'GitHub',
  extensions: ['md', 'markdown'],
  // GitHub Pages builds a repository's pages with Jekyll: Liquid is read as Jekyll reads it.
  ...jekyllTemplates,
  slugger: githubSlugger,
  headings: {text: 'rendered', keepsSpaceBeforeHtml: true},
  fragments: {lines: true, ignoreCase: true},
  footnoteIds: githubFootnoteIds,
}))
