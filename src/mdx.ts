/**
 * MDX syntax (ESM, JSX, `{expressions}`), loaded only when a run has `.mdx` pages: acorn and
 * the MDX extensions are about a fifth of the bundle, and a plain Markdown run never needs them.
 */
import type {Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import {mdxFromMarkdown} from 'mdast-util-mdx'
import {mdxjs} from 'micromark-extension-mdxjs'
import type {Extension as MicromarkExtension} from 'micromark-util-types'
import {comment} from 'remark-comment'

export const mdxSyntax = {micromark: mdxjs(), fromMarkdown: mdxFromMarkdown()}

/**
 * `<!-- … -->` in MDX, which Docusaurus accepts (`markdown.mdx1Compat.comments`, on by default)
 * with remark-comment's syntax: read as an `html` node, as a comment in Markdown is.
 */
export const htmlCommentSyntax = {
  // Written against micromark 3's types; its tokenizer is the same under micromark 4.
  micromark: comment as unknown as MicromarkExtension,
  fromMarkdown: {
    canContainEols: ['comment'],
    enter: {
      comment() {
        this.buffer()
      },
    },
    exit: {
      comment(token) {
        this.resume()
        this.enter({type: 'html', value: this.sliceSerialize(token)}, token)
        this.exit(token)
      },
    },
  } satisfies FromMarkdownExtension,
}
