/**
 * The profile of a page whose generator is not known, built from the registered ones: a heading
 * gets every id any of them might give it (each under its `unionSettings`), plus what a page of
 * unknown origin may use (an attribute list of any form, kramdown's own and Python-Markdown's
 * default ids), which can only make a link resolve, never fail. Templates render, read as no
 * particular generator reads them.
 */
import GithubSlugger from 'github-slugger'
import {githubSlugger} from './github.js'
import {attributeRun, endsWithSpacedHtml, idsOf, idsOnNextLine} from './heading-ids.js'
import type {GeneratorProfile, HeadingIdMaker} from './types.js'

const trailingAttributes = new RegExp(String.raw`[ \t]*\{:?[ \t]*(${attributeRun})[ \t]*\}[ \t]*$`)

/** The union of `members()` (read when used, so that a generator registered later counts too). */
export function unionProfile(members: () => readonly GeneratorProfile[]): GeneratorProfile {
  const unionOf = <T>(pick: (profile: GeneratorProfile) => Iterable<T>): T[] => [
    ...new Set(members().flatMap((profile) => [...pick(profile)])),
  ]
  // Worked out again only when the list of generators changed.
  let known:
    {members: GeneratorProfile[]; variants: GeneratorProfile[]; variables: Record<string, Set<string>>} | undefined
  const current = () => {
    const list = members()
    if (known && known.members.length === list.length && known.members.every((member, index) => member === list[index]))
      return known
    const variables: Record<string, Set<string>> = {}
    for (const member of list) {
      for (const [namespace, names] of Object.entries(member.builtinVariables)) {
        for (const name of names) (variables[namespace] ??= new Set()).add(name)
      }
    }
    const variants = list.flatMap((member) =>
      (member.unionSettings ?? []).map((settings) => member.configure(settings)),
    )
    return (known = {members: [...list], variants, variables})
  }
  const profile: GeneratorProfile = {
    name: 'unknown',
    title: 'an unknown generator',
    get extensions() {
      return unionOf((member) => member.extensions)
    },
    configure: () => profile,
    settings: {},
    headingIds: () => unionIds(current().variants),
    // Which of the union's ids a heading gets first is not known: GitHub's stands for them.
    slugger: () => githubSlugger(),
    slug: (text) => new GithubSlugger().slug(text),
    blockAttributes: true,
    // A page read on GitHub may link its lines; a wrong letter case is still reported, since most
    // generators' pages need the exact one (and `--fix` corrects it).
    fragments: {lines: true, ignoreCase: false},
    rendersTemplates: true,
    codeShortcodes: new Set(),
    get builtinVariables() {
      return current().variables
    },
    opaqueNamespaces: new Set(),
    includeParameters: false,
    sharedDefinitions: [],
    appendsContent: () => false,
    // A footnote gets the ids any generator would give it.
    footnoteIds: (label, index) => unionOf((member) => member.footnoteIds?.(label, index) ?? []),
    get syntax() {
      return {
        containers: unionOf((member) => member.syntax.containers),
        shortcodes: members().some((member) => member.syntax.shortcodes),
        attributeLists: true,
      }
    },
  }
  return profile
}

function unionIds(variants: readonly GeneratorProfile[]): HeadingIdMaker {
  const github = new GithubSlugger()
  const kramdown = new Counter('-')
  const python = new Counter('_')
  const others = variants.map((variant) => variant.headingIds())
  return {
    heading(node, next, text) {
      const {rendered, source} = text
      // `{#id}`, `{: #id}` or `{ #id .class }` at the end of the heading's text, not inside its code.
      const explicit: string[] = []
      const last = node.children.at(-1)
      const attributes = last?.type === 'text' ? trailingAttributes.exec(last.value) : null
      if (attributes) explicit.push(...idsOf(attributes[1]!))
      const cut = (value: string): string =>
        attributes ? value.slice(0, value.length - attributes[0].length).trim() : value
      // kramdown: `{: #id}` on the line right after the heading.
      explicit.push(...idsOnNextLine(node, next))
      // GitHub knows no attribute lists: it slugs the braces with the rest of the text.
      const found = [github.slug(rendered)]
      if (endsWithSpacedHtml(node)) found.push(new GithubSlugger().slug(`${rendered} `))
      if (explicit.length > 0) found.push(...explicit)
      else if (attributes) found.push(github.slug(cut(rendered)))
      if (explicit.length === 0)
        found.push(kramdown.next(kramdownSlug(cut(source))), python.next(pythonSlug(cut(rendered))))
      for (const other of others) found.push(...(other.heading(node, next, text) ?? []))
      return found
    },
  }
}

/** Numbers repeated slugs as kramdown (`-1`) and Python-Markdown (`_1`) do. */
class Counter {
  private readonly seen = new Map<string, number>()
  constructor(private readonly separator: string) {}
  next(slug: string): string {
    const count = this.seen.get(slug)
    this.seen.set(slug, (count ?? -1) + 1)
    return count === undefined ? slug : `${slug}${this.separator}${count + 1}`
  }
}

// kramdown's own parser: lowercase, drop what is not a word character, dash or blank, blanks to dashes.
function kramdownSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- \t]/gu, '')
    .replace(/[ \t]/g, '-')
}

// Python-Markdown's toc `slugify`: accents folded to ASCII, runs of dashes and blanks made one dash.
function pythonSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x00-\x7F]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-')
}
