import type {Heading, Nodes, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {containsLink, docsUrl, isSilentMdx, report, sections, type Rule} from '../src/rule.js'

const id = 'no-unanswered-questions'

const meta = {
  id,
  description: 'Headings that ask a question must be followed by an answer.',
  recommended: true,
  url: docsUrl(id),
}

// Explicit heading ids and attribute lists: `{#id}`, `{: #id .class}`, `{ #id }`.
const trailingAttributes = /\s*\{\s*[:#.][^{}]*\}\s*$/
const closingHashes = /\s+#+\s*$/
// A paragraph that is only a note to the author: a marker word in capitals first (`TK` and `WIP`
// only on their own or before a colon, as `WIP limits` is a term), or only blanks to fill in.
const authorNote =
  /^(?:TODO|TBD|TBA|FIXME|XXX)\b|^(?:TK|WIP)(?:\s*[:.!\-–—]|$)|^(?:[Cc]oming soon|[Tt]o be (?:written|added|done|determined))\W*$/
const fillIn = /^[\s_.…\-–—?!:*]*$/
const sentenceEnd = /(?<=[.!?…])["'”’)\]]*\s+|(?<=[。！？])/
const questionEnd = /[?？]["'”’)\]]*$/
// kramdown attribute lists on a line of their own (`{: .note}`, `{:toc}`) style the block before them.
const attributeLine = /^[ \t]*\{:[^{}\n]*\}[ \t]*$/gm

export default {
  meta,
  check(tree: Root, file: VFile) {
    for (const {heading, content} of sections(tree)) {
      if (!heading.position) continue
      const question = questionText(heading)
      // `## [Why mTLS?](/docs/mtls/)`: the heading itself leads to the answer.
      if (question === undefined || containsLink(heading) || content.some(answers)) continue
      report(
        file,
        meta,
        `Unexpected unanswered question \`${question}\`, expected an answer before the next heading`,
        heading,
      )
    }
  },
} satisfies Rule<undefined>

// The heading's text when it asks a question: trailing template syntax, explicit ids and closing
// hashes are not part of what a reader sees as the question.
function questionText(heading: Heading): string | undefined {
  const parts: Array<{text: string; template: boolean}> = []
  const collect = (node: Nodes): void => {
    if (node.type === 'template') {
      parts.push({text: node.value, template: true})
    } else if (node.type === 'text' || node.type === 'inlineCode') {
      parts.push({text: node.value, template: false})
    } else if (node.type === 'html') {
      // `## Why? <!-- note -->`: markup is not part of the question.
      parts.push({text: '', template: true})
    } else if ('children' in node) {
      for (const child of node.children as Nodes[]) collect(child)
    }
  }
  collect(heading)
  let text = ''
  let end = parts.length
  while (end > 0 && (parts[end - 1]!.template || parts[end - 1]!.text.trim() === '')) end--
  for (let index = 0; index < end; index++) text += parts[index]!.text
  let previous: string
  do {
    previous = text
    text = text.trim().replace(trailingAttributes, '').replace(closingHashes, '')
  } while (text !== previous)
  text = text.replace(/\s+/g, ' ')
  return /[?？]$/.test(text) && text.length > 1 ? text : undefined
}

// Whether a node gives the reader something that can answer the question.
function answers(node: RootContent | Nodes): boolean {
  switch (node.type) {
    case 'heading':
    case 'thematicBreak':
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return false
    case 'html':
      return node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim() !== ''
    case 'template':
      return node.renders
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      return !isSilentMdx(node)
    case 'paragraph':
      return paragraphAnswers(node.children)
    case 'list':
    case 'listItem':
    case 'blockquote':
    case 'container':
      return (node.children as Nodes[]).some(answers)
    default:
      // Code, tables, images, math and anything a plugin adds show the reader something.
      return true
  }
}

function paragraphAnswers(children: Nodes[]): boolean {
  let text = ''
  let substance = false
  const collect = (node: Nodes): boolean => {
    switch (node.type) {
      case 'text':
        text += node.value
        return false
      case 'inlineCode':
        // Code is shown as written: `TODO` or `ready?` in backticks is not a note or a question.
        text += 'x'
        substance = true
        return false
      case 'template':
        // An include or shortcode may render the answer; a variable is a word of the sentence.
        if (!node.renders) return false
        if (node.kind !== 'expression') return true
        text += 'x'
        substance = true
        return false
      case 'html':
        return false
      case 'break':
        text += '\n'
        return false
      // A link or an image points the reader to the answer.
      case 'link':
      case 'linkReference':
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
        return true
      default:
        return 'children' in node ? (node.children as Nodes[]).some(collect) : false
    }
  }
  if (children.some(collect)) return true
  const trimmed = text.replace(attributeLine, '').trim()
  if (trimmed === '') return false
  if (!substance && fillIn.test(trimmed)) return false
  if (authorNote.test(trimmed)) return false
  const sentences = trimmed.split(sentenceEnd).filter((sentence) => sentence.trim() !== '')
  return !sentences.every((sentence) => questionEnd.test(sentence.trim()))
}
