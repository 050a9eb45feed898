import type {Root} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import type {Node as YamlNode, Pair} from 'yaml'
import {
  booleanOption,
  checkKeys,
  docsUrl,
  optionObject,
  report,
  RuleOptionError,
  stringList,
  type Rule,
  yaml,
} from '../src/rule.js'

const id = 'require-frontmatter'

const meta = {
  id,
  description: 'Pages must have the front matter keys the site needs and must not be marked as drafts.',
  recommended: false,
  url: docsUrl(id),
}

export interface Options {
  required: string[]
  draft: boolean
}

/** One front matter key as read: its value and where the key and value stand in the file. */
interface Entry {
  value: unknown
  /** Offsets into the front matter's text. */
  start: number
  end: number
}

type Entries = Map<string, Entry>

const rule = {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['required', 'draft'])
    const required = stringList(options, 'required') ?? []
    if (required.some((key) => key.trim() === '')) {
      throw new RuleOptionError('required', 'must not contain an empty key')
    }
    return {required, draft: booleanOption(options, 'draft') ?? false}
  },
  check(tree: Root, file: VFile, options: Options) {
    const {required, draft} = options ?? {required: [], draft: false}
    // remark-frontmatter makes `toml` nodes, which mdast's types do not list.
    const node = tree.children[0] as {type: string; value?: unknown; position?: Position} | undefined
    const matter =
      node && (node.type === 'yaml' || node.type === 'toml') && typeof node.value === 'string'
        ? {type: node.type, value: node.value, position: node.position}
        : undefined
    if (!matter) {
      if (required.length === 0) return
      const start = {line: 1, column: 1, offset: 0}
      report(file, meta, `Unexpected page without front matter, expected ${list(required)}`, {start, end: start})
      return
    }
    const matterStart = matter.position?.start.offset
    if (!matter.position || matterStart === undefined) return
    const source = String(file.value)
    // The front matter's value starts on the line after its opening fence.
    const newline = source.indexOf('\n', matterStart)
    const base = newline === -1 ? matterStart : newline + 1
    const place = location(file)
    const at = (start: number, end: number): Position => {
      // A range that runs into a line ending stops at the end of its line's text.
      while (end > start && (source[base + end - 1] === '\n' || source[base + end - 1] === '\r')) end--
      const from = place.toPoint(base + start)
      const to = place.toPoint(base + end)
      return from && to ? {start: from, end: to} : matter.position!
    }

    const fence = place.toPoint(matterStart + 3)
    const opening: Position = fence ? {start: matter.position.start, end: fence} : matter.position
    const read = matter.type === 'yaml' ? readYaml(matter.value) : readToml(matter.value)
    if ('error' in read) {
      const where = read.start === undefined ? matter.position : at(read.start, read.end ?? read.start)
      report(
        file,
        meta,
        `Unexpected invalid front matter (${read.error}), expected valid ${matter.type === 'yaml' ? 'YAML' : 'TOML'}`,
        where,
      )
      return
    }
    const entries = read.entries

    for (const key of required) {
      const entry = entries.get(key)
      if (!entry) {
        report(file, meta, `Unexpected front matter without \`${key}\`, expected \`${key}\` with a value`, opening)
      } else if (isEmpty(entry.value)) {
        report(file, meta, `Unexpected empty \`${key}\` in front matter, expected a value`, at(entry.start, entry.end))
      }
    }

    if (!draft) return
    const marks: Array<[string, boolean]> = [
      ['draft', true],
      ['published', false],
    ]
    for (const [key, flagged] of marks) {
      const entry = entries.get(key)
      if (!entry || !sameFlag(entry.value, flagged)) continue
      const written = matter.value.slice(entry.start, entry.end).replace(/\s+/g, ' ').trim()
      report(
        file,
        meta,
        `Unexpected \`${written}\` in front matter, expected a page ready to publish`,
        at(entry.start, entry.end),
      )
    }
  },
} satisfies Rule<Options>

export default rule

function list(keys: string[]): string {
  const quoted = keys.map((key) => `\`${key}\``)
  const keysText = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`
  return `front matter with ${keysText}`
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.keys(value).length === 0
  return false
}

// Booleans, and the same written as a quoted string (`draft: "true"`), which some generators accept.
function sameFlag(value: unknown, flag: boolean): boolean {
  if (typeof value === 'boolean') return value === flag
  return typeof value === 'string' && value.trim().toLowerCase() === String(flag)
}

type Read = {entries: Entries} | {error: string; start?: number; end?: number}

function readYaml(text: string): Read {
  const document = yaml().parseDocument(text, {prettyErrors: false, uniqueKeys: false})
  const error = document.errors[0]
  if (error) {
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    return {error: reason, start: error.pos[0], end: Math.max(error.pos[1], error.pos[0])}
  }
  const entries: Entries = new Map()
  const contents = document.contents
  if (contents === null || (yaml().isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return {entries}
  }
  if (!yaml().isMap(contents)) {
    const range = contents.range ?? [0, 0]
    return {error: 'not a mapping of keys to values', start: range[0], end: range[1]}
  }
  collectYaml(contents.items as Array<Pair<unknown, unknown>>, '', entries)
  return {entries}
}

// Keys are recorded as written and, for nested mappings, as dotted paths (`params.description`).
function collectYaml(items: Array<Pair<unknown, unknown>>, prefix: string, entries: Entries): void {
  for (const pair of items) {
    const keyNode = pair.key as YamlNode | null
    const key = yaml().isScalar(keyNode) ? String(keyNode.value) : undefined
    if (key === undefined || !keyNode?.range) continue
    const valueNode = pair.value as YamlNode | null
    const start = keyNode.range[0]
    const end = valueNode?.range ? valueNode.range[1] : keyNode.range[1]
    const value =
      valueNode === null
        ? null
        : yaml().isMap(valueNode) || yaml().isSeq(valueNode) || yaml().isScalar(valueNode)
          ? valueNode.toJSON()
          : undefined
    const path = prefix + key
    if (!entries.has(path)) entries.set(path, {value, start, end})
    if (yaml().isMap(valueNode)) collectYaml(valueNode.items as Array<Pair<unknown, unknown>>, `${path}.`, entries)
  }
}

// Enough TOML for front matter: `key = value` lines, `[table]` headers, multi-line strings and
// arrays. Anything else is skipped rather than guessed at.
function readToml(text: string): Read {
  const entries: Entries = new Map()
  let prefix = ''
  let offset = 0
  let open: {entry: Entry; close: string; depth: number} | undefined
  for (const line of text.split('\n')) {
    const lineStart = offset
    offset += line.length + 1
    const trimmed = line.trim()
    if (open) {
      if (open.close === ']') {
        open.depth += count(trimmed, '[') - count(trimmed, ']')
        if (open.depth <= 0) open = undefined
      } else if (trimmed.includes(open.close)) {
        open = undefined
      }
      continue
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const table = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(trimmed)
    if (table) {
      prefix = `${table[1]!.replace(/["']/g, '')}.`
      continue
    }
    const pair = /^("[^"]*"|'[^']*'|[\w.-]+)\s*=\s*(.*)$/.exec(trimmed)
    if (!pair)
      return {error: `cannot read line \`${trimmed.slice(0, 40)}\``, start: lineStart, end: lineStart + line.length}
    const key = pair[1]!.replace(/^["']|["']$/g, '')
    const raw = pair[2]!.replace(/\s+#.*$/, '').trim()
    const start = lineStart + line.indexOf(pair[1]!)
    const entry: Entry = {value: tomlValue(raw), start, end: lineStart + line.trimEnd().length}
    const path = prefix + key
    if (!entries.has(path)) entries.set(path, entry)
    if (/^("""|''')/.test(raw) && !raw.slice(3).includes(raw.slice(0, 3))) {
      open = {entry, close: raw.slice(0, 3), depth: 0}
    } else if (raw.startsWith('[')) {
      const depth = count(raw, '[') - count(raw, ']')
      if (depth > 0) open = {entry, close: ']', depth}
    }
  }
  return {entries}
}

function tomlValue(raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true'
  if (/^("""|''')/.test(raw)) return raw.length > 6 ? raw.slice(3, -3) || 'text' : 'text'
  if (/^".*"$|^'.*'$/.test(raw)) return raw.slice(1, -1)
  if (/^\[\s*\]$/.test(raw)) return []
  if (/^\{\s*\}$/.test(raw)) return {}
  return raw
}

function count(text: string, character: string): number {
  return text.split(character).length - 1
}
