/**
 * The one Markdown parser of a run: remark-parse with front matter and GFM, built once and
 * wrapped so that template syntax is read as the site generator reads it (see template.ts).
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
import {maskContainers, restoreContainers} from './containers.js'
import {maskTemplates, restoreTemplates} from './template.js'
// micromark's container bookkeeping made linear in the page's length (see the module).
import './edit-map.js'

export type Parse = (file: VFile) => Root

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

export function createParser(): Parse {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfmWithoutAutolinks)
  // Plugins register their extensions when the processor freezes; freeze once, here.
  processor.freeze()
  return (file) => {
    let text = String(file.value)
    // A byte order mark is not content: drop it so that line 1 columns match a file without one.
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1)
      file.value = text
    }
    const matter = frontMatter.exec(text)
    const masked = maskTemplates(text, matter ? matter[0].length : 0)
    file.data.templateSpans = masked.spans
    const containers = maskContainers(masked.text)
    const tree = processor.parse(containers.text)
    if (masked.spans.length > 0) {
      const place = location(text)
      restoreTemplates(tree, masked, (offset) => place.toPoint(offset), text)
    }
    restoreContainers(tree, containers.starts)
    return tree
  }
}
