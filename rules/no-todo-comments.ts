import type {Code, Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {docsUrl, noOptions, report, type Rule} from '../src/rule.js'

const id = 'no-todo-comments'

const meta = {
  id,
  description: 'Comments in the Markdown source must not record unfinished work.',
  recommended: true,
  severity: 'warn' as const,
  url: docsUrl(id),
}

// The marker words, in capitals and standing alone: `TODO:`, `TODO(ana)`, `FIXME -`, but not
// `TODOs`, `todo`, `XXX-large`, `ec2-XXX` or `super.XXX`.
const markerWord = /(?<![\w./-])(TODO|FIXME|TBD|XXX)(?![\w-]|\.\w)/
const htmlComment = /<!--[\s\S]*?(?:-->|$)/g
// A comment's opener, blanked before looking for a marker: `<!--TODO(ana): …-->` has no space after it.
const commentOpener = /^(?:<!--|\{::comment\}|\{\/\*|\{\{\/\*|\{#|\{%-?\s*comment\s*-?%\}|\[[^\]]*\]:)/
// `[//]: # (…)`, `[comment]: <> (…)`: a definition nothing links to, kept for its title.
const commentUrls = new Set(['#', ''])
// kramdown `{::comment}…{:/comment}` and MDX `{/* … */}`, which Markdown itself reads as text.
const textComment = /\{::comment\}[\s\S]*?(?:\{:\/comment\}|\{:\/\}|$)|\{\/\*[\s\S]*?\*\/\}/g
const maxQuote = 60

interface Comment {
  start: number
  end: number
  text: string
  /** A `#` line of front matter: one line of a longer note, judged by its marker only. */
  line?: boolean
}

const rule = {
  meta,
  parseOptions: noOptions,
  check(tree: Root, file: VFile) {
    const source = String(file.value)
    const comments: Comment[] = []
    const code: Array<[number, number]> = []
    const htmlRanges: Array<[number, number]> = []

    visit(tree, (node) => {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start === undefined || end === undefined) return
      const type = node.type as string
      if (type === 'yaml' || type === 'toml') {
        for (const comment of frontMatterComments(source.slice(start, end))) {
          comments.push({start: start + comment.start, end: start + comment.end, text: comment.text, line: true})
        }
      } else if (node.type === 'code' && isIndentedHtml(node, source.slice(start, end))) {
        // `<dl>`, a blank line, then indented `<dd>` and `<!-- TODO -->`: CommonMark makes the
        // indented lines code, but the writer (and kramdown, which keeps the element whole) meant HTML.
        const raw = source.slice(start, end)
        for (const match of raw.matchAll(htmlComment)) {
          comments.push({start: start + match.index, end: start + match.index + match[0].length, text: match[0]})
        }
        code.push([start, end])
      } else if (node.type === 'code' || node.type === 'inlineCode') {
        code.push([start, end])
      } else if (node.type === 'html') {
        // The source, not the value: inside a list or quote the value lost its indentation.
        const raw = source.slice(start, end)
        for (const match of raw.matchAll(htmlComment)) {
          const from = start + match.index
          const to = from + match[0].length
          htmlRanges.push([from, to])
          comments.push({start: from, end: to, text: match[0]})
        }
      } else if (type === 'mdxFlowExpression' || type === 'mdxTextExpression') {
        // An MDX page's `{/* … */}`: the expression is all comment (other expressions are code).
        const raw = source.slice(start, end)
        if (/^\{\s*\/\*[\s\S]*\*\/\s*\}$/.test(raw)) comments.push({start, end, text: raw})
      } else if (node.type === 'text' && node.value.includes('{')) {
        // Matched in the source: the comment may run over several text nodes and lines.
        for (const match of source.slice(start, end).matchAll(textComment)) {
          comments.push({start: start + match.index, end: start + match.index + match[0].length, text: match[0]})
        }
      } else if (node.type === 'definition' && commentUrls.has(node.url) && node.title) {
        comments.push({start, end, text: source.slice(start, end)})
      }
    })

    const inside = (ranges: Array<[number, number]>, start: number) =>
      ranges.some(([from, to]) => start >= from && start < to)
    for (const span of file.data.templateSpans ?? []) {
      if (span.kind !== 'comment') continue
      // Template syntax shown in code, or already inside an HTML comment, is not a comment of its own.
      if (inside(code, span.start) || inside(htmlRanges, span.start)) continue
      comments.push({start: span.start, end: span.end, text: span.value})
    }

    if (comments.length === 0) return
    const place = location(file)
    for (const comment of comments.sort((a, b) => a.start - b.start)) {
      const found = markerWord.exec(comment.text.replace(commentOpener, (opener) => ' '.repeat(opener.length)))
      const note = found || comment.line ? undefined : writerNote(comment.text)
      if (!found && !note) continue
      const start = place.toPoint(comment.start)
      const end = place.toPoint(comment.end)
      if (!start || !end) continue
      const position: Position = {start, end}
      const message = found
        ? `Unexpected \`${found[1]!}\` comment \`${quote(comment.text, found.index)}\`, expected the work done and the comment removed`
        : `Unexpected note to the writers in a comment \`${quote(comment.text, 0)}\`, expected the work done and the comment removed`
      report(file, meta, message, position)
    }
  },
} satisfies Rule<undefined>

export default rule

// An indented code block of HTML lines right under an HTML element, or under a template tag.
function isIndentedHtml(node: Code, raw: string): boolean {
  if (/^\s*(?:`{3}|~{3})/.test(raw) || node.lang) return false
  const lines = node.value.split('\n').filter((line) => line.trim() !== '')
  return (
    lines.length > 0 && lines.every((line) => /^\s*(?:<[/!a-zA-Z]|\{[{%#])/.test(line)) && node.value.includes('<!--')
  )
}

// Notes that record work still to do, written without a marker word. A comment that tells every
// future writer how to work (`Add new entries at the top`, `update this when you add a plugin`)
// is an instruction that stays, so `you`, `whenever` and `each time` keep a comment.
const standingInstruction = /\b(?:you|your|whenever|each time|every time|if needed)\b/i
const editVerb =
  '(?:rename|reword|rewrite|update|revisit|fix|finish|expand|move|remove|delete|drop|replace|change|split|merge|verify|confirm|check|double-check|re-?test|test|review|add|link|fill in|flesh out|write|document|clean up|restore|uncomment|re-?enable|publish|unhide)'
// Work put off until something happens: `once the API settles`, `when 3.0 is released`, not
// `after adding a page` or `when the API changes`, which describe every future edit.
const deferral =
  '(?:once|until|as soon as|after (?!\\w+ing\\b)|before (?:the )?(?:release|publishing|launch|GA|merge)|when [^.]{0,40}?\\b(?:is|are|gets?|has been|have been) (?:released|published|ready|available|merged|out|done|fixed|shipped|live|GA|settled|stable|decided|final(?:ized)?))\\b'
const writerNotes: RegExp[] = [
  // `rename this heading once the API settles`, `link the reference when it is published`
  new RegExp(`^(?:please |we should |we need to |need to |should |must )?${editVerb}\\b.{0,120}?\\b${deferral}`, 'i'),
  new RegExp(
    `^(?:please |we should |we need to |need to )?${editVerb}\\b.{0,80}?\\b(?:later|eventually|soon|asap|for now|at some point)\\b`,
    'i',
  ),
  // `Update this!`, `fix me`, `update this plz`: the whole comment is the order.
  /^(?:please |pls )?(?:update|fix|fill in|finish|complete|rewrite|reword|review|check|verify|confirm|expand|revisit) (?:this|me|here|later)(?: (?:section|part|paragraph|page|line|link|table|list|step|text))?[\s!.]*(?:(?:plz|pls|please|asap|later)[\s!.]*)?$/i,
  // `these steps will need to be verified once customer 0 happens`
  /\b(?:will need to|will have to|(?:still )?needs? to) be (?:verified|checked|confirmed|updated|rewritten|reworded|renamed|removed|revisited|expanded|added|fixed|tested|reviewed|moved|replaced|written|filled in|fleshed out|linked|split|merged|cleaned up)\b/i,
  // `the title should match the other guides`
  /^(?:the|this|these|that) (?:page |section )?(?:title|heading|name|wording|section|page|paragraph|example|link|table|list|intro|introduction|description|diagram|screenshot|image|text|steps?|sentence|note|content)s? (?:should|must|needs? to|has to|ought to) (?:match|mention|explain|say|cover|follow|link|point|include|use|describe|be (?:consistent|aligned|the same|shorter|longer|clearer|moved|renamed))\b/i,
  /^(?:i'm |i am |we're |we are )?(?:not sure|unsure) (?:if|whether|what|how|why|that|about)\b/i,
  /(?:^|[,;:]\s*)(?:not sure|unsure) (?:if|whether)\b/i,
  /^(?:do we (?:need|want|still need)|should we|is (?:this|that|it) (?:still )?(?:needed|necessary|correct|right|true|accurate|relevant|up to date))\b/i,
  /^(?:waiting (?:on|for)|blocked (?:on|by)|on hold\b|pending (?:review|approval|confirmation|the|a|an))\b/i,
]

function writerNote(comment: string): string | undefined {
  const inner = comment
    .replace(/^(?:<!-+|\{%-?\s*comment\s*-?%\}|\{\{\/\*|\{#|\{::comment\}|\{\/\*|\[[^\]]*\]:\s*(?:#|<>)\s*\()/, '')
    .replace(/(?:-+>|\{%-?\s*endcomment\s*-?%\}|\*\/\}\}|#\}|\{:\/(?:comment)?\}|\*\/\}|\))\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (inner.length < 12 || inner.length > 400 || standingInstruction.test(inner)) return undefined
  // Each sentence on its own: `Optional, not sure if a step like this is needed`.
  for (const sentence of inner.split(/(?<=[.!?])\s+/)) {
    if (writerNotes.some((pattern) => pattern.test(sentence.trim()))) return sentence
  }
  return undefined
}

// The comment on one line, cut to a readable length; from its marker when that comes late.
function quote(text: string, marker: number): string {
  const opener = commentOpener.exec(text)?.[0] ?? ''
  const tail = text.slice(marker)
  const shown = marker + 4 > maxQuote && opener ? `${opener} … ${tail}` : text
  // Inside a block quote, the comment's later lines start with the quote's `>`.
  const line = oneLine(shown)
  return line.length > maxQuote ? `${line.slice(0, maxQuote - 1)}…` : line
}

function oneLine(text: string): string {
  return text
    .replace(/\n[ \t]*>/g, '\n')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/`/g, "'")
}

// Whole-line `# …` comments in YAML or TOML front matter (a `#` after a value may be inside a
// string), skipping the text of YAML block scalars and TOML multi-line strings.
function frontMatterComments(text: string): Comment[] {
  const found: Comment[] = []
  let scalarIndent = -1
  let multiline: string | undefined
  let offset = 0
  for (const line of text.split('\n')) {
    const lineStart = offset
    offset += line.length + 1
    const indent = /^[ \t]*/.exec(line)![0].length
    const trimmed = line.trim()
    if (scalarIndent >= 0) {
      if (trimmed === '' || indent > scalarIndent) continue
      scalarIndent = -1
    }
    if (multiline) {
      if (line.includes(multiline)) multiline = undefined
      continue
    }
    if (trimmed.startsWith('#')) {
      found.push({start: lineStart + indent, end: lineStart + line.trimEnd().length, text: trimmed})
    } else if (/:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(line)) {
      scalarIndent = indent
    } else {
      const triple = /=\s*("""|''')/.exec(line)
      if (triple && !line.slice(triple.index + triple[0].length).includes(triple[1]!)) multiline = triple[1]
    }
  }
  return found
}
