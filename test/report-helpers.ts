/** Linted pages for the report tests: the real parser and built-in rules, as a run uses them. */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {VFile} from 'vfile'
import {builtinRules} from '../rules/index.js'
import {lintFile, type ConfiguredRule} from '../src/lint.js'
import {createParser} from '../src/parse.js'

/** The recommended rules at their default severities, as with no configuration. */
export const configuredRules: ConfiguredRule[] = builtinRules
  .filter((rule) => rule.meta.recommended)
  .map((rule) => ({rule, severity: rule.meta.severity ?? 'error', options: rule.parseOptions?.(undefined)}))

export const reportedRules = configuredRules.map(({rule, severity}) => ({
  id: rule.meta.id,
  description: rule.meta.description,
  url: rule.meta.url,
  severity,
}))

/** Lints each page (path relative to `cwd` → Markdown) with the built-in rules. */
export function lintPages(pages: Record<string, string>, cwd: string): VFile[] {
  const parse = createParser()
  return Object.entries(pages).map(([path, value]) =>
    lintFile(new VFile({path, cwd, value}), {
      rules: configuredRules,
      parse,
      knownRules: builtinRules.map((rule) => rule.meta.id),
    }),
  )
}

/** A temporary folder holding the pages. */
export function writeTree(pages: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'docgap-report-'))
  for (const [path, value] of Object.entries(pages)) {
    mkdirSync(dirname(join(root, path)), {recursive: true})
    writeFileSync(join(root, path), value)
  }
  return root
}

/** A small docs tree with findings of several rules in several folders, a clean page and a hostile name. */
export const fixturePages: Record<string, string> = {
  'docs/index.md': '# Welcome\n\nThe docs start here.\n',
  'docs/guide/install.md': '# Install\n\n- Download it.\n- \n\nRun ___ now.\n',
  'docs/guide/configure.md': '# Configure\n\nSet TODO in the file.\n\n## What port does it use?\n\n## Next\n\nMore.\n',
  'docs/guide/upgrade.md': '# Upgrade\n\nNothing to do.\n',
  'docs/reference/cli.md': '# CLI\n\n- \n- \n- Flags.\n\n(Add a description of each flag here.)\n',
  'docs/reference/api/endpoints.md': '# Endpoints\n\nCall TBD with lorem ipsum.\n',
  'docs/reference/api/<script>.md': '# Hostile <b>name</b>\n\nFill ___ in.\n',
  'docs/blog/news.md': '# News\n\nAll good.\n',
}
