/**
 * Text left from a template: how a page and a template are cut into blocks and sentences and
 * compared. Shared by the loader (templates.ts), `--print-config` and the rule, so that all
 * three compare text the same way. A sentence is compared after normalising case, whitespace
 * and Markdown markup; in a template, template syntax (`{{ .Name }}`, `{% if %}`,
 * `<placeholder>`, `[Feature Name]`, `____`) stands for anything.
 */
import type {Nodes, Root} from 'mdast'

/** A sentence of a template's body text, normalised; `\0` stands for template syntax. */
export interface TemplateSentence {
  text: string
  /** 1-based line in the template. */
  line: number
  /** Words besides template syntax. */
  words: number
  /** Kept unchanged by more than half of the pages written from the template. */
  boilerplate?: boolean
}

/** A template as rules get it: plain data, the same in every thread. */
export interface TemplateData {
  /** Absolute path. */
  path: string
  /** Relative to the repository (or the configuration's folder), with forward slashes. */
  display: string
  /** Pages under this folder (absolute) may come from the template. */
  scope: string
  sentences: TemplateSentence[]
  /** Its headings, normalised, in order. */
  headings: string[]
  /** How many pages on disk were found written from it, when learning ran. */
  pages?: number
}

export interface TextBlock {
  /** Offsets in the page's source. */
  start: number
  end: number
  sentences: string[]
}

// Sentences shorter than this are too common to say a page kept the template's text.
export const minimumResidueWords = 4
// What the issue asks of a sentence that tells which template a page came from.
export const minimumMatchWords = 5
// A sentence with template syntax in it says less: `To ____, do the following:` fits many pages.
const minimumWildcardResidueWords = 6
const minimumWildcardMatchWords = 8

/** Whether a sentence the page kept is long enough to be reported. */
export function isResidue(sentence: TemplateSentence): boolean {
  return sentence.words >= (sentence.text.includes(wildcard) ? minimumWildcardResidueWords : minimumResidueWords)
}

/** Whether a sentence the page kept is long enough to say the page comes from the template. */
export function tellsTemplate(sentence: TemplateSentence): boolean {
  return sentence.words >= (sentence.text.includes(wildcard) ? minimumWildcardMatchWords : minimumMatchWords)
}

const wildcard = '\0'

/**
 * Template syntax and placeholder conventions, in a template: each stands for anything.
 * `<word …>` counts unless it is an HTML tag a page could hold.
 */
const templateSyntax =
  /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|\$\{[^}\n]*\}|\{[A-Za-z_][\w .-]{0,40}\}|<(?![!/]|(?:a|abbr|b|br|code|del|details|div|em|hr|i|img|kbd|li|ol|p|pre|s|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul)\b)[A-Za-z][^<>\n]{0,60}>|\[(?:[A-Z][^\]\n]{0,40})\](?![([:])|_{3,}|\b(?:NNNN|YYYY-MM-DD|YYYY|REPLACE_ME\w*|TBD)\b/g

const checklistItem = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\s/
const linkOnly = /^\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?\[[^\]\n]*\]\([^)\n]*\)\s*$/
const htmlComment = /<!--([\s\S]*?)(?:-->|$)/g

/** Lowercase text without Markdown markup or extra whitespace; `template` turns template syntax into wildcards. */
export function normalise(raw: string, template = false): string {
  let text = template ? raw.replace(templateSyntax, ` ${wildcard} `) : raw
  text = text
    .replace(/<!--|-->/g, ' ')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]*)\]\[[^\]\n]*\]/g, '$1')
    .replace(/\{:[^}\n]*\}/g, ' ')
    .replace(/<\/?[A-Za-z][^<>\n]*>/g, ' ')
    .replace(/^[ \t]*(?:>[ \t]?)+/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, '')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
    .replace(/\\([^\w\s])/g, '$1')
    .replace(/[*_~`[\]]+/g, '')
    .replace(/\|/g, ' ')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
  // Template syntax side by side (`{{ if .X }}{{ .X }}`) stands for anything once.
  if (template) text = text.replace(/\0(?: ?\0)+/g, wildcard)
  return text.trim().toLowerCase()
}

const separator = '\u0001'

/** `normalise` over many texts at once: one pass of each expression instead of one a text. */
export function normaliseAll(texts: string[], template = false): string[] {
  if (texts.length === 0) return []
  return normalise(texts.map((text) => text.replaceAll(separator, ' ')).join(`\n${separator}\n`), template)
    .split(separator)
    .map((text) => text.trim())
}

/** A heading's text: without its comments, explicit id and closing hashes. */
export function normaliseHeading(raw: string, template = false): string {
  return normalise(
    raw
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/\{[#:][^}\n]*\}\s*$/, '')
      .replace(/\s#+\s*$/, ''),
    template,
  )
}

export function splitSentences(text: string): string[] {
  if (!text) return []
  return text.split(/(?<=[.!?])\s+/).filter((sentence) => /[a-z0-9]/.test(sentence))
}

export function countWords(sentence: string): number {
  let words = 0
  for (const word of sentence.split(' ')) if (word !== wildcard && /[a-z0-9]/.test(word)) words++
  return words
}

/**
 * Raw text cut into the chunks a reader sees as separate: paragraphs, list items, table cells,
 * headings and comments (code blocks and front matter left out). Cheaper than parsing: used
 * for HTML comments and for learning from many pages at once.
 */
export function rawChunks(text: string, offset = 0): Array<{text: string; start: number; heading?: boolean}> {
  const chunks: Array<{text: string; start: number; heading?: boolean}> = []
  let current: {text: string; start: number} | undefined
  const flush = () => {
    // A checklist item and a list item that is only a link (a table of contents) are not body text.
    if (current && current.text.trim() && !checklistItem.test(current.text) && !linkOnly.test(current.text))
      chunks.push(current)
    current = undefined
  }
  let fence: string | undefined
  // Whether the text above is a list item, whose indented lines continue it rather than start code.
  let inList = false
  let position = 0
  const lines = text.split('\n')
  let frontMatter = lines[0]?.trim() === '---'
  for (const [index, line] of lines.entries()) {
    const start = offset + position
    position += line.length + 1
    if (frontMatter) {
      if (index > 0 && /^(?:---|\.\.\.)\s*$/.test(line)) frontMatter = false
      continue
    }
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line)
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined
      continue
    }
    if (fenceMatch) {
      flush()
      fence = fenceMatch[1]
      continue
    }
    if (!line.trim()) {
      flush()
      continue
    }
    // Indented code (an example inside a comment, say) is not body text.
    if (!current && !inList && /^(?: {4}|\t)/.test(line)) continue
    if (/^\s*#{1,6}\s/.test(line)) {
      flush()
      chunks.push({text: line, start, heading: true})
      continue
    }
    if (/^\s*\|/.test(line)) {
      flush()
      let cellStart = start
      for (const cell of line.split('|')) {
        if (cell.trim() && !/^[\s:-]+$/.test(cell)) chunks.push({text: cell, start: cellStart})
        cellStart += cell.length + 1
      }
      continue
    }
    const listItem = /^\s*(?:[-*+]|\d{1,9}[.)])\s/.test(line)
    if (listItem || /^\s*<!--/.test(line)) flush()
    if (listItem) inList = true
    else if (!current && !/^\s/.test(line)) inList = false
    if (current) current.text += `\n${line}`
    else current = {text: line, start}
  }
  flush()
  return chunks
}

/**
 * The page's blocks of body text, in order: paragraphs (in lists, block quotes and containers
 * too), table cells below the header row and HTML comments. Headings, code, front matter and
 * checklist items are not body text.
 */
export function textBlocks(tree: Root, source: string, template = false): TextBlock[] {
  const spans: Array<{start: number; end: number}> = []
  const add = (start: number, end: number) => {
    spans.push({start, end})
  }
  const addComments = (value: string, start: number) => {
    for (const match of value.matchAll(htmlComment)) {
      const inner = match[1] ?? ''
      const innerStart = start + match.index + 4
      for (const chunk of rawChunks(inner, innerStart)) {
        if (chunk.heading) continue
        add(chunk.start, chunk.start + chunk.text.length)
      }
    }
  }
  const walk = (node: Nodes, checklist: boolean) => {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    switch (node.type) {
      case 'heading':
      case 'code':
      case 'yaml':
      case 'definition':
        return
      case 'html':
        if (start !== undefined && node.value.includes('<!--')) addComments(node.value, start)
        return
      case 'paragraph':
        if (checklist || start === undefined || end === undefined) return
        // Only a link: an entry of a table of contents or of a list of links, not body text.
        if (node.children.length === 1 && node.children[0]!.type === 'link') return
        // A comment inside a paragraph is its own block.
        if (node.children.some((child) => child.type === 'html' && child.value.startsWith('<!--'))) {
          for (const child of node.children) {
            if (child.type === 'html' && child.position?.start.offset !== undefined)
              addComments(child.value, child.position.start.offset)
          }
          const text = node.children.filter((child) => !(child.type === 'html' && child.value.startsWith('<!--')))
          const first = text[0]?.position?.start.offset
          const last = text.at(-1)?.position?.end.offset
          if (first !== undefined && last !== undefined) add(first, last)
          return
        }
        add(start, end)
        return
      case 'table':
        node.children.forEach((row, index) => {
          if (index === 0) return
          for (const cell of row.children) {
            const from = cell.position?.start.offset
            const to = cell.position?.end.offset
            if (from !== undefined && to !== undefined) add(from, to)
          }
        })
        return
      case 'listItem':
        for (const child of node.children) walk(child, typeof node.checked === 'boolean')
        return
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child, false)
  }
  walk(tree, false)
  spans.sort((a, b) => a.start - b.start)
  const texts = normaliseAll(
    spans.map(({start, end}) => source.slice(start, end)),
    template,
  )
  const blocks: TextBlock[] = []
  for (const [index, {start, end}] of spans.entries()) {
    const sentences = splitSentences(texts[index]!)
    if (sentences.length > 0) blocks.push({start, end, sentences})
  }
  return blocks
}

/** Tests a page sentence against template sentences; compiled once per template. */
export interface SentenceIndex {
  /** Template sentences equal to this page sentence (template syntax matching anything). */
  find(sentence: string, pageText: string): TemplateSentence[]
}

const indexes = new WeakMap<TemplateData, SentenceIndex>()

export function sentenceIndex(template: TemplateData): SentenceIndex {
  let index = indexes.get(template)
  if (index) return index
  const exact = new Map<string, TemplateSentence[]>()
  const patterns: Array<{probe: string; pattern: RegExp; sentence: TemplateSentence}> = []
  for (const sentence of template.sentences) {
    if (!sentence.text.includes(wildcard)) {
      const list = exact.get(sentence.text)
      if (list) list.push(sentence)
      else exact.set(sentence.text, [sentence])
      continue
    }
    const parts = sentence.text.split(wildcard).map((part) => part.trim())
    // Each wildcard spans at most 80 characters, and a sentence holds at most four: the
    // expression cannot take long on any line.
    if (parts.length > 5) continue
    const probe = parts.reduce((longest, part) => (part.length > longest.length ? part : longest), '')
    patterns.push({probe, pattern: wildcardPattern(parts), sentence})
  }
  // The patterns whose longest plain part the page holds, worked out once a page.
  let lastPage: string | undefined
  let likely: typeof patterns = []
  index = {
    find(sentence, pageText) {
      const found = exact.get(sentence) ?? []
      if (patterns.length === 0) return found
      if (pageText !== lastPage) {
        lastPage = pageText
        likely = patterns.filter(({probe}) => pageText.includes(probe))
      }
      if (likely.length === 0) return found
      const matched = likely.filter(({probe, pattern}) => sentence.includes(probe) && pattern.test(sentence))
      return matched.length ? [...found, ...matched.map(({sentence: match}) => match)] : found
    },
  }
  indexes.set(template, index)
  return index
}

/** Literal parts with anything (at most 80 characters) between them. */
function wildcardPattern(parts: string[]): RegExp {
  return new RegExp(`^${parts.map(escapeRegExp).join(' ?.{0,80}? ?')}$`)
}

/**
 * Where a normalised sentence starts in the raw text between `from` and `to`: its first words
 * with any markup between them. Undefined when markup hides it (the caller uses the block's start).
 */
export function locateSentence(source: string, from: number, to: number, sentence: string): number | undefined {
  const parts = sentence
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 4)
  if (parts.length === 0) return undefined
  const pattern = new RegExp(parts.map(escapeRegExp).join('[^a-z0-9]+'), 'i')
  const match = pattern.exec(source.slice(from, to))
  if (!match) return undefined
  // Back to the start of the word, before any markup the first word began with.
  return from + match.index
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export interface TemplateMatch {
  template: TemplateData
  /** Template sentences of five or more words the page holds. */
  shared: number
  /** Template headings found in the page, in order. */
  headings: number
}

/** How much of a template a page holds: sentences (by sentence text) and headings in order. */
export function compareWithTemplate(
  template: TemplateData,
  sentences: string[],
  headings: string[],
  pageText: string,
): TemplateMatch {
  const index = sentenceIndex(template)
  const shared = new Set<TemplateSentence>()
  for (const sentence of sentences) {
    for (const match of index.find(sentence, pageText)) if (tellsTemplate(match)) shared.add(match)
  }
  return {template, shared: shared.size, headings: headingsInOrder(template.headings, headings)}
}

/** The template a page was written from: the one it shares most sentences with, or whose headings it keeps in order. */
export function chooseTemplate(
  templates: TemplateData[],
  sentences: string[],
  headings: string[],
): TemplateMatch | undefined {
  const pageText = sentences.join('\n')
  let best: TemplateMatch | undefined
  for (const template of templates) {
    const match = compareWithTemplate(template, sentences, headings, pageText)
    if (!comesFrom(match)) continue
    if (!best || match.shared > best.shared || (match.shared === best.shared && match.headings > best.headings))
      best = match
  }
  return best
}

export function comesFrom(match: TemplateMatch): boolean {
  if (match.shared >= 2) return true
  const total = match.template.headings.length
  return total >= 3 && match.headings >= 3 && match.headings >= Math.ceil(total * 0.6)
}

/** How many of the template's headings the page has, in the template's order. */
function headingsInOrder(template: string[], page: string[]): number {
  let found = 0
  let from = 0
  for (const heading of template) {
    const pattern = heading.includes(wildcard) ? headingPattern(heading) : undefined
    for (let index = from; index < page.length; index++) {
      if (pattern ? pattern.test(page[index]!) : page[index] === heading) {
        found++
        from = index + 1
        break
      }
    }
  }
  return found
}

const headingPatterns = new Map<string, RegExp>()

function headingPattern(heading: string): RegExp {
  let pattern = headingPatterns.get(heading)
  if (!pattern) {
    pattern = wildcardPattern(heading.split(wildcard).map((part) => part.trim()))
    headingPatterns.set(heading, pattern)
  }
  return pattern
}

/** The page's headings, normalised, in order. */
export function pageHeadings(tree: Root, source: string): string[] {
  const headings: string[] = []
  for (const node of tree.children) collectHeadings(node, source, headings)
  return headings
}

function collectHeadings(node: Nodes, source: string, headings: string[]): void {
  if (node.type === 'heading') {
    const [start, end] = [node.position?.start.offset, node.position?.end.offset]
    if (start !== undefined && end !== undefined) headings.push(normaliseHeading(source.slice(start, end)))
    return
  }
  if (node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') {
    for (const child of node.children) collectHeadings(child as Nodes, source, headings)
  }
}

const longWord = /[a-z]{4,}/g
const requirements = new WeakMap<TemplateData, string[][]>()

/** The long words of each sentence that could tell the page comes from the template. */
function wordsOf(template: TemplateData): string[][] {
  let words = requirements.get(template)
  if (!words) {
    words = template.sentences
      .filter(tellsTemplate)
      .map((sentence) => [...new Set(sentence.text.split(wildcard).join(' ').match(longWord) ?? [])])
    requirements.set(template, words)
  }
  return words
}

/**
 * The templates a page's raw text could come from, found without cutting it into sentences: a
 * page that keeps two sentences holds every long word of both, and a page that keeps the
 * headings has them on heading lines. Most pages share nothing with any template and are
 * left at that.
 */
export function likelyTemplates(templates: TemplateData[], raw: string, sentencesNeeded = 2): TemplateData[] {
  if (templates.length === 0) return templates
  const words = new Set(raw.toLowerCase().match(longWord))
  let headings: string[] | undefined
  return templates.filter((template) => {
    let covered = 0
    for (const required of wordsOf(template)) {
      if (required.every((word) => words.has(word)) && ++covered >= sentencesNeeded) return true
    }
    if (template.headings.length < 3) return false
    headings ??= [...raw.matchAll(/^ {0,3}#{1,6}[ \t]+(.+)$/gm)].map((match) => normaliseHeading(match[1]!))
    return comesFrom({template, shared: 0, headings: headingsInOrder(template.headings, headings)})
  })
}
