import type {Heading, Nodes, Parent, Root, Text} from 'mdast'
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {
  checkKeys,
  docsUrl,
  optionObject,
  regexList,
  report,
  sourceOffsets,
  textSpanPosition,
  type Rule,
} from '../src/rule.js'

const id = 'no-editorial-notes'

const meta = {
  id,
  description: 'Notes to the authors or reviewers must not be left in the text readers see.',
  recommended: true,
  severity: 'warn' as const,
  url: docsUrl(id),
}

export interface Options {
  /** Extra patterns, each matched against every sentence and parenthetical aside. */
  patterns: RegExp[]
}

const defaults: Options = {patterns: []}

// What a page is made of, as writers talk about it among themselves.
const artifact =
  '(?:links?|lists?|diagrams?|screenshots?|images?|graphics?|illustrations?|videos?|gifs?|examples?|explanations?|descriptions?|overviews?|summary|sections?|paragraphs?|references?|citations?|sources?|details|info|information|content|code samples?|tables?|intro(?:duction)?)'
const docPart =
  '(?:page|section|subsection|doc|document|article|topic|guide|paragraph|part|intro|introduction|overview|tutorial|content)'
const articles = '(?:a |an |the |some |more |another )?'

// Markers that only ever address the team: `NOTE TO SELF`, `TK`, `@sam please confirm`.
const markers: RegExp[] = [
  /\bnote (?:to|for) (?:the )?(?:self|reviewers?|editors?|writers?|authors?|docs team|eng(?:ineering)?)\b/i,
  /(?<![\p{L}\p{N}_./-])TK(?![\p{L}\p{N}_]|[-.][\p{L}\p{N}])/u,
  /(?<![\w.@])@[A-Za-z\d][\w-]*[,:]?\s+(?:please|pls|plz|can you|could you|would you|to)\s+(?:confirm|review|check|verify|clarify|advise|weigh in|take a look|look|fill|add|update|help|sign off|approve)\b/i,
  /\b(?:please|pls|can you|could you)\s+(?:confirm|review|check|verify|clarify)\b[^.!?]*\s@[A-Za-z\d]/i,
  /(?:^|\s)cc:?\s+@[A-Za-z\d]/i,
]

// Parenthetical asides that question or plan the text: `(why, what is this)`, `(link TBD)`.
const asideNotes: RegExp[] = [
  /^why\b/i,
  /^(?:what is this|what's this|what does this (?:do|mean)|huh|sic\?|citation needed|source needed|link needed|needs? review|tbc|to be confirmed)\b/i,
  new RegExp(`^(?:add|insert|need|needs|needed|include|missing|more)\\s+${articles}${artifact}\\b`, 'i'),
  new RegExp(
    `^${articles}(?:general |brief |short |quick |better |real )?${artifact}\\b.*?\\b(?:here|goes here|to come|coming|tbd|tk|todo|needed|pending|missing|later)\\W*$`,
    'i',
  ),
  new RegExp(
    `^(?:general |brief |short |quick )?(?:overview|summary|list|steps|explanation|description)\\b.*\\bhere\\W*$`,
    'i',
  ),
  /^(?:link|url) to\b/i,
  /^(?:confirm|verify|check|double-check|clarify|ask|review)\b.*\b(?:with|by)\b/i,
  /^(?:confirm|verify|check|double-check|clarify|review|rewrite|reword|expand|update)(?: on)?(?: this| that| later| wording| the wording)?\W*$/i,
  // `(need to explain why)`, `(not sure if this is still true)`, `(placeholder)`, `(to be added)`
  /^(?:we )?(?:still )?needs? to (?:explain|document|describe|mention|clarify|expand|check|confirm|verify|add|link|cover|double-check|figure out)\b/i,
  /^(?:I'm |I am |we're |we are )?(?:not sure|unsure)(?: if| whether| about| that| this| it)\b/i,
  /^(?:placeholder|placeholder (?:text|image|link|for\b.*))\W*$/i,
  /^(?:[\w ]{0,40} )?to be (?:added|written|determined|confirmed|completed|filled in|linked|documented)\W*$/i,
]
// A question in an aside that is about the text or asked of the team.
const asideQuestion = /\?\s*$/
const aboutText = /\b(?:this|that|we|us|our|I|here|needed|necessary|correct|right|true|accurate|sure)\b/i

/**
 * Sentences about what the page should contain, each with the first words it can start with.
 * V8 compiles a regular expression when it first runs, and the large ones cost milliseconds
 * each: testing `start` first keeps a one-file pre-commit run from compiling the ones no
 * sentence could match. The generic subjects (`these`, `each of these`) count only with an
 * object that is part of a page: `Each of these should have a link`.
 */
interface NotePattern {
  /** The first words the note can start with; tested before `pattern`. */
  start?: RegExp
  pattern: RegExp
}

// `The page should/must/needs …` and `The section lacks/is missing …`: most sentences start with
// `The`, few with `The page`, so the part of the page is checked before the large patterns.
const thePageShould = new RegExp(
  `^(?:this|the) ${docPart}\\s(?=.*\\b(?:should|must|needs?|has to|ought|lacks|is missing)\\b)`,
  'i',
)

const sentenceNotes: NotePattern[] = [
  {
    start: thePageShould,
    pattern: new RegExp(
      `^(?:this|the) ${docPart}\\s+(?:should|must|needs? to|will need to|has to|ought to)\\s+(?:(?:also|probably|maybe|really|eventually|ideally|still) )?(?:(?:have|include|contain)\\s+${articles}(?:[\\w,-]+ ){0,4}${artifact}\\b|cover|explain|describe|discuss|mention|list|link|point to|reference|talk about|go over|walk through|be (?:expanded|rewritten|reworded|updated|moved|split|merged|linked|reviewed|checked|removed|deleted|fleshed out|filled in|written|added))\\b`,
      'i',
    ),
  },
  {
    start: /^(?:each|every|all|any|both|one|these|those)\s/i,
    pattern: new RegExp(
      `^(?:(?:each|every|all|any|both|one)(?: one)?(?: of)? (?:these|those|them|the (?:above|following|steps|items|bullets))|these|those|each (?:step|item|bullet|entry))\\s+(?:should|must|needs? to|will need to|has to|ought to)\\s+(?:(?:also|probably|maybe|really|eventually|ideally) )?(?:have|include|contain|get|link to|point to|reference)\\s+${articles}(?:(?:short|brief|good|proper|relevant|supporting|separate) )?${artifact}\\b(?!\\s+(?:field|key|property|attribute|parameter|value|tag|label|header)s?\\b)`,
      'i',
    ),
  },
  {
    start: /^(?:we|i|need|needs|have|has)\s/i,
    pattern: new RegExp(
      `^(?:(?:we|I) (?:still |also |probably |really |should |will )?)?(?:need|needs|have|has) to (?:explain|document|describe|mention|clarify|expand(?: on)?|write(?: up)?|flesh out|fill in|link to|add ${articles}${artifact})\\b.*\\b(?:here|this|later|somewhere|section|page|doc|docs)\\b`,
      'i',
    ),
  },
  {
    start: /^need\s/i,
    pattern:
      /^need to (?:explain|document|describe|mention|clarify|expand|write|flesh out|fill in|confirm|verify|double-check|check|ask|link|add|cover|figure out)\b/i,
  },
  // `Need a diagram here.`, `Needs a screenshot of the dashboard.`
  {
    start: /^needs?\s/i,
    pattern: new RegExp(`^needs? ${articles}(?:[\\w-]+ ){0,2}${artifact}\\b(?:.*\\bhere\\b|\\W*$)`, 'i'),
  },
  {
    start: /^(?:add|insert|include|put|embed|draw)\s/i,
    pattern: new RegExp(
      `^(?:add|insert|include|put|embed|draw) ${articles}(?:(?:short|brief|quick|simple|architecture|sequence|flow) )?${artifact}(?: (?:here|below|above|later|for (?:this|that|it|these)(?: \\w+)?|of (?:this|that|the(?: \\w+){1,4})|to (?:the |this |that )?(?:\\w+ )?(?:docs?|documentation|page|section|guide|reference)|about(?: \\w+){1,8}|showing(?: \\w+){1,8}|(?:that|which) (?:shows|explains|illustrates)(?: \\w+){1,8}))?\\W*$`,
      'i',
    ),
  },
  // `Add your application screenshot here.`, `Attach the architecture diagram here.`
  {
    start: /^(?:add|insert|attach|put|embed|paste|drop)\s/i,
    pattern: new RegExp(
      `^(?:add|insert|attach|put|embed|paste|drop) (?:${articles}|your |our )(?:[\\w-]+ ){0,3}${artifact} here\\W*$`,
      'i',
    ),
  },
  {
    start: /^(?:expand|elaborate|flesh|fill|finish|rewrite|reword|revisit)\s/i,
    pattern:
      /^(?:expand|elaborate|flesh out|fill in|fill out|finish|rewrite|reword|revisit)(?: on)? (?:this|that|here|the (?:above|section|paragraph|intro|introduction|explanation))(?: (?:section|part|paragraph|later|more|further|a bit|here))*\W*$/i,
  },
  {
    start: /^(?:more|additional|further)\s/i,
    pattern: new RegExp(
      `^(?:more|additional|further) ${artifact} (?:here|needed|to come|tbd|tk|required|pending)\\W*$`,
      'i',
    ),
  },
  // Not `Example here:`, which introduces the example that follows.
  {pattern: new RegExp(`^${articles}${artifact} (?:here|to come|needed|pending|goes here|tbd|tk)[.!]?$`, 'i')},
  {
    start: thePageShould,
    pattern: new RegExp(
      `^(?:this|the) ${docPart} (?:(?:still |really |probably )?(?:needs|lacks|is missing) ${articles}(?:[\\w,-]+ ){0,3}(?:${artifact}|work|rewrite|review)\\b|needs (?:more )?work\\b)`,
      'i',
    ),
  },
  {
    start: /^(?:i|maybe|perhaps|we)\s/i,
    pattern: new RegExp(
      `^(?:I think |maybe |perhaps )?(?:we|I) (?:should|could|might|need to|have to|must|will) (?:also |probably |maybe |really )?(?:(?:add|include|write) ${articles}(?:[\\w-]+ ){0,3}${artifact}\\b.*\\b(?:here|to this (?:page|section)|later)\\b|(?:move|split|merge|rewrite|reword|cut|remove|drop) (?:this|that)(?: ${docPart})?\\b)`,
      'i',
    ),
  },
  {start: /^placeholder\s/i, pattern: /^placeholder for\b/i},
  {start: /^link\s/i, pattern: /^link to\b.*\bhere\W*$/i},
  {
    start: /^(?:i'm|i am|we're|we are|not|unsure)\s/i,
    pattern:
      /^(?:I'm |I am |we're |we are )?(?:not sure|unsure)(?: if| whether| what| how| about| that| why)\b(?=.*\b(?:we|this|here|needed|docs?|documentation|section|page|step|correct|right|true|accurate)\b)(?!.*\?\W*$)/i,
  },
  {
    start: /^(?:write|describe|explain|summarize|introduce)\s/i,
    pattern:
      /^(?:write|describe|explain|summarize|introduce)\b[^.!?]*\b(?:as a (?:bulleted|numbered) list|in (?:one|two|three|a few|a couple of|\d+) (?:short )?(?:sentences?|paragraphs?)|in this section)\b/i,
  },
]

function isSentenceNote(sentence: string): boolean {
  return sentenceNotes.some(
    ({start, pattern}) => (start === undefined || start.test(sentence)) && pattern.test(sentence),
  )
}

// Bracketed notes remark leaves as text, as no definition makes them links: `[To be added]`,
// `[Link to be added]`, `[citation needed]`, `[link]`, `[INSERT: screenshot here]`.
const bracketNotes = new RegExp(
  '\\[(?!\\s*insert\\b)(?:' +
    // `[To be added]`, `[Link to be added]`, `[Anaconda package repository LINK TBD]`, `[Citation needed]`
    '[^[\\]\\n]{0,60}?\\b(?:to be (?:added|written|determined|confirmed|completed|updated|provided|generated|filled in|linked)|(?:link|url|screenshot|diagram|image)s? (?:tbd|tk|todo|needed|to come|here)|(?:citation|source|reference) needed)' +
    // `[link]`, `[add link]`, `[screenshot]`: a bare word where the thing goes
    '|(?:add |insert )?(?:a )?(?:links?|url|screenshot|diagram)' +
    // `[Attach the diagram here]` (`[Insert …]` is a placeholder, reported by no-placeholders)
    '|attach\\s[^[\\]\\n]{0,60}\\bhere' +
    ')\\]',
  'gi',
)

// Questions about the page itself, or a fragment naming what is missing: `Or is this a rehash?`
const metaQuestion = new RegExp(
  `\\b(?:do(?:es)? (?:this|it|the)(?: ${docPart}| step)? (?:still )?(?:need|require)\\b|should (?:this|the) ${docPart}|(?:this|the) ${docPart} (?:should|needs to)|existing (?:content|docs?|documentation|pages?)|rehash|(?:should|shall) we (?:add|include|mention|explain|document|cover|describe|link|keep|remove|move|drop|say)\\b|do we (?:need|want|have) (?:this|that|a|an|any|more|to (?:explain|document|mention|cover|say))\\b|is (?:this|that|it) (?:basically |really |still |even |actually )?(?:needed|necessary|correct|right|true|accurate|relevant|worth|covered|documented|a (?:rehash|duplicate|repeat)))|^${articles}(?:info|information|details|something|more|${artifact}) (?:about|on|of|for|re|regarding|explaining|describing)\\b`,
  'i',
)
const faqHeading = /\bFAQs?\b|\bquestions\b|\bQ\s*&\s*A\b|troubleshoot/i
const sentenceBoundary = /[.!?…]+["'”’)\]]*(?=\s)|\n/g
// Inline code and templates stand for a word in the sentence; images and HTML for nothing.
const codeWord = 'code'
const templateWord = 'Name'

interface Piece {
  node: Nodes
  from: number
  to: number
}

interface Flat {
  text: string
  pieces: Piece[]
  hasLink: boolean
}

interface Context {
  inBlockquote: boolean
  inOrderedList: boolean
  /** The block opens a list item that goes on after it: a decision list's question and its answer. */
  leadsListItem?: boolean
  /** The headings the block is under, outermost first. */
  headings: Heading[]
}

const rule = {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['patterns'])
    return {patterns: regexList(options, 'patterns', 'iu') ?? []}
  },
  check(tree: Root, file: VFile, options?: Options) {
    const settings = options ?? defaults
    const source = String(file.value)
    // Page templates for writers (`how-to-template.md`, Hugo archetypes) are made of notes to writers.
    if (
      /(?:^|[-_.])template(?:[-_.]|$)/i.test(file.stem ?? '') ||
      /(?:^|[\\/])archetypes(?:[\\/]|$)/.test(file.dirname ?? '')
    )
      return
    const faqPage = /\bfaq/i.test(file.basename ?? '') || faqHeading.test(frontMatterTitle(tree))
    let place: ReturnType<typeof location> | undefined
    const pointAt = (offset: number): Point | undefined => {
      place ??= location(file)
      return place.toPoint(offset)
    }

    const checkBlock = (block: Parent, context: Context): void => {
      const flat = flatten(block)
      if (flat.text.trim() === '') return
      const found: Array<[number, number]> = []
      const heading = block.type === 'heading'
      const table = block.type === 'tableCell'

      // Markers and asides first: they are notes wherever they stand.
      for (const [start, end] of sentences(flat.text)) {
        const sentence = flat.text.slice(start, end)
        if (markers.some((pattern) => pattern.test(sentence))) found.push([start, end])
      }
      if (flat.text.includes('['))
        for (const match of flat.text.matchAll(bracketNotes)) {
          if (!containsLinkPiece(flat, match.index, match.index + match[0].length))
            found.push([match.index, match.index + match[0].length])
        }
      for (const match of flat.text.matchAll(/\(([^()\n]{1,120})\)/g)) {
        const start = match.index
        const end = start + match[0].length
        // `[text](link to doc)` that remark left as text is an empty link, reported by no-empty-links.
        // `perf.start(name, options?)` is a signature, not an aside.
        if (/[\]\p{L}\p{N}_.`]/u.test(flat.text[start - 1] ?? '') || containsLinkPiece(flat, start, end)) continue
        const inner = match[1]!.trim()
        // `the Time Before Cutover (TBC) setting`: an acronym spelled out before it is a definition.
        if (definesAcronym(inner, flat.text.slice(Math.max(0, start - 120), start))) continue
        if (isEditorialAside(inner, settings)) found.push([start, end])
      }
      if (!heading) {
        for (const [start, end] of sentences(flat.text)) {
          const sentence = flat.text.slice(start, end).trim()
          // `More details [here](/docs/).` points somewhere: a note does not hold a link.
          if (sentence.endsWith('?') || containsLinkPiece(flat, start, end)) continue
          if (isSentenceNote(sentence) || settings.patterns.some((pattern) => pattern.test(sentence))) {
            // In a procedure, `Add a diagram.` might be a step for the reader: only an explicit `here` is a note.
            if (
              context.inOrderedList &&
              /^(?:add|insert|include|put|embed|draw)\b/i.test(sentence) &&
              !/\bhere\W*$/i.test(sentence)
            )
              continue
            found.push([start, end])
          }
        }
      }
      if (!heading && !table && block.type === 'paragraph' && !flat.hasLink) {
        const range = questionNote(block, flat.text, context, faqPage)
        if (range) found.push(range)
      }
      for (const [start, end] of merge(found, flat.text)) {
        const position = spanPosition(flat, start, end, source, pointAt)
        if (!position) continue
        const from = position.start.offset
        const to = position.end.offset
        const written = from !== undefined && to !== undefined ? source.slice(from, to) : flat.text.slice(start, end)
        report(file, meta, `Unexpected note to the authors \`${shown(written)}\`, expected text for readers`, position)
      }
    }

    const walk = (parent: Parent, context: Omit<Context, 'headings'>, headings: Heading[]): void => {
      const children = parent.children as Nodes[]
      children.forEach((node) => {
        if (!node.position) return
        if (parent.type === 'root' && node.type === 'heading') {
          while (headings.length > 0 && headings[headings.length - 1]!.depth >= node.depth) headings.pop()
        }
        const here: Context = {...context, headings: [...headings]}
        // `- does it need more info?` over a nested list of what to do: the item answers its question.
        if (parent.type === 'listItem' && node === children[0] && children.length > 1) here.leadsListItem = true
        switch (node.type) {
          case 'paragraph':
          case 'heading':
          case 'tableCell':
            checkBlock(node, here)
            break
          case 'blockquote':
            walk(node, {...context, inBlockquote: true}, headings)
            break
          case 'list':
            walk(node, {...context, inOrderedList: node.ordered === true}, headings)
            break
          case 'table':
          case 'listItem':
          case 'tableRow':
          case 'footnoteDefinition':
          case 'container':
            walk(node, context, headings)
            break
          default:
            // Code, HTML, front matter, definitions and templates are not prose for readers.
            break
        }
        if (parent.type === 'root' && node.type === 'heading') headings.push(node)
      })
    }
    walk(tree, {inBlockquote: false, inOrderedList: false}, [])
  },
} satisfies Rule<Options>

export default rule

/** Whether `(TBC)` follows the words it abbreviates: `Time Before Cutover (TBC)`, `to be confirmed (TBC)`. */
function definesAcronym(inner: string, before: string): boolean {
  if (!/^[A-Z][A-Za-z]{1,7}$/.test(inner) || !/[A-Z].*[A-Z]/.test(inner)) return false
  const letters = inner.replace(/s$/, '').toLowerCase()
  const words = before.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  const small = /^(?:of|and|the|for|to|in|on|a|an|&)$/i
  // The last words before the aside, skipping small words the acronym may leave out.
  let index = letters.length - 1
  for (let at = words.length - 1; at >= 0 && index >= 0; at--) {
    const word = words[at]!.toLowerCase()
    if (word[0] === letters[index]) index--
    else if (!small.test(word)) return false
  }
  return index < 0
}

function isEditorialAside(inner: string, settings: Options): boolean {
  if (asideNotes.some((pattern) => pattern.test(inner))) return true
  if (settings.patterns.some((pattern) => pattern.test(inner))) return true
  if (!asideQuestion.test(inner)) return false
  const words = inner.split(/\s+/).length
  return words <= 8 && (aboutText.test(inner) || words <= 3)
}

/**
 * A paragraph of nothing but questions, outside a FAQ or troubleshooting section and outside
 * quotes and tables, that asks about the page itself.
 */
function questionNote(block: Parent, text: string, context: Context, faqPage: boolean): [number, number] | undefined {
  const trimmed = text.trim()
  // MkDocs collapsibles (`??? note`) and admonitions start with marks, not questions.
  if (/^(?:\?{3}|!{3})/.test(trimmed)) return undefined
  // `**How should I manage vaults?**` alone in a paragraph stands in for a heading.
  if (block.children.length === 1 && block.children[0]!.type === 'strong') return undefined
  const parts = sentences(text)
  if (parts.length === 0) return undefined
  if (!parts.every(([start, end]) => /\?["'”’)\]]*$/.test(text.slice(start, end).trim()))) return undefined
  if (faqPage || context.inBlockquote || context.leadsListItem) return undefined
  if (context.headings.some((heading) => faqHeading.test(headingText(heading)))) return undefined
  // Questions that lead into the answer (`What happens when a zone goes down?`) are for readers:
  // only questions about the page itself are notes.
  if (!parts.some(([start, end]) => metaQuestion.test(text.slice(start, end).trim()))) return undefined
  const start = text.length - text.trimStart().length
  return [start, start + trimmed.length]
}

function sentences(text: string): Array<[number, number]> {
  const result: Array<[number, number]> = []
  let start = 0
  const push = (end: number): void => {
    const slice = text.slice(start, end)
    const lead = slice.length - slice.trimStart().length
    const trail = slice.length - slice.trimEnd().length
    if (slice.trim() !== '') result.push([start + lead, end - trail])
  }
  for (const match of text.matchAll(sentenceBoundary)) {
    const end = match.index + match[0].length
    push(end)
    start = end
  }
  push(text.length)
  return result
}

// Overlapping findings are one note; so are notes that follow each other in one paragraph.
function merge(found: Array<[number, number]>, text: string): Array<[number, number]> {
  const sorted = [...found].sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const result: Array<[number, number]> = []
  for (const [start, end] of sorted) {
    const last = result[result.length - 1]
    if (last && (start < last[1] || text.slice(last[1], start).trim() === '')) {
      last[1] = Math.max(last[1], end)
    } else {
      result.push([start, end])
    }
  }
  return result
}

// The text a reader sees in a block, with a map back to the nodes it came from.
function flatten(block: Parent): Flat {
  const pieces: Piece[] = []
  let text = ''
  let hasLink = false
  const add = (node: Nodes, value: string): void => {
    pieces.push({node, from: text.length, to: text.length + value.length})
    text += value
  }
  const walk = (parent: Parent): void => {
    for (const node of parent.children as Nodes[]) {
      switch (node.type) {
        case 'text':
          add(node, node.value)
          break
        case 'inlineCode':
          add(node, codeWord)
          break
        case 'template':
          if (node.renders) add(node, templateWord)
          break
        case 'break':
          add(node, '\n')
          break
        case 'link':
        case 'linkReference': {
          // The link itself spans its text, so that asides holding a link can be told apart.
          hasLink = true
          const piece: Piece = {node, from: text.length, to: text.length}
          pieces.push(piece)
          walk(node)
          piece.to = text.length
          break
        }
        default:
          if ('children' in node) walk(node as Parent)
      }
    }
  }
  walk(block)
  return {text, pieces, hasLink}
}

function containsLinkPiece(flat: Flat, start: number, end: number): boolean {
  return flat.pieces.some(
    (piece) =>
      (piece.node.type === 'link' || piece.node.type === 'linkReference') && piece.from < end && piece.to > start,
  )
}

function spanPosition(
  flat: Flat,
  start: number,
  end: number,
  source: string,
  pointAt: (offset: number) => Point | undefined,
): Position | undefined {
  const leaves = flat.pieces.filter((piece) => piece.node.type !== 'link' && piece.node.type !== 'linkReference')
  const first = leaves.find((piece) => piece.to > start)
  const last = [...leaves].reverse().find((piece) => piece.from < end)
  if (!first || !last) return undefined
  const from = pointIn(first, start - first.from, 'start', source, pointAt)
  const to = pointIn(last, end - last.from, 'end', source, pointAt)
  return from && to ? {start: from, end: to} : undefined
}

// The point at `index` in a piece: exact in text, the node's edge for code and templates.
function pointIn(
  piece: Piece,
  index: number,
  side: 'start' | 'end',
  source: string,
  pointAt: (offset: number) => Point | undefined,
): Point | undefined {
  const position = piece.node.position
  if (!position) return undefined
  if (piece.node.type !== 'text') return side === 'start' ? position.start : position.end
  const node = piece.node as Text
  const clamped = Math.max(0, Math.min(index, node.value.length))
  const offsets =
    position.start.offset === undefined || position.end.offset === undefined
      ? undefined
      : sourceOffsets(node.value, source, position.start.offset, position.end.offset)
  if (offsets) {
    const offset = side === 'start' ? offsets.starts[clamped] : offsets.ends[clamped - 1]
    if (offset !== undefined) return pointAt(offset)
  }
  const span = textSpanPosition(node, clamped, clamped, source)
  return span ? (side === 'start' ? span.start : span.end) : undefined
}

function headingText(heading: Heading): string {
  const collect = (node: Nodes): string => {
    if (node.type === 'text' || node.type === 'inlineCode') return node.value
    if ('children' in node) return (node.children as Nodes[]).map(collect).join('')
    return ''
  }
  return collect(heading).trim()
}

function frontMatterTitle(tree: Root): string {
  const first = tree.children[0]
  if (first?.type !== 'yaml') return ''
  return /^title:\s*(.*)$/m.exec(first.value)?.[1] ?? ''
}

function shown(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine
}
