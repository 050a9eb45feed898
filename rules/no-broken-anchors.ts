import path from 'node:path'
import type {Nodes, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {
  booleanOption,
  checkKeys,
  docsUrl,
  optionObject,
  regexList,
  report,
  type Anchors,
  type Fix,
  levenshtein,
  type Rule,
  type RuleContext,
} from '../src/rule.js'

const id = 'no-broken-anchors'

export interface Options {
  /** Whether `#Install` may point at the id `install`, as on GitHub. */
  ignoreCase: boolean
  /** Targets not judged (`#fn:1`, `api.md#operation-.*`): ids a site's own hooks or plugins make. */
  ignore: RegExp[]
}

const meta = {
  id,
  description:
    'Links to a heading or anchor must point at one that exists, on the page or in the linked Markdown file.',
  recommended: true,
  url: docsUrl(id),
  fixable: true,
}

// `https:`, `mailto:`, `//host`: another site, not checked.
const absolute = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i
// Template syntax, kept in URLs as written: the target is known only once the site is built.
const template = /\{[{%]|[\uE000-\uF8FF]/
const markdown = new Set(['.md', '.markdown', '.mdown', '.mkd', '.mdx'])
// Pages the site builds from a source of another name: only the generator knows where they are.
const built = new Set(['.html', '.htm', '.php', '.aspx', '.jsp'])
// Files rendered inside other pages (Jekyll `_includes`, Hugo partials, MkDocs snippets,
// Docusaurus `_partial.mdx`, `reusables`): their `#id` links point at the page that includes them.
const fragmentFolder =
  /(?:^|\/)(?:_?includes?|_?partials?|_?snippets?|\.snippets|_?fragments?|_?reusables?|_?reuse|_shared|shared-content|_common)\//i
const fragmentName = /^_(?!index\.)/
// GitHub's links to a line or a range of lines and columns of a file.
const lineAnchor = /^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$/
const headless = /^(?:headless:\s*true|\s*render:\s*(?:never|false|"never"|'never'))\s*$/m
const hrefAttribute = /<a\s[^>]*?\bhref\s*=\s*(?:"(#[^"]*)"|'(#[^']*)')/gi

const rule = {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['ignoreCase', 'ignore'])
    return {ignoreCase: booleanOption(options, 'ignoreCase') ?? false, ignore: regexList(options, 'ignore', 'u') ?? []}
  },
  check(tree: Root, file: VFile, options: Options | undefined, context: RuleContext) {
    // A fragment's links are resolved against the page that includes it, which it cannot know.
    if (file.path && (fragmentFolder.test(file.path.replace(/\\/g, '/')) || fragmentName.test(file.basename ?? '')))
      return
    const ignoreCase = options?.ignoreCase ?? false
    const ignored = (target: string) => (options?.ignore ?? []).some((pattern) => pattern.test(target))
    // What else a fragment finds: GitHub's lines and ids in another case (the profile says).
    const fragments = context.profile.fragments
    // Include fragments the generator reads by another mark: a Hugo headless bundle, a page never rendered.
    if (headless.test(frontMatter(tree))) return
    const ownAnchors = (): Anchors => context.anchors()
    const documents = context.documents
    const folder = file.path ? path.resolve(file.cwd, file.dirname ?? '.') : undefined
    const self = file.path ? path.resolve(file.cwd, file.path) : undefined

    const checkFragment = (fragment: string, anchors: Anchors, node: Nodes, where?: string, raw?: string): void => {
      if (!anchors.complete || anchors.ids.has(fragment)) return
      // GitHub links a line (`#L10`, `#L10-L20`, `#L3C24-L88`) of any file it shows.
      if (fragments?.lines && lineAnchor.test(fragment)) return
      const lower = fragment.toLowerCase()
      const sameCase = [...anchors.ids].find((candidate) => candidate.toLowerCase() === lower)
      // GitHub finds `#Install` at `#install`; the other generators' pages need the exact case.
      if (sameCase && (ignoreCase || fragments?.ignoreCase)) return
      // Never an id made from a variable's value: it would print the value (a token, say).
      const shown = anchors.private ? new Set([...anchors.ids].filter((id) => !anchors.private!.has(id))) : anchors.ids
      const suggestion =
        (sameCase && !anchors.private?.has(sameCase) ? sameCase : undefined) ?? nearest(fragment, shown)
      const hint = suggestion ? ` (did you mean \`#${suggestion}\`?)` : ''
      const expected = where ? `expected a heading or id in \`${where}\`` : 'expected a heading or id on this page'
      const target = where ? `${where}#${fragment}` : `#${fragment}`
      if (ignored(target)) return
      const message = report(file, meta, `Unexpected link to missing anchor \`${target}\`, ${expected}${hint}`, node)
      // On the same page, an id that differs only in case or punctuation is certainly the one meant.
      if (!where && raw !== undefined) {
        const key = looseKey(fragment)
        const matches = [...anchors.ids].filter((candidate) => looseKey(candidate) === key)
        if (matches.length === 1) message.fix = fragmentFix(String(file.value), node, raw, matches[0]!)
      }
    }

    // A link written as a route of the built site (`/guides/components/#tabs`), found among the
    // pages the generator builds it from (the profile says which); not judged when it cannot say.
    const checkRoute = (
      pathPart: string,
      fragment: string | undefined,
      skipFragment: boolean,
      node: Nodes,
    ): boolean => {
      const routes = documents && self ? context.profile.routeTargets?.(decode(pathPart), self) : undefined
      if (!routes || !documents) return false
      const page = routes.candidates.find((candidate) => documents.exists(candidate))
      if (!page) {
        if (routes.judgeMissing && !ignored(pathPart))
          report(
            file,
            meta,
            `Unexpected link to missing page \`${pathPart}\`, expected a page for it in \`${routes.where}\``,
            node,
          )
        return true
      }
      if (skipFragment || !markdown.has(path.extname(page).toLowerCase())) return true
      const anchors = page === self ? ownAnchors() : documents.anchorsOf(page)
      if (anchors) checkFragment(fragment!, anchors, node, page === self ? undefined : pathPart)
      return true
    }

    const checkUrl = (url: string, node: Nodes): void => {
      // `(https://…)`: a URL written in parentheses is malformed, not a local file.
      if (!url || template.test(url) || absolute.test(url) || url.includes('://')) return
      const hash = url.indexOf('#')
      const fragment = hash === -1 ? undefined : decode(url.slice(hash + 1))
      const pathPart = (hash === -1 ? url : url.slice(0, hash)).replace(/\?.*$/, '')
      // `#` alone is an empty link, not a broken anchor; `#top` and text fragments always scroll.
      const skipFragment = !fragment || /^top$/i.test(fragment) || fragment.startsWith(':~:')
      if (pathPart === '') {
        if (!skipFragment) checkFragment(fragment, ownAnchors(), node, undefined, url.slice(hash + 1))
        return
      }
      if (!documents || !folder) return
      let target = path.resolve(folder, decode(pathPart))
      const extension = path.extname(target).toLowerCase()
      // `/guides/`, `./getting-started`, `page.html`: a route, which only the site generator resolves.
      if (pathPart.startsWith('/') || !extension || built.has(extension)) {
        checkRoute(pathPart, fragment, skipFragment, node)
        return
      }
      if (target === self) {
        if (!skipFragment) checkFragment(fragment, ownAnchors(), node)
        return
      }
      // Where else the generator looks (Docusaurus: the docs root, `@site/`).
      if (!documents.exists(target))
        target =
          file.data.profile?.linkTargets?.(decode(pathPart), folder).find((other) => documents.exists(other)) ?? target
      // A Markdown path the generator maps elsewhere (VitePress' `rewrites`).
      if (!documents.exists(target) && markdown.has(extension) && checkRoute(pathPart, fragment, skipFragment, node))
        return
      if (!documents.exists(target)) {
        if (ignored(pathPart)) return
        report(file, meta, `Unexpected link to missing file \`${pathPart}\`, expected an existing file`, node)
        return
      }
      if (skipFragment || !markdown.has(extension)) return
      const anchors = documents.anchorsOf(target)
      if (anchors) checkFragment(fragment, anchors, node, pathPart)
    }

    visit(tree, (node) => {
      if (!node.position) return
      if (node.type === 'link' || node.type === 'definition') checkUrl(node.url, node)
      else if (node.type === 'html' && node.value.includes('#')) {
        for (const match of node.value.matchAll(hrefAttribute)) checkUrl(match[1] ?? match[2]!, node)
      }
    })
  },
} satisfies Rule<Options>

export default rule

function looseKey(id: string): string {
  return id.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
}

/** Replaces the fragment after `#` in the node's source, when `#fragment` occurs there exactly once. */
function fragmentFix(source: string, node: Nodes, raw: string, id: string): Fix | undefined {
  const from = node.position?.start.offset
  const to = node.position?.end.offset
  if (from === undefined || to === undefined) return undefined
  const text = source.slice(from, to)
  const needle = `#${raw}`
  const at = text.indexOf(needle)
  if (at === -1 || text.indexOf(needle, at + 1) !== -1) return undefined
  // The whole fragment, not the start of a longer one.
  const next = text[at + needle.length]
  if (next !== undefined && !/[)\s"'>]/.test(next)) return undefined
  const start = from + at + 1
  return {range: [start, start + raw.length], text: id}
}

function frontMatter(tree: Root): string {
  const first = tree.children[0]
  return first?.type === 'yaml' ? first.value : ''
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** An id close enough to the fragment to be what the writer meant. */
function nearest(fragment: string, ids: Set<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(fragment.length / 5)))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of ids) {
    if (Math.abs(candidate.length - fragment.length) > limit) continue
    const value = levenshtein().distance(fragment, candidate)
    if (value < bestDistance) {
      best = candidate
      bestDistance = value
    }
  }
  return best
}
