import type {Root} from 'mdast'
import type {VFile} from 'vfile'
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
  description: 'Sentences of the template a page was written from must be replaced by the page\'s own text.',
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
    let points: ReturnType<typeof location> | undefined
    for (const block of blocks) {
      for (const sentence of block.sentences) {
        const left = index
          .find(sentence, pageText)
          .find((kept) => isResidue(kept) && !kept.boilerplate && !options.keep.some((pattern) => pattern.test(kept.text)))
        if (!left) continue
        points ??= location(file)
        const at = locateSentence(source, block.start, block.end, sentence) ?? block.start
        const start = points.toPoint(at)
        const end = points.toPoint(block.end)
        if (!start || !end) break
        report(file, meta, `Unexpected text left from template \`${template.display}:${left.line}\`, expected the page's own content`, {start, end})
        break
      }
    }
  },
} satisfies Rule<Options>
