// A docgap plugin with one rule: a how-to page (a page with numbered steps) must say what the
// reader needs before the first step, under a heading such as "Prerequisites".
import {checkKeys, definePlugin, defineRule, optionObject, report, RuleOptionError, stringList} from 'docgap'

const meta = {
  id: 'require-prerequisites',
  description: 'Pages with numbered steps must have a Prerequisites section before the first step.',
  recommended: false,
  url: 'https://github.com/docgap/docgap/blob/main/docs/writing-a-rule.md',
}

export const requirePrerequisites = defineRule({
  meta,
  // Runs once, before any page is read: a wrong option stops the run with exit code 2.
  parseOptions(raw) {
    const options = optionObject(raw)
    checkKeys(options, ['headings'])
    const headings = stringList(options, 'headings') ?? ['Prerequisites', 'Before you begin']
    if (headings.length === 0) throw new RuleOptionError('headings', 'must list at least one heading')
    return {headings}
  },
  check(tree, file, options) {
    const steps = tree.children.findIndex((node) => node.type === 'list' && node.ordered)
    // No numbered steps, or a list a plugin made (no position): nothing to say.
    const list = tree.children[steps]
    if (steps === -1 || !list.position) return
    const wanted = new Set(options.headings.map((heading) => heading.trim().toLowerCase()))
    const answered = tree.children
      .slice(0, steps)
      .some((node) => node.type === 'heading' && wanted.has(plainText(node).trim().toLowerCase()))
    if (answered) return
    report(
      file,
      meta,
      `Unexpected steps without a \`${options.headings[0]}\` section before them, expected what the reader needs first`,
      list.children[0] ?? list,
    )
  },
})

function plainText(node) {
  if ('value' in node) return node.value
  return 'children' in node ? node.children.map(plainText).join('') : ''
}

export default definePlugin({
  name: 'example',
  rules: {'require-prerequisites': requirePrerequisites},
  presets: {
    'how-to': {
      overrides: [{files: ['how-to/**'], rules: {'example/require-prerequisites': 'error'}}],
    },
  },
})
