/** Template-aware parsing: template spans become their own nodes, and never shift positions. */
import type {Nodes, Root} from 'mdast'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {createParser} from '../src/parse.js'

const parse = createParser()

function tree(markdown: string): Root {
  return parse(new VFile({path: 'page.md', value: markdown}))
}

function templates(root: Root): Array<{kind: string; name: string; renders: boolean; line: number; column: number}> {
  const found: Array<{kind: string; name: string; renders: boolean; line: number; column: number}> = []
  const walk = (node: Nodes) => {
    if (node.type === 'template') {
      found.push({
        kind: node.kind,
        name: node.name,
        renders: node.renders,
        line: node.position!.start.line,
        column: node.position!.start.column,
      })
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child)
  }
  walk(root)
  return found
}

describe('template spans', () => {
  it('become template nodes with their kind, name and whether they render', () => {
    const root = tree('Install {{ site.product }} with {% include tip.md %} and {{< note >}}.\n')
    expect(templates(root)).toEqual([
      {kind: 'expression', name: '', renders: true, line: 1, column: 9},
      {kind: 'tag', name: 'include', renders: true, line: 1, column: 33},
      {kind: 'shortcode', name: 'note', renders: true, line: 1, column: 58},
    ])
  })

  it('do not split a list or make an item when a tag stands on its own line', () => {
    const root = tree('- One\n{% if_version gte:2.6.x %}\n- Two\n{% endif_version %}\n- Three\n')
    expect(root.children.map((node) => node.type)).toEqual(['list'])
    expect((root.children[0] as {children: unknown[]}).children).toHaveLength(3)
  })

  it('keep the original text inside code and link URLs', () => {
    const root = tree('`{{ x }}` and [docs](/docs/{{ page.version }}/install/)\n')
    const paragraph = root.children[0] as {children: Nodes[]}
    expect(paragraph.children[0]).toMatchObject({type: 'inlineCode', value: '{{ x }}'})
    expect(paragraph.children[2]).toMatchObject({type: 'link', url: '/docs/{{ page.version }}/install/'})
  })

  it('treat {% raw %} content as text and a closed {% comment %} as one silent span', () => {
    const root = tree('{% raw %}{{ shown }}{% endraw %}\n\n{% comment %}\n## Hidden\n{% endcomment %}\n\n## Shown\n')
    expect(templates(root).filter((node) => node.kind === 'expression')).toEqual([])
    const headings = root.children.filter((node) => node.type === 'heading')
    expect(headings).toHaveLength(1)
    expect(headings[0]!.position!.start.line).toBe(7)
  })

  it('do not let an unclosed {% comment %} or {% raw %} hide the rest of the page', () => {
    const root = tree('Use `{% comment %}` to hide text, and `{% raw %}` to show braces.\n\n## Still here\n')
    expect(root.children.filter((node) => node.type === 'heading')).toHaveLength(1)
  })

  it('keep positions exact after a byte order mark and with CRLF', () => {
    const lf = templates(tree('# T\n\nA {{ x }} b\n'))
    expect(templates(tree('\uFEFF# T\r\n\r\nA {{ x }} b\r\n'))).toEqual(lf)
  })
})

describe('code blocks', () => {
  it('keep template tags that end a line, as written', () => {
    const root = tree(
      '```liquid\n{% if site.beta %}\nBeta {{ x }}\n{% endif %}\n```\n\n    {% raw %}{{ y }}{% endraw %}\n',
    )
    const [fenced, indented] = root.children as Array<{type: string; value: string}>
    expect(fenced).toMatchObject({type: 'code', value: '{% if site.beta %}\nBeta {{ x }}\n{% endif %}'})
    expect(indented).toMatchObject({type: 'code', value: '{% raw %}{{ y }}{% endraw %}'})
  })
})

describe('tables', () => {
  it('are not cut in two by a tag on its own line between rows', () => {
    const root = tree(
      '| Feature | Until |\n| --- | --- |\n| A | 2.0 |\n{% if_version gte:2.6.x %}\n| B | TBD |\n{% endif_version %}\n| C | 3.0 |\n',
    )
    expect(root.children.map((node) => node.type)).toEqual(['table'])
    const cells = (root.children[0] as {children: Array<{children: Nodes[]}>}).children.map(
      (row) => row.children.length,
    )
    expect(cells.filter((count) => count === 2)).toHaveLength(4)
  })
})

describe('MkDocs containers', () => {
  it('parse an admonition, collapsible or tab body as content, not as code, with exact positions', () => {
    const root = tree(
      '!!! note "Title"\n    Body with **bold**.\n\n??? tip\n\n    - item\n\n=== "Tab"\n    ```sh\n    run\n    ```\n',
    )
    expect(root.children.map((node) => node.type)).toEqual(['container', 'container', 'container'])
    const [admonition, details, tab] = root.children as Array<{kind: string; children: Nodes[]}>
    expect(admonition!.kind).toBe('admonition')
    expect(admonition!.children.map((node) => node.type)).toEqual(['paragraph'])
    const body = admonition!.children[0] as {children: Nodes[]}
    const bold = body.children.find((node) => node.type === 'strong')!
    expect(bold.position!.start).toMatchObject({line: 2, column: 15})
    expect(details!.kind).toBe('details')
    expect(details!.children.map((node) => node.type)).toEqual(['paragraph', 'list'])
    // A body right under the title: the title is not part of the body.
    expect(tab!.children.map((node) => node.type)).toEqual(['code'])
    expect((tab!.children[0] as {value: string}).value).toBe('run')
  })

  it('leave markers in code alone, and split a list from a container that follows it', () => {
    const root = tree('```text\n!!! note\n    code\n```\n\n- one\n- two\n!!! note\n    body\n')
    expect(root.children.map((node) => node.type)).toEqual(['code', 'list', 'container'])
    expect((root.children[0] as {value: string}).value).toBe('!!! note\n    code')
    expect((root.children[1] as {children: unknown[]}).children).toHaveLength(2)
  })
})
