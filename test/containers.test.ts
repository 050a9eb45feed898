/**
 * `:::` containers (VitePress, Docusaurus, Starlight) parse as containers: their body is the
 * blocks it holds, their marker lines are no text, and rules see the body as ordinary content.
 */
import type {Nodes, Root} from 'mdast'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {generatorProfile} from '../src/generators/index.js'
import {createParser, loadMdx} from '../src/parse.js'
import {lint} from '../src/testing.js'
import noEmptySections from '../rules/no-empty-sections.js'
import noPlaceholders from '../rules/no-placeholders.js'

const parse = createParser()

function tree(text: string, generator = 'vitepress', path = 'page.md'): Root {
  const file = new VFile({path, value: text})
  file.data.profile = generatorProfile(generator)
  return parse(file)
}

/** The tree as `type[kind name "title"] lines` rows, indented by depth; text as written. */
function outline(node: Nodes, depth = 0): string[] {
  const container = node.type === 'container' ? ` ${node.kind} ${node.name}${node.title ? ` "${node.title}"` : ''}` : ''
  const value = 'value' in node && node.type !== 'code' ? ` ${JSON.stringify(node.value)}` : ''
  const place = node.position ? ` ${node.position.start.line}-${node.position.end.line}` : ''
  const row = `${'  '.repeat(depth)}${node.type}${container}${value}${place}`
  return [row, ...('children' in node ? (node.children as Nodes[]).flatMap((child) => outline(child, depth + 1)) : [])]
}

describe('::: containers', () => {
  it('hold a list as a list, with the marker lines out of the text (VitePress)', () => {
    const root = tree('::: tip Read this\n- one\n- two\n:::\n\nAfter.\n')
    expect(outline(root).slice(1, 4)).toEqual([
      '  container admonition tip "Read this" 1-4',
      '    list 2-3',
      '      listItem 2-2',
    ])
    expect(JSON.stringify(root)).not.toContain(':::')
  })

  it('keep positions exact: the container spans its markers, the body keeps its lines and columns', () => {
    const root = tree('Intro.\n\n  :::note[Heads up]\n  Body text.\n  :::\n')
    const container = root.children[1]!
    expect(container.type).toBe('container')
    expect(container.position?.start).toEqual({line: 3, column: 3, offset: 10})
    expect(container.position?.end).toEqual({line: 5, column: 6, offset: 46})
    const paragraph = (container as {children: Nodes[]}).children[0]!
    expect(paragraph.position?.start).toEqual({line: 4, column: 3, offset: 30})
  })

  it('nest, more colons outside (Docusaurus) or the same count (VitePress)', () => {
    const outer = tree('::::details Outer\nIntro\n:::warning\nInner\n:::\n::::\n', 'docusaurus')
    expect(outline(outer).slice(1)).toEqual([
      '  container details details "Outer" 1-6',
      '    paragraph 2-2',
      '      text "Intro" 2-2',
      '    container admonition warning 3-5',
      '      paragraph 4-4',
      '        text "Inner" 4-4',
    ])
    const same = tree('::: tip\n::: details More\nInner\n:::\nOuter\n:::\n')
    expect(outline(same).slice(1, 3)).toEqual([
      '  container admonition tip 1-6',
      '    container details details "More" 2-4',
    ])
  })

  it('sit in list items and block quotes; a code-group is a group', () => {
    const root = tree(
      '1. Step\n\n   ::: code-group\n   ```sh\n   npm i\n   ```\n   :::\n\n> ::: info\n> Quoted\n> :::\n',
    )
    const rows = outline(root)
    expect(rows).toContain('      container group code-group 3-7')
    expect(rows).toContain('    container admonition info 9-11')
  })

  it('are not read inside fenced code, even a longer fence holding a shorter one', () => {
    const root = tree('````md\n```md\n::: tip\n```\n:::\n````\n')
    expect(root.children.map((node) => node.type)).toEqual(['code'])
  })

  it('run to the end of the page when never closed, and stand empty where written', () => {
    expect(outline(tree('::: danger\nStop.\n')).slice(1, 2)).toEqual(['  container admonition danger 1-3'])
    expect(outline(tree('# A\n\n::: tip\n:::\n\n## B\n')).map((row) => row.trim().split(' ')[0])).toEqual([
      'root',
      'heading',
      'text',
      'container',
      'heading',
      'text',
    ])
  })

  it('are parsed in MDX pages (Starlight asides)', async () => {
    await loadMdx()
    const root = tree(
      "import {Tabs} from '@astrojs/starlight/components'\n\n:::caution[Careful]\nText.\n:::\n",
      'starlight',
      'page.mdx',
    )
    expect(outline(root)[2]).toBe('  container admonition caution "Careful" 3-5')
  })

  it('are text on GitHub, which shows the colons as written', () => {
    expect(tree('::: tip\nText\n:::\n', 'github').children.map((node) => node.type)).toEqual(['paragraph'])
  })

  it('are content to the rules: a TODO inside is found, an empty one is no empty section', () => {
    const page = '# Guide\n\n## Setup\n\n::: tip\n- Install\n- TODO\n:::\n\n## Notes\n\n:::note[Read this first]\n:::\n'
    const found = lint(page, [noPlaceholders, noEmptySections], {generator: 'vitepress'})
    expect(found.map((finding) => `${finding.line}:${finding.ruleId}`)).toEqual(['7:no-placeholders'])
  })
})
