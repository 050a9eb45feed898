/**
 * The one Markdown parser of a run: remark-parse with front matter and GFM, built once and
 * wrapped so that template syntax is read as the site generator reads it (see template.ts).
 */
import type {Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {maskTemplates, restoreTemplates} from './template.js'

export type Parse = (file: VFile) => Root

const frontMatter = /^(?:---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|$)/

export function createParser(): Parse {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm)
  // remark-gfm registers its extensions when the processor freezes; freeze once, here.
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
    const tree = processor.parse(masked.text)
    if (masked.spans.length > 0) {
      const place = location(text)
      restoreTemplates(tree, masked, (offset) => place.toPoint(offset))
    }
    return tree
  }
}
