import type {Heading, List, ListItem, Nodes, Paragraph, Root} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {
  booleanOption,
  checkKeys,
  containsLink,
  docsUrl,
  isSilentMdx,
  optionObject,
  regexList,
  report,
  sections,
  type Rule,
} from '../src/rule.js'

const id = 'require-step-links'

const meta = {
  id,
  description: 'Items of a list of steps or pointers must link to the page that covers them.',
  recommended: true,
  url: docsUrl(id),
}

export interface Options {
  /** Headings whose section lists pointers, matched against the heading's plain text. */
  headings: RegExp[]
  /** Leave alone lists where an item holds a code block: a procedure, not pointers. */
  skipProcedures: boolean
}

// Anchored so that `Overview` over a feature list, `Steps to enable load balancing` over a
// procedure and `Related policies` over prose are not read as lists of pointers.
export const defaultHeadings = [
  String.raw`^overview\b.*\bsteps$`,
  String.raw`^next steps$`,
  String.raw`^what['’]s next$`,
  String.raw`^see also$`,
  String.raw`^related (?:topics|pages|docs|documentation|resources|information|content|links|guides|reading)\b`,
  String.raw`^further reading$`,
  String.raw`^learn more$`,
  String.raw`^(?:additional |more |other |useful )?resources$`,
]

const defaults: Options = {
  headings: defaultHeadings.map((source) => new RegExp(source, 'i')),
  skipProcedures: true,
}

const trailingAttributes = /\s*\{\s*[:#.][^{}]*\}\s*$/
// Numbering, icons and emoji before the words: `3. Next steps`, `:material-rocket: Next steps`, `🚀 See also`.
const leadingDecoration = /^(?:\d+(?:\.\d+)*[.)]?\s+|:[\w+-]+:\s*|[^\p{L}\p{N}\s]+\s*)+/u
// Expressions that render a URL or Markdown from elsewhere (`{{ x | relative_url }}`, `{{ site.links.docs }}`,
// `{{ page_url }}`), and macro calls (`{{ card("install") }}`), which render whatever the macro writes.
const linkExpression = /(?:^|[^a-z])(?:urls?|links?|href|markdownify|ref|relref|include)(?:$|[^a-z])|[\w.]\s*\(/i
// Links a site resolves that Markdown alone does not: mkdocs-autorefs `[Title][id]` and `[id][]` with
// no definition on the page, and wiki links `[[Page]]`.
const bareUrl = /(?:^|[\s(])(?:https?:\/\/|www\.)[^\s<>]+/i
const siteReference = /\[[^[\]\n]+\]\[[^[\]\n]*\]|\[\[[^[\]\n]+\]\]/
// Links in HTML or JSX: `<a href>`, Docusaurus `<Link to>`.
const htmlLink = /<(?:a|Link)\s[^>]*\b(?:href|to)\s*=/i

export default {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['headings', 'skipProcedures'])
    return {
      headings: regexList(options, 'headings', 'i') ?? defaults.headings,
      skipProcedures: booleanOption(options, 'skipProcedures') ?? defaults.skipProcedures,
    }
  },
  check(tree: Root, file: VFile, options: Options = defaults) {
    const source = String(file.value)
    for (const {heading, body} of sections(tree)) {
      const title = headingText(heading)
      if (!options.headings.some((pattern) => pattern.test(title))) continue
      body.forEach((node, index) => {
        if (node.type !== 'list') return
        if (options.skipProcedures && isProcedure(node)) return
        if (describesLinkedPage(node, body[index - 1])) return
        if (isDiscussion(node)) return
        for (const item of node.children) {
          if (!item.position || isBlank(item) || hasLink(item) || isCommandStep(item)) continue
          report(
            file,
            meta,
            'Unexpected step without a link, expected a link to the page that covers it',
            firstLine(item.position, source),
          )
        }
      })
    }
  },
} satisfies Rule<Options>

// The heading as a reader sees it: no template tags, HTML comments or explicit ids, and no final
// punctuation (`What's next?`, `See also:`).
function headingText(heading: Heading): string {
  let text = ''
  const collect = (node: Nodes): void => {
    if (node.type === 'text' || node.type === 'inlineCode') text += node.value
    else if (node.type === 'template' && node.kind === 'expression') text += node.value
    else if ('children' in node) for (const child of node.children as Nodes[]) collect(child)
  }
  collect(heading)
  return text
    .replace(trailingAttributes, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(leadingDecoration, '')
    .replace(/[\s?:.!]+$/, '')
}

function isProcedure(list: List): boolean {
  const hasCode = (node: Nodes): boolean =>
    node.type === 'code' || ('children' in node && (node.children as Nodes[]).some(hasCode))
  return list.children.some(hasCode)
}

// `Read the [upgrade guide](…), which covers:` over items none of which links: the items say what
// the linked page holds, they are not pointers of their own.
function describesLinkedPage(list: List, before: Nodes | undefined): boolean {
  if (before?.type !== 'paragraph' || !hasLink(before)) return false
  const last = before.children.at(-1)
  if (last?.type !== 'text' || !/:\s*$/.test(last.value)) return false
  return !list.children.some(hasLink)
}

// `- **Blog series**: Authors should be able to group posts. Each post then links the others.`
// under "What's next?": every item a paragraph of two sentences or more is a discussion of
// plans or ideas, not a list of pointers, which name a page or a step in a line.
function isDiscussion(list: List): boolean {
  return list.children.every((item) => {
    const first = item.children[0]
    return first?.type === 'paragraph' && sentences(plainText(first)) >= 2
  })
}

function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : ''
}

// Sentence ends: `.`, `!` or `?` before white space and a capital letter, or at the end.
function sentences(text: string): number {
  return text
    .trim()
    .split(/[.!?]+["')\]]*\s+(?=["'(]?\p{Lu})/u)
    .filter((part) => /\p{L}{2}/u.test(part)).length
}

// ``Run `mytool status` to check the install.``: an action the reader does here, with its command,
// is an instruction, not a pointer to another page.
const actionVerb =
  /^(?:then |now |next |first |finally |optionally |also )?(?:run|re-?run|execute|type|enter|install|apply|call|invoke|start|restart|stop|set|export|create|delete|remove|copy|paste|edit|download|clone|deploy|update|upgrade|check|verify|open|add|enable|disable|configure|build|test|pull|push|send|curl|log in|sign in|launch|scale|rollback|roll back|port-forward|expose)\b/i
// A command, not a name: `mytool status`, `./install.sh`, `kubectl get pods -n x`, `make`.
const commandCode =
  /^(?:\$\s*)?(?:\.{0,2}\/|[a-z][\w.-]*(?:\s+\S+)+$|[a-z][\w.-]*\.(?:sh|py|ps1)$|(?:make|npm|yarn|go|docker|kubectl|helm|curl|git|pip)$)/

function isCommandStep(item: ListItem): boolean {
  const first = item.children[0]
  if (first?.type !== 'paragraph') return false
  const lead = first.children[0]
  if (lead?.type !== 'text' || !actionVerb.test(lead.value.trimStart())) return false
  return first.children.some((node) => node.type === 'inlineCode' && commandCode.test(node.value.trim()))
}

// Empty items (`-`, `- <!-- note -->`, `- [ ]`) are left to `no-empty-list-items`.
function isBlank(node: Nodes): boolean {
  switch (node.type) {
    case 'listItem':
    case 'paragraph':
      return (node.children as Nodes[]).every(isBlank)
    case 'html':
      return /^(?:<!--[\s\S]*?-->\s*)*$/.test(node.value.trim())
    case 'text':
      return /^\s*(?:\[[ xX]\])?\s*$/.test(node.value)
    case 'template':
      return !node.renders
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      return isSilentMdx(node)
    default:
      return false
  }
}

// A link, or a template whose output may be one: an include or shortcode renders text docgap
// cannot see, and an expression that renders a URL or Markdown is as good as a link.
function hasLink(parent: ListItem | Paragraph): boolean {
  const visit = (node: Nodes): boolean => {
    if (node.type === 'template') {
      if (!node.renders) return false
      return node.kind !== 'expression' || linkExpression.test(node.inner)
    }
    if (node.type === 'link' || node.type === 'linkReference') return true
    // A bare URL is a link on GitHub and Hugo (autolink literals), and a pointer anywhere.
    if (node.type === 'text') return siteReference.test(node.value) || bareUrl.test(node.value)
    if (node.type === 'html') return htmlLink.test(node.value)
    if ('children' in node) return (node.children as Nodes[]).some(visit)
    return containsLink(node)
  }
  return (parent.children as Nodes[]).some(visit)
}

// From the item's marker to the end of its first line.
function firstLine(position: Position, source: string): Position {
  const {start} = position
  if (start.offset === undefined) return position
  const newline = source.indexOf('\n', start.offset)
  let endOffset = newline === -1 ? source.length : newline
  if (endOffset > start.offset && source[endOffset - 1] === '\r') endOffset--
  const end =
    position.end.line === start.line
      ? position.end
      : {line: start.line, column: start.column + (endOffset - start.offset), offset: endOffset}
  return {start, end}
}
