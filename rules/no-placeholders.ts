import type {Html, Nodes, Parent, Root, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {
  checkKeys,
  demonstratedIn,
  fillerUnderShownHeadings,
  docsUrl,
  optionObject,
  regexList,
  report,
  RuleOptionError,
  stringList,
  textSpanPosition,
  type Rule,
} from '../src/rule.js'

const id = 'no-placeholders'

const meta = {
  id,
  description: 'Placeholder text must be replaced before publishing.',
  recommended: true,
  url: docsUrl(id),
}

interface Check {
  /** The name `ignore` turns it off by; empty for patterns from the `patterns` option. */
  name: string
  pattern: RegExp
  /** Whether a match at `start`–`end` is a placeholder after all. */
  keep?: (value: string, start: number, end: number) => boolean
}

export interface Options {
  /** Checks run on text, built-in ones first. */
  text: Check[]
  /** Whether `<insert …>` HTML is flagged. */
  insertHtml: boolean
  /** Whether code blocks made only of a placeholder (`example code`) are flagged. */
  code: boolean
  /** Whether a `Coming soon` notice that is all a page or section says is flagged. */
  notice: boolean
}

// Marker words stand alone: not inside a word, a path (`super.XXX`), or a compound (`XXX-large`).
const word = (words: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}_./-])(?:${words})(?![\\p{L}\\p{N}_]|[-.][\\p{L}\\p{N}])`, 'gu')
// `TODO app`, `TODO comments`: the word names a thing rather than marking unfinished text.
const todoAsNoun =
  /^\s+(?:apps?|applications?|lists?|items?|tasks?|comments?|example|sample|features?|panels?|views?|tabs?|tree|extensions?|plugins?|keywords?|tags?|markers?|annotations?|highlight\w*|files?|tools?|widgets?|entry|entries|checks?|rules?|filters?|buttons?|columns?|labels?|boards?|cards?|managers?|tracker)\b/i
// `Add a TODO to the code`, `the keyword TODO`, `"TODO"`: a sentence that talks about the marker.
const todoNamed =
  /(?:\b(?:a|an|the|each|every|this|that|any|no|one|your|our|my|their|its|named|called|keyword|the word|the marker|like|as)|["'“‘])\s*$/i
// A tag after the marker (`TODO:`, `TODO(ana)`, `TODO-DOCS`) makes it one whatever comes before.
const todoTagged = /^(?::|\(|-[A-Z])/

const builtins: Check[] = [
  // A blank to fill in. Runs touching letters, digits or slashes are names and paths (`snake___case`, `/___/`).
  {name: 'underscores', pattern: /(?<![\p{L}\p{N}_/\\])_{3,}(?![\p{L}\p{N}_/\\])/gu},
  {
    name: 'todo',
    // `TODO-DOCS`, `TODO_DOCS`: a team's tagged marker.
    pattern: word('TODO(?:[-_][A-Z]{2,}(?![\\p{Ll}]))?'),
    keep: (value, start, end) =>
      todoTagged.test(value.slice(end)) ||
      (!todoAsNoun.test(value.slice(end)) && !todoNamed.test(value.slice(Math.max(0, start - 40), start))),
  },
  {name: 'tbd', pattern: word('TBD|TBA')},
  {name: 'fixme', pattern: word('FIXME(?:[-_][A-Z]{2,}(?![\\p{Ll}]))?')},
  {name: 'xxx', pattern: word('XXX')},
  {name: 'lorem-ipsum', pattern: /\blorem\s+ipsum\b/giu},
  // `[Insert the token here]`, and `<insert the token>` written with escapes or entities.
  {name: 'insert', pattern: /\[[ \t]*insert\b[^[\]\n]*\]|<insert\b[^<>\n]*>/giu},
  {name: 'placeholder', pattern: /\[[ \t]*placeholder\b[^[\]\n]*\]/giu},
  // `??` or `???` as a word of its own, not a question mark doubled after a word.
  {name: 'question-marks', pattern: /(?<![^\s(["'“‘])\?{2,}(?![^\s.,;:!)\]"'”’])/gu},
]
// A code block whose whole content says where code should go: `example code`, `code here`, `...`.
const placeholderCode =
  /^(?:(?:example|sample|your|some)(?:\s+\w+)?\s+(?:code|commands?|output|config(?:uration)?|snippet)(?:\s+(?:here|goes here))?|(?:code|commands?|output)\s+(?:goes\s+)?here|example of what .*|TODO|TBD|FIXME|\.{3}|…)[.:?!]*$/i
// `tbd`, `Tba`: only as the whole text of a cell or an emphasis, where no sentence uses it as a word.
const wholeTbd = /^\s*(tbd|tba)[.!]?\s*$/i
const wholeTbdParents = new Set(['tableCell', 'emphasis', 'strong'])
const builtinNames = [...builtins.map((check) => check.name), 'code', 'notice']
// `<insert your token here>` parses as an HTML tag; comments inside HTML are not shown.
const insertTag = /<insert\b[^<>\n]*>/gi
const htmlComment = /<!--[\s\S]*?(?:-->|$)/g

const defaults: Options = {text: builtins, insertHtml: true, code: true, notice: true}

// URLs in text (GFM autolinks and ones it does not link) keep their underscores and marks.
const url = /\b(?:[a-z][a-z\d+.-]*:\/\/|www\.)[^\s<>"'`]*/gi
// MkDocs Material collapsibles (`??? note "Title"`, `???+ tip`) at the start of a paragraph.
const detailsMarker = /^\?{3}\+?(?=[ \t]+\S)/
// Python-Markdown and kramdown abbreviation definitions (`*[TBD]: To be determined`) are not shown.
const abbreviation = /^\*\[[^\]\n]*\]:.*$/gm
// Comments a site generator drops: kramdown `{::comment}…{:/comment}`, MDX `{/* … */}`.
const hiddenComment = /\{::comment\}[\s\S]*?\{:\/(?:comment)?\}|\{\/\*[\s\S]*?\*\/\}/g

const rule = {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['patterns', 'ignore'])
    const ignore = stringList(options, 'ignore') ?? []
    for (const name of ignore) {
      if (!builtinNames.includes(name)) {
        throw new RuleOptionError('ignore', `unknown check ${JSON.stringify(name)} (known: ${builtinNames.join(', ')})`)
      }
    }
    const patterns = regexList(options, 'patterns', 'gu') ?? []
    const text = builtins.filter((check) => !ignore.includes(check.name))
    for (const pattern of patterns) text.push({name: '', pattern})
    return {
      text,
      insertHtml: !ignore.includes('insert'),
      code: !ignore.includes('code'),
      notice: !ignore.includes('notice'),
    }
  },
  check(tree: Root, file: VFile, options?: Options) {
    const settings = options ?? defaults
    const source = String(file.value)
    const hidden = hiddenRanges(source)
    const demonstrated = demonstratedIn(tree)
    // `Lorem ipsum` alone under a heading there to fill a table of contents a component shows.
    const filler = fillerUnderShownHeadings(tree)
    // Asked once a node, not once a finding: the test reads the whole node (20,000 TODOs in one
    // paragraph made it quadratic).
    const demonstratedNodes = new Map<Text | Html, boolean>()
    const isDemonstrated = (node: Text | Html): boolean => {
      let answer = demonstratedNodes.get(node)
      if (answer === undefined) {
        answer = demonstrated(node.value) || demonstrated(sourceLines(source, node))
        demonstratedNodes.set(node, answer)
      }
      return answer
    }
    const flag = (node: Text | Html, start: number, end: number): void => {
      const place = textSpanPosition(node, start, end, source)
      const offset = place?.start.offset
      if (!place || (offset !== undefined && hidden.some(([from, to]) => offset >= from && offset < to))) return
      // The result of an example whose source a code block on the page shows.
      if (isDemonstrated(node)) return
      report(
        file,
        meta,
        `Unexpected placeholder \`${shown(node.value.slice(start, end))}\`, expected final content`,
        place,
      )
    }

    const walk = (parent: Parent): void => {
      parent.children.forEach((node, index) => {
        const child = node as Nodes
        switch (child.type) {
          case 'text':
            if (child.position && !filler.has(parent as Nodes)) checkText(child, parent, index, settings.text, flag)
            return
          case 'html':
            if (child.position && settings.insertHtml) checkHtml(child, flag)
            return
          // Code is never searched for markers; a block that is nothing but a placeholder is one.
          case 'code':
            if (child.position && settings.code && placeholderCode.test(child.value.trim())) {
              report(
                file,
                meta,
                `Unexpected placeholder code \`${shown(child.value.trim())}\`, expected final content`,
                child,
              )
            }
            return
          // Front matter, definitions and templates are not prose a reader sees as text.
          case 'inlineCode':
          case 'yaml':
          case 'definition':
          case 'template':
            return
          default:
            if ('children' in child) walk(child)
        }
      })
    }
    walk(tree)
    if (settings.notice) checkNotices(tree, file)
  },
} satisfies Rule<Options>

export default rule

function checkText(
  node: Text,
  parent: Parent,
  index: number,
  checks: Check[],
  flag: (node: Text, start: number, end: number) => void,
): void {
  const value = node.value
  const scan = visibleText(node, parent, index)
  const found: Array<[number, number]> = []
  for (const check of checks) {
    const pattern = check.pattern
    pattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = pattern.exec(scan))) {
      const start = match.index
      const end = start + match[0].length
      // A user pattern that matches the empty string must not loop or report nothing.
      if (end === start) {
        pattern.lastIndex++
        continue
      }
      if (check.keep && !check.keep(value, start, end)) continue
      if (check.name === 'question-marks' && endsQuestionHeading(parent, index, value, start, end)) continue
      found.push([start, end])
    }
  }
  // `tbd` in any case is a blank when it is all a table cell or an emphasis says (`*tbd*`).
  if (
    checks.some((check) => check.name === 'tbd') &&
    wholeTbdParents.has(parent.type) &&
    parent.children.length === 1
  ) {
    const whole = wholeTbd.exec(value)
    if (whole && !/^(?:TBD|TBA)$/.test(whole[1]!)) {
      const start = value.indexOf(whole[1]!)
      found.push([start, start + whole[1]!.length])
    }
  }
  // One finding per stretch of text, even when several checks match it (`[Insert TODO]`).
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  let reached = -1
  for (const [start, end] of found) {
    if (start < reached) continue
    flag(node, start, end)
    reached = end
  }
}

/**
 * `### Testez votre connecteur localement ??`: marks that end a heading of a few words ask its
 * question, spaced the French way or doubled for emphasis; a blank stands for a value, which a
 * heading does not hold.
 */
function endsQuestionHeading(parent: Parent, index: number, value: string, start: number, end: number): boolean {
  return (
    parent.type === 'heading' &&
    index === parent.children.length - 1 &&
    value.slice(end).trim() === '' &&
    /[\p{L}\p{N}]+\s+[\p{L}\p{N}]+/u.test(value.slice(0, start))
  )
}

// The node's value with what a reader does not see as prose blanked out, keeping every offset.
function visibleText(node: Text, parent: Parent, index: number): string {
  let scan = node.value.replace(url, blank).replace(abbreviation, blank)
  if (index === 0 && parent.type === 'paragraph') scan = scan.replace(detailsMarker, blank)
  // GFM leaves trailing punctuation, underscores included, out of an autolink: it is still the URL.
  const previous = parent.children[index - 1]
  if (previous?.type === 'link' && isAutolink(previous)) scan = scan.replace(/^\S+/, blank)
  return scan
}

function checkHtml(node: Html, flag: (node: Html, start: number, end: number) => void): void {
  if (!/<insert\b/i.test(node.value)) return
  const scan = node.value.replace(htmlComment, blank)
  insertTag.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = insertTag.exec(scan))) flag(node, match.index, match.index + match[0].length)
}

function isAutolink(link: Extract<Nodes, {type: 'link'}>): boolean {
  const text = link.children.map((child) => ('value' in child ? child.value : '')).join('')
  return (
    text !== '' &&
    link.url.replace(/^(?:mailto:|https?:\/\/)/, '').startsWith(text.replace(/^(?:mailto:|https?:\/\/)/, ''))
  )
}

// `Coming soon!`, `Content coming soon.`, `🚧 Under construction 🚧`, `WIP`: a notice standing for the text.
const notice =
  /^(?:(?:this |the )?(?:page|section|content|documentation|docs|guide|tutorial|article|information|details|reference|examples?|more(?: (?:content|details|information|info|docs|examples))?)(?: (?:is|are|will be))?(?: still)? )?(?:(?:coming )?soon|coming soon|under construction|(?:a )?work in progress|(?:to be )?written soon)(?:[\s,.!:;…-]+(?:please )?(?:stay tuned|check back (?:soon|later)|watch this space|we(?:'re| are) working on it))?[\s.!…]*$/i
const wipNotice = /^(?:WIP|W\.I\.P\.)[\s.!…]*$/
// `We're currently working on this section. Please check back soon.`, `This page is still being written.`
const workNotice =
  /^(?:(?:we(?:'re| are)|the (?:docs |documentation )?team is) (?:currently |still )?(?:working on|writing|preparing)|this (?:page|section|guide|article|tutorial) is (?:still |currently )?(?:being (?:written|prepared|worked on)|under construction|a work in progress)\b)(?: (?:this|the) (?:page|section|guide|documentation|docs|content)(?: of the (?:documentation|docs))?)?[.!]*(?:\s+(?:please )?(?:check back (?:soon|later)|stay tuned)[.!]*)?$/i
const pictographs = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu
// `This page is still under construction. Meanwhile, …`: the page says of itself that it is unfinished,
// whatever else it holds. Only the page or a part of it: `This feature is a work in progress` is news.
const unfinishedOpening =
  /^this (?:page|section|guide|article|tutorial|documentation|doc) is (?:still |currently )?(?:under construction|being (?:written|worked on)|a work in progress|incomplete|unfinished|not (?:yet )?(?:finished|complete))[.!]/i
// Blocks that put nothing on the page.
const silent = (node: RootContent): boolean =>
  node.type === 'yaml' ||
  (node.type as string) === 'toml' ||
  node.type === 'definition' ||
  (node.type === 'html' && /^(?:\s*<!--[\s\S]*?-->)+\s*$/.test(node.value)) ||
  (node.type === 'template' && !node.renders)

// A notice that is all the page, or a section up to the next heading, says.
function checkNotices(tree: Root, file: VFile): void {
  let body: RootContent[] = []
  const judge = (): void => {
    const visible = body.filter((node) => !silent(node))
    body = []
    if (visible.length !== 1) return
    let block = visible[0]!
    // A notice in a block quote or an admonition: `> **Coming soon**`, `:::note`.
    while ((block.type === 'blockquote' || block.type === 'container') && block.children.length === 1)
      block = block.children[0]!
    if (block.type !== 'paragraph' || !block.position) return
    const text = toString(block).replace(pictographs, '').trim()
    if (!notice.test(text) && !wipNotice.test(text) && !workNotice.test(text)) return
    reported.add(block)
    report(file, meta, `Unexpected placeholder \`${shown(text)}\`, expected final content`, block)
  }
  const reported = new Set<RootContent>()
  for (const node of tree.children) {
    if (node.type === 'heading') judge()
    else body.push(node)
  }
  judge()
  for (const node of tree.children) {
    let block = node
    while ((block.type === 'blockquote' || block.type === 'container') && block.children.length > 0)
      block = block.children[0]!
    if (block.type !== 'paragraph' || !block.position || reported.has(block)) continue
    const text = toString(block).replace(pictographs, '').trim()
    const opening = unfinishedOpening.exec(text)
    if (opening) report(file, meta, `Unexpected placeholder \`${shown(opening[0])}\`, expected final content`, block)
  }
}

function blank(text: string): string {
  return ' '.repeat(text.length)
}

function shown(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine
}

function hiddenRanges(source: string): Array<[number, number]> {
  if (!source.includes('{::comment}') && !source.includes('{/*')) return []
  return [...source.matchAll(hiddenComment)].map((match) => [match.index, match.index + match[0].length])
}

// The whole source lines a node stands on, without block quote and list markers: the text a code
// block beside it would show (`Lorem ipsum[^1] dolor sit amet` is split by the reference).
function sourceLines(source: string, node: Text | Html): string {
  const from = node.position?.start.offset
  const to = node.position?.end.offset
  if (from === undefined || to === undefined) return ''
  const start = source.lastIndexOf('\n', from - 1) + 1
  const end = source.indexOf('\n', to)
  return source
    .slice(start, end === -1 ? source.length : end)
    .replace(/^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?/gm, '')
}
