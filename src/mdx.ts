/**
 * MDX syntax (ESM, JSX, `{expressions}`), loaded only when a run has `.mdx` pages: acorn and
 * the MDX extensions are about a fifth of the bundle, and a plain Markdown run never needs them.
 */
import {mdxFromMarkdown} from 'mdast-util-mdx'
import {mdxjs} from 'micromark-extension-mdxjs'

export const mdxSyntax = {micromark: mdxjs(), fromMarkdown: mdxFromMarkdown()}
