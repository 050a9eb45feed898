/**
 * The one Markdown parser of a run: remark-parse with front matter and GFM, built once and
 * wrapped so that template syntax is read as the site generator reads it (see template.ts).
 * `.mdx` pages are parsed as MDX (ESM, JSX and expressions), once `loadMdx()` has run.
 */
import type {Root} from 'mdast'
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote'
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough'
import {gfmTable} from 'micromark-extension-gfm-table'
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {visit} from 'unist-util-visit'
import {maskColonContainers, maskContainers, restoreContainers, wrapColonContainers} from './containers.js'
import {maskTemplates, restoreTemplates} from './template/index.js'
import {installConsumeFromFirstEdit} from './edit-map.js'
import type {GeneratorProfile, ParseMode} from './generators/types.js'

export type Parse = (file: VFile) => Root

type MdxSyntax = (typeof import('./mdx.js'))['mdxSyntax']
type CommentSyntax = (typeof import('./mdx.js'))['htmlCommentSyntax']
let mdxSyntax: MdxSyntax | undefined
let commentSyntax: CommentSyntax | undefined

/** Whether a page at this path is MDX (by its extension, as MDX's own tools decide). */
export function isMdxPath(path: string | undefined): boolean {
  return path !== undefined && /\.mdx$/i.test(path)
}

/**
 * How a page is parsed: as its generator's profile says (Docusaurus reads `.md` as MDX too),
 * else as MDX when its extension is `.mdx`.
 */
export function parseModeOf(path: string | undefined, profile?: GeneratorProfile): ParseMode {
  return profile?.parseMode?.(path ?? '') ?? {mdx: isMdxPath(path)}
}

/** Loads the MDX syntax, so that parsers read `.mdx` pages as MDX. Call it before linting any. */
export async function loadMdx(): Promise<void> {
  const loaded = await import('./mdx.js')
  mdxSyntax ??= loaded.mdxSyntax
  commentSyntax ??= loaded.htmlCommentSyntax
}

/** Why MDX could not parse a page, with the place the parser stopped at. */
export class MdxParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    super(reason)
  }
}

const frontMatter = /^(?:---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|$)/

/**
 * GFM as remark-gfm reads it, without autolink literals: bare `www.`/URL/e-mail detection in
 * every run of text is about 30 % of the whole parse (PERF.md), and no rule needs a bare URL as
 * a link node (rules that care read URLs in text themselves). Tables, footnotes, strikethrough
 * and task lists are kept.
 */
function remarkGfmWithoutAutolinks(this: Processor): void {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem())
  ;(data.fromMarkdownExtensions ??= []).push(
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  )
}

function createProcessor(mdx?: MdxSyntax, comments?: CommentSyntax): Processor<Root> {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfmWithoutAutolinks)
  if (mdx) {
    const data = processor.data()
    ;(data.micromarkExtensions ??= []).push(mdx.micromark)
    ;(data.fromMarkdownExtensions ??= []).push(mdx.fromMarkdown)
    // Added later, micromark tries it before MDX's own `<` constructs, which stop at `<!`.
    if (comments) {
      data.micromarkExtensions.push(comments.micromark)
      data.fromMarkdownExtensions.push(comments.fromMarkdown)
    }
  }
  // Plugins register their extensions when the processor freezes; freeze once, here.
  processor.freeze()
  return processor as unknown as Processor<Root>
}

export function createParser(): Parse {
  // micromark's container bookkeeping made linear in the page's length (see the module).
  installConsumeFromFirstEdit()
  const processor = createProcessor()
  let mdxProcessor: Processor<Root> | undefined
  let mdxCommentProcessor: Processor<Root> | undefined
  return (file) => {
    let text = String(file.value)
    // A byte order mark is not content: drop it so that line 1 columns match a file without one.
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1)
      file.value = text
    }
    const mode = parseModeOf(file.path, file.data.profile)
    if (mode.mdx) {
      if (!mdxSyntax) throw new Error('MDX syntax is not loaded: call loadMdx() before parsing an .mdx page')
      const processor = mode.htmlComments
        ? (mdxCommentProcessor ??= createProcessor(mdxSyntax, commentSyntax))
        : (mdxProcessor ??= createProcessor(mdxSyntax))
      // MDX has no template engine: `{{…}}` is an object expression, `{/* */}` a comment.
      file.data.templateSpans = []
      try {
        const escaped = escapeHeadingIds(text)
        const colons = colonContainers(file) ? maskColonContainers(escaped.text) : undefined
        const tree = processor.parse(colons?.text ?? escaped.text)
        if (escaped.marker) restoreHeadingIds(tree, escaped.marker)
        if (colons?.containers.length) wrapColonContainers(tree, colons.containers, pointsOf(text))
        return tree
      } catch (error) {
        const place = error as {reason?: string; message: string; line?: number; column?: number}
        throw new MdxParseError(place.reason ?? place.message, place.line ?? undefined, place.column ?? undefined)
      }
    }
    const matter = frontMatter.exec(text)
    const masked = maskTemplates(text, matter ? matter[0].length : 0)
    file.data.templateSpans = masked.spans
    const containers = maskContainers(masked.text)
    const colons = colonContainers(file) ? maskColonContainers(containers.text) : undefined
    const tree = processor.parse(colons?.text ?? containers.text)
    if (masked.spans.length > 0) {
      const place = location(text)
      restoreTemplates(tree, masked, (offset) => place.toPoint(offset), text)
    }
    restoreContainers(tree, containers.starts)
    if (colons?.containers.length) wrapColonContainers(tree, colons.containers, pointsOf(text))
    return tree
  }
}

/**
 * Whether the page's generator renders `:::` containers (its profile says; a page whose generator
 * is not known may be any of them). GitHub shows the colons as text.
 */
function colonContainers(file: VFile): boolean {
  const profile = file.data.profile
  return profile === undefined || profile.syntax.containers.includes(':::')
}

function pointsOf(text: string) {
  const place = location(text)
  return (offset: number) => place.toPoint(offset)
}

// `## Title {#custom-id}`: Docusaurus escapes the brace before MDX reads it (an expression would
// not parse). The brace becomes a character the page does not use, keeping every offset, and
// turns back into `{` in the heading's text.
const headingWithId = /^([ \t]{0,3}#{1,6}[ \t].*?)\{(#[\w-]+\}[ \t]*)$/gm

function escapeHeadingIds(text: string): {text: string; marker?: string} {
  if (!text.includes('{#')) return {text}
  let code = 0xe000
  while (text.includes(String.fromCharCode(code))) code++
  const marker = String.fromCharCode(code)
  const escaped = text.replace(headingWithId, (_all, before: string, after: string) => `${before}${marker}${after}`)
  return escaped === text ? {text} : {text: escaped, marker}
}

function restoreHeadingIds(tree: Root, marker: string): void {
  visit(tree, 'text', (node) => {
    if (node.value.includes(marker)) node.value = node.value.split(marker).join('{')
  })
}
