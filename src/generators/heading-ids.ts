/**
 * What the generators' heading ids have in common: attribute lists (`{#id .class key=value}`)
 * and a maker that takes a heading's explicit ids in the generator's own syntax, else slugs the
 * text the generator slugs.
 */
import type {Heading, RootContent} from 'mdast'
import type {HeadingIdMaker, HeadingText, Slugger} from './types.js'

// One attribute of an attribute list: `#id`, `.class` or `key=value`.
export const attribute = String.raw`(?:[#.][\w:.-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))`
// One attribute list's content without the `:` form: `#id .class key=value`.
export const attributeRun = String.raw`${attribute}(?:[ \t]+${attribute})*`
// `{#id}`, `{: #id .class}`, `{ #id }`, `{: id="x"}`; not `{:name: …}` (a kramdown definition).
export const attributeList = new RegExp(String.raw`\{:?[ \t]*(${attributeRun})[ \t]*\}`, 'g')

/** The ids an attribute list's content sets: `#id` and `id=…`. */
export function idsOf(list: string): string[] {
  const ids: string[] = []
  for (const match of list.matchAll(new RegExp(attribute, 'g'))) {
    const token = match[0]
    if (token.startsWith('#')) ids.push(token.slice(1))
    else if (/^id=/i.test(token)) ids.push(token.slice(3).replace(/^["']|["']$/g, ''))
  }
  return ids
}

/** kramdown's block attribute list `{: #id}` on the line right after the heading: the ids it sets. */
export function idsOnNextLine(node: Heading, next: RootContent | undefined): string[] {
  if (
    next?.type !== 'paragraph' ||
    !next.position ||
    !node.position ||
    next.position.start.line !== node.position.end.line + 1
  )
    return []
  const first = next.children[0]
  const line = first?.type === 'text' ? first.value.split('\n')[0]! : ''
  return /^\{:/.test(line) ? [...line.matchAll(attributeList)].flatMap((match) => idsOf(match[1]!)) : []
}

export interface HeadingIdSyntax {
  /** The explicit-id syntax at the end of a heading's text, or undefined when the generator reads none. */
  pattern?: RegExp
  /** The ids a match of `pattern` sets (default: the attribute list in its first or second group). */
  ids?(match: RegExpExecArray): string[]
  /** Whether `{: #id}` on the line after the heading sets its id too (kramdown). */
  nextLine?: boolean
  /** Which text the generator slugs. */
  text: 'rendered' | 'source' | 'typographic'
  /** A fresh slugger for the page; undefined when automatic ids cannot be known. */
  slugger?: Slugger
  /** Whether definition-list terms get ids. */
  termIds?: boolean
  /** Whether the space before an inline comment that ends the heading stays in the id (GitHub). */
  keepsSpaceBeforeHtml?: boolean
}

/** A heading-id maker from a generator's syntax and slugger. */
export function headingIdMaker(syntax: HeadingIdSyntax): HeadingIdMaker {
  const {pattern, slugger} = syntax
  const maker: HeadingIdMaker = {
    heading(node, next, text) {
      const last = node.children.at(-1)
      const attributes = pattern && last?.type === 'text' ? pattern.exec(last.value) : null
      const explicit = !attributes
        ? []
        : syntax.ids
          ? syntax.ids(attributes)
          : idsOf(attributes[1] ?? attributes[2] ?? '')
      if (syntax.nextLine) explicit.push(...idsOnNextLine(node, next))
      if (explicit.length > 0) {
        for (const id of explicit) slugger?.claim(id)
        return explicit
      }
      if (!slugger) return undefined
      const value = pick(text, syntax.text)
      // Attributes stand at the end of the heading's last text, so they end the text whichever way it is read.
      const cut = attributes ? value.slice(0, Math.max(0, value.length - attributes[0].trimEnd().length)).trim() : value
      // GitHub slugs the text as rendered: `## Title <!-- note -->` keeps the space before the comment.
      return [slugger.slug(syntax.keepsSpaceBeforeHtml && endsWithSpacedHtml(node) ? `${cut} ` : cut)]
    },
  }
  if (syntax.termIds && slugger) maker.term = (text) => slugger.slug(text)
  return maker
}

/** Whether the heading ends with inline HTML (a comment, a tag) after a space: `## Title <!-- x -->`. */
export function endsWithSpacedHtml(node: Heading): boolean {
  const children = node.children
  let index = children.length - 1
  if (children[index]?.type !== 'html') return false
  while (index >= 0 && children[index]!.type === 'html') index--
  const before = children[index]
  return before?.type === 'text' && /\s$/.test(before.value) && before.value.trim() !== ''
}

function pick(text: HeadingText, which: HeadingIdSyntax['text']): string {
  return which === 'rendered' ? text.rendered : which === 'source' ? text.source : text.typographic()
}

/** A slugger for a generator that gives headings no automatic id. */
export function noSlugger(): Slugger {
  return {slug: () => '', reset: () => {}, claim: () => {}}
}
