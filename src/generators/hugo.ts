/**
 * Hugo: content runs no templates (only shortcodes, `{{< … >}}` and `{{% … %}}`, are replaced),
 * then goldmark. Heading ids follow `markup.goldmark.parser.autoHeadingIDType`: `github`
 * (default) trims, keeps letters, decimal digits and `_` lowercased, space and `-` as `-`, drops
 * the rest; `github-ascii` first strips accents and drops non-ASCII; `blackfriday` joins runs of
 * letters and numbers with single dashes. Empty becomes `heading`; repeats `-1`, `-2`, skipping
 * any id already taken. goldmark slugs the heading's Markdown as written.
 */
import {existsSync, statSync} from 'node:fs'
import {basename, dirname, extname, join} from 'node:path'
import {DocgapError} from '../errors.js'
import {readText} from '../config/read-data.js'
import {attributeRun, noSlugger} from './heading-ids.js'
import {numberedFootnoteIds} from './footnotes.js'
import {createProfile} from './profile.js'
import {display, isMapping, keyPath, readMapping} from './site-files.js'
import type {Folder, Slugger} from './types.js'

/** How goldmark makes heading ids (`markup.goldmark.parser.autoHeadingIDType`). */
export type HugoAutoHeadingIDType = 'github' | 'github-ascii' | 'blackfriday'

export interface HugoSettings {
  /** `markup.goldmark.parser.autoHeadingIDType` (default `github`). */
  hugoAutoHeadingIDType?: HugoAutoHeadingIDType
  /** `markup.goldmark.parser.autoHeadingID`: false gives headings no automatic id. */
  autoIds?: boolean
  /** `markup.goldmark.parser.autoDefinitionTermID`: definition-list terms get ids too (default off). */
  hugoDefinitionTermIds?: boolean
  /** `markup.goldmark.parser.attribute.title`: `## Title {#id}` sets the id (default on). */
  hugoTitleAttributes?: boolean
  /** `markup.goldmark.parser.attribute.block`: `{#id}` on the line after a block (default off). */
  hugoBlockAttributes?: boolean
}

const configFiles = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json']
// goldmark's heading attributes: `{#id .class key=value}`, no colon.
const headingSyntax = new RegExp(String.raw`[ \t]*\{[ \t]*(${attributeRun})[ \t]*\}[ \t]*$`)

export default createProfile<HugoSettings>({}, (settings) => ({
  name: 'hugo',
  title: 'Hugo',
  extensions: ['md', 'markdown'],
  detect: {rank: 2, configName: 'hugo.toml', find},
  async readSite(configPath) {
    return {settings: hugoSettings(await readHugoConfig(configPath)), variables: {}}
  },
  rendersTemplates: false,
  literalTemplates: {where: 'in Hugo content', expected: 'a shortcode (`{{< … >}}` or `{{% … %}}`)'},
  // `{{< highlight >}}{{ .Title }}{{< /highlight >}}` shows template code on purpose.
  codeShortcodes: new Set(['highlight', 'code', 'code-toggle', 'codeblock', 'code-block', 'raw']),
  blockAttributes: settings.hugoBlockAttributes === true,
  footnoteIds: numberedFootnoteIds,
  syntax: {shortcodes: true, attributeLists: true},
  // Each of its id types: a site's setting is not known.
  unionSettings: [{}, {hugoAutoHeadingIDType: 'github-ascii'}, {hugoAutoHeadingIDType: 'blackfriday'}],
  slugger: (): Slugger =>
    settings.autoIds === false ? noSlugger() : hugoSlugger(settings.hugoAutoHeadingIDType ?? 'github'),
  headings: {
    pattern: settings.hugoTitleAttributes === false ? undefined : headingSyntax,
    text: 'source',
    termIds: settings.hugoDefinitionTermIds === true,
  },
}))

/**
 * A Hugo site root: `hugo.{toml,yaml,yml,json}`, or `config.toml` or a `config/_default/` folder
 * beside a `content/` folder (as Docsy and other large sites lay it out).
 */
function find(folder: Folder): {configPath: string; besideContent?: boolean} | undefined {
  const file = configFiles.find((name) => folder.files.has(name))
  if (file) return {configPath: join(folder.path, file)}
  if (!folder.folders.has('content')) return undefined
  if (folder.files.has('config.toml')) return {configPath: join(folder.path, 'config.toml'), besideContent: true}
  const directory = folder.folders.has('config') ? configDirectory(folder.path) : undefined
  return directory ? {configPath: directory, besideContent: true} : undefined
}

// In `config/_default/`, the main file first; a folder with only per-key files (`markup.toml`,
// `params.toml`) counts too.
const directoryFiles = ['hugo', 'config', 'markup', 'params'].flatMap((name) =>
  ['toml', 'yaml', 'yml', 'json'].map((ext) => `${name}.${ext}`),
)

/** The main file of Hugo's `config/_default/` folder in this site folder, if there is one. */
function configDirectory(folder: string): string | undefined {
  const directory = join(folder, 'config', '_default')
  for (const name of directoryFiles) {
    try {
      if (statSync(join(directory, name)).isFile()) return join(directory, name)
    } catch {
      // Not this one.
    }
  }
  return undefined
}

async function readHugoConfig(path: string): Promise<Record<string, unknown>> {
  // In `config/_default/`, each top-level key may have a file of its own: `markup.toml` holds
  // what `hugo.toml` would hold under `[markup]`.
  const inDirectory = basename(dirname(path)) === '_default' && basename(dirname(dirname(path))) === 'config'
  const name = basename(path, extname(path))
  const config = inDirectory && name !== 'hugo' && name !== 'config' ? {} : await readHugoFile(path)
  if (inDirectory) {
    for (const ext of ['toml', 'yaml', 'yml', 'json']) {
      const markup = join(dirname(path), `markup.${ext}`)
      if (existsSync(markup)) return {...config, markup: await readHugoFile(markup)}
    }
  }
  return config
}

async function readHugoFile(path: string): Promise<Record<string, unknown>> {
  if (extname(path).toLowerCase() !== '.toml') return readMapping(path)
  const shown = display(path)
  const text = await readText(path, shown)
  // Loaded only for a Hugo site with a TOML config.
  const {parse} = await import('smol-toml')
  try {
    return parse(text) as Record<string, unknown>
  } catch (error) {
    throw new DocgapError(`${shown}: invalid TOML: ${(error as Error).message.split('\n')[0]}`)
  }
}

const idTypes = new Set<HugoAutoHeadingIDType>(['github', 'github-ascii', 'blackfriday'])

/** Heading-id settings from `markup.goldmark.parser` (keys in any case, as Hugo reads them). */
function hugoSettings(config: Record<string, unknown>): HugoSettings {
  const parser = keyPath(config, ['markup', 'goldmark', 'parser'])
  const settings: HugoSettings = {}
  if (!isMapping(parser)) return settings
  const type = keyPath(parser, ['autoHeadingIDType'])
  if (typeof type === 'string' && idTypes.has(type.toLowerCase() as HugoAutoHeadingIDType)) {
    settings.hugoAutoHeadingIDType = type.toLowerCase() as HugoAutoHeadingIDType
  }
  if (keyPath(parser, ['autoHeadingID']) === false) settings.autoIds = false
  if (keyPath(parser, ['autoDefinitionTermID']) === true) settings.hugoDefinitionTermIds = true
  if (keyPath(parser, ['attribute', 'title']) === false) settings.hugoTitleAttributes = false
  if (keyPath(parser, ['attribute', 'block']) === true) settings.hugoBlockAttributes = true
  return settings
}

function hugoSlugger(type: HugoAutoHeadingIDType): Slugger {
  const taken = new Set<string>()
  // The last number given to each id: ids are never freed, so the search goes on from there
  // (14,000 headings of one name took 55 s when each searched from 1).
  const numbered = new Map<string, number>()
  return {
    slug(text) {
      let id = hugoAnchor(text, type)
      if (!id) id = 'heading'
      if (taken.has(id)) {
        let n = numbered.get(id) ?? 1
        while (taken.has(`${id}-${n}`)) n++
        numbered.set(id, n)
        id = `${id}-${n}`
      }
      taken.add(id)
      return id
    },
    reset: () => {
      taken.clear()
      numbered.clear()
    },
    claim: (id) => void taken.add(id),
  }
}

// Go's unicode.IsSpace, which bytes.TrimSpace trims.
const goSpace =
  /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$/g

/** Hugo's heading-id sanitizer for one text, without numbering. */
export function hugoAnchor(text: string, type: HugoAutoHeadingIDType = 'github'): string {
  if (type === 'blackfriday') {
    // Runs of letters and numbers, lowercased, joined by one dash; everything else separates.
    let out = ''
    let dash = false
    for (const char of text) {
      if (/[\p{L}\p{N}]/u.test(char)) {
        if (dash && out) out += '-'
        dash = false
        out += lowerRune(char)
      } else dash = true
    }
    return out
  }
  let value = text
  // github-ascii: accents removed (NFD, drop nonspacing marks, NFC), then non-ASCII dropped.
  if (type === 'github-ascii')
    value = value
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '')
      .normalize('NFC')
  value = value.replace(goSpace, '')
  let out = ''
  for (const char of value) {
    if (type === 'github-ascii' && char.codePointAt(0)! > 0x7f) continue
    if (char === '-' || char === ' ') out += '-'
    else if (char === '_' || /[\p{L}\p{Nd}]/u.test(char)) out += lowerRune(char)
  }
  return out
}

// Go lowercases rune by rune (unicode.ToLower), never growing a character into two.
function lowerRune(char: string): string {
  const lower = char.toLowerCase()
  return [...lower].length === 1 ? lower : char
}
