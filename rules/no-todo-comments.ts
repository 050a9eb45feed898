import type {Root} from 'mdast'
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
// `[//]: # (…)`, `[comment]: <> (…)`: a definition nothing links to, kept for its title.
const commentUrls = new Set(['#', ''])
// kramdown `{::comment}…{:/comment}` and MDX `{/* … */}`, which Markdown itself reads as text.
const textComment = /\{::comment\}[\s\S]*?(?:\{:\/comment\}|\{:\/\}|$)|\{\/\*[\s\S]*?\*\/\}/g
const maxQuote = 60

interface Comment {
  start: number
  end: number
  text: string
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
          comments.push({start: start + comment.start, end: start + comment.end, text: comment.text})
        }
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
      const found = markerWord.exec(comment.text)
      if (!found) continue
      const marker = found[1]!
      const start = place.toPoint(comment.start)
      const end = place.toPoint(comment.end)
      if (!start || !end) continue
      const position: Position = {start, end}
      report(
        file,
        meta,
        `Unexpected \`${marker}\` comment \`${quote(comment.text, found.index)}\`, expected the work done and the comment removed`,
        position,
      )
    }
  },
} satisfies Rule<undefined>

export default rule

// The comment on one line, cut to a readable length; from its marker when that comes late.
function quote(text: string, marker: number): string {
  const opener = /^(?:<!--|\{::comment\}|\{\/\*|\{\{\/\*|\{#|\{%-?\s*comment\s*-?%\}|\[[^\]]*\]:)/.exec(text)?.[0] ?? ''
  const tail = text.slice(marker)
  const shown = marker + 4 > maxQuote && opener ? `${opener} … ${tail}` : text
  // Inside a block quote, the comment's later lines start with the quote's `>`.
  const line = oneLine(shown)
  return line.length > maxQuote ? `${line.slice(0, maxQuote - 1)}…` : line
}

function oneLine(text: string): string {
  return text.replace(/\n[ \t]*>/g, '\n').replace(/\s+/g, ' ').trim().replace(/`/g, "'")
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
