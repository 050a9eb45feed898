import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {location} from 'vfile-location'
import {
  checkKeys,
  chooseTemplate,
  docsUrl,
  likelyTemplates,
  locateSentence,
  isResidue,
  optionObject,
  pageHeadings,
  regexList,
  report,
  sentenceIndex,
  textBlocks,
  type Rule,
} from '../src/rule.js'

const id = 'no-template-residue'

interface Options {
  /** Template sentences meant to stay, besides the boilerplate learned from the pages. */
  keep: RegExp[]
}

const meta = {
  id,
  description: "Sentences of the template a page was written from must be replaced by the page's own text.",
  recommended: true,
  url: docsUrl(id),
}

export default {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['keep'])
    return {keep: regexList(options, 'keep', 'iu') ?? []}
  },
  check(tree: Root, file: VFile, options: Options) {
    if (!file.data.templates?.length) return
    const source = String(file.value)
    const templates = likelyTemplates(file.data.templates, source)
    if (templates.length === 0) return
    const blocks = textBlocks(tree, source)
    const sentences = blocks.flatMap((block) => block.sentences)
    const match = chooseTemplate(templates, sentences, pageHeadings(tree, source))
    if (!match) return
    const {template} = match
    const index = sentenceIndex(template)
    const pageText = sentences.join('\n')
    // Each block's sentences: the template's sentence it keeps, if any.
    const kept = blocks.map((block) =>
      block.sentences.map((sentence) => ({
        sentence,
        left: index
          .find(sentence, pageText)
          .find(
            (found) =>
              isResidue(found) && !found.boilerplate && !options.keep.some((pattern) => pattern.test(found.text)),
          ),
      })),
    )
    const headingStarts: number[] = []
    visit(tree, 'heading', (heading) => {
      if (heading.position?.start.offset !== undefined) headingStarts.push(heading.position.start.offset)
    })
    let points: ReturnType<typeof location> | undefined
    for (const [position, block] of blocks.entries()) {
      const first = kept[position]!.find(({left}) => left)
      if (!first?.left) continue
      if (answered(position)) continue
      points ??= location(file)
      const at = locateSentence(source, block.start, block.end, first.sentence) ?? block.start
      const start = points.toPoint(at)
      const end = points.toPoint(block.end)
      if (!start || !end) continue
      report(
        file,
        meta,
        `Unexpected text left from template \`${template.display}:${first.left.line}\`, expected the page's own content`,
        {start, end},
      )
    }

    /**
     * A template's question the page keeps as a prompt and answers (in the same block, or in the
     * next block of the same section, with text of its own) is a question asked and answered.
     */
    function answered(position: number): boolean {
      const sentences = kept[position]!
      if (!sentences.every(({left}) => !left || left.text.endsWith('?'))) return false
      if (sentences.some(({left, sentence}) => !left && !index.find(sentence, pageText).length)) return true
      const next = blocks[position + 1]
      if (!next) return false
      const block = blocks[position]!
      if (headingStarts.some((offset) => offset > block.end && offset < next.start)) return false
      return kept[position + 1]!.every(({sentence}) => index.find(sentence, pageText).length === 0)
    }
  },
} satisfies Rule<Options>
