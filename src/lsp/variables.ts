/** Template variables for the editor: where one is defined (hover), and which names can follow `{{ site.` (completion). */
import {existsSync} from 'node:fs'
import {isAbsolute, relative, resolve, sep} from 'node:path'
import type {ResolvedConfig} from '../config/resolve.js'
import {detectGenerator} from '../generators/index.js'
import {levenshtein, yaml} from '../lazy.js'
import {readTextFile} from '../source.js'
import {findTemplateSpans, leadingPath} from '../template/index.js'

const frontMatterPattern = /^(?:---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|$)/

export interface VariableOrigins {
  /** The configuration file, when there is one. */
  configPath?: string
  /** The file each namespace of the configuration's `variables` was read from (the config file itself for inline values). */
  byNamespace: Record<string, string>
}

/** Where the configuration's variables come from: `variables: {site: "./_config.yml"}` names a file. */
export function variableOrigins(configPath: string | undefined, rawConfig: unknown): VariableOrigins {
  const byNamespace: Record<string, string> = {}
  const variables = isMapping(rawConfig) ? rawConfig.variables : undefined
  if (configPath && isMapping(variables)) {
    for (const [namespace, source] of Object.entries(variables)) {
      byNamespace[namespace] =
        typeof source === 'string' ? (isAbsolute(source) ? source : resolve(configPath, '..', source)) : configPath
    }
  }
  return {configPath, byNamespace}
}

export interface Described {
  start: number
  end: number
  markdown: string
}

/** What a hover on the `{{ }}` output at `offset` shows: where its variable is defined, or the closest defined names. */
export function describeVariable(
  text: string,
  offset: number,
  path: string,
  variables: Record<string, unknown>,
  config: ResolvedConfig,
  origins?: VariableOrigins,
  root?: string,
): Described | undefined {
  const matter = frontMatterPattern.exec(text)
  const span = findTemplateSpans(text, matter ? matter[0].length : 0).find(
    (candidate) => candidate.kind === 'expression' && candidate.start <= offset && offset < candidate.end,
  )
  if (!span) return undefined
  const variable = leadingPath(span.inner)
  if (!variable) return undefined
  const {segments} = variable
  const frontMatter = parseFrontMatter(matter?.[1])
  const where = {start: span.start, end: span.end}
  if (segments[0] === 'page' && has(frontMatter, segments.slice(1))) {
    return {
      ...where,
      markdown: `\`${variable.text}\`${preview(get(frontMatter, segments.slice(1)))}\n\nDefined in the front matter of this page, key \`${segments.slice(1).join('.')}\`.`,
    }
  }
  if (has(variables, segments)) {
    const namespace = segments[0]!
    let file: string | undefined
    let key = segments.slice(1).join('.') || namespace
    const configured = origins?.byNamespace[namespace]
    if (configured && Object.hasOwn(config.variables, namespace)) {
      file = configured
      // Values written in the configuration file itself stand under its `variables` key.
      if (file === origins?.configPath) key = `variables.${segments.join('.')}`
    } else {
      // The site's own config: Jekyll's _config.yml for `site.*`, mkdocs.yml for `config.*`.
      file = detectGenerator(path).configPath
    }
    const line = file ? keyLine(file, segments[segments.length - 1]!) : undefined
    const link = file
      ? `[${displayName(file, root)}${line ? `:${line}` : ''}](${fileUrl(file)}${line ? `#L${line}` : ''})`
      : 'the configuration'
    return {
      ...where,
      markdown: `\`${variable.text}\`${preview(get(variables, segments))}\n\nDefined in ${link}, key \`${key}\`.`,
    }
  }
  const candidates = [...flatten(variables, ''), ...flatten(frontMatter, 'page.')]
  const closest = closestNames(variable.key, candidates)
  const hint =
    closest.length > 0
      ? `Closest defined: ${closest.map((name) => `\`${name}\``).join(', ')}.`
      : 'No defined variable has a close name.'
  return {
    ...where,
    markdown: `\`${variable.text}\` is not defined in the configuration, the site's config or the front matter.\n\n${hint}`,
  }
}

export interface Completions {
  /** The part of the name already typed after the last dot. */
  partial: string
  names: Array<{label: string; detail?: string; hasChildren: boolean}>
}

/** Names that can follow the path typed so far inside an unclosed `{{` (or `{%`) before `offset`. */
export function variableCompletions(
  text: string,
  offset: number,
  variables: Record<string, unknown>,
): Completions | undefined {
  const before = text.slice(Math.max(0, offset - 300), offset)
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'))
  if (open === -1 || before.indexOf('}}', open) !== -1 || before.indexOf('%}', open) !== -1) return undefined
  const typed = /(?:^|[\s(|,=])([A-Za-z_][\w-]*(?:\.[A-Za-z_\d][\w-]*)*\.?)?$/.exec(
    before.slice(open + 2).replace(/^-/, ''),
  )
  if (!typed) return undefined
  const path = typed[1] ?? ''
  const segments = path.split('.')
  const partial = segments.pop() ?? ''
  const matter = parseFrontMatter(frontMatterPattern.exec(text)?.[1])
  const scope: Record<string, unknown> = {
    ...variables,
    ...(Object.keys(matter).length > 0
      ? {page: {...(isMapping(variables.page) ? variables.page : {}), ...matter}}
      : {}),
  }
  const parent = segments.length === 0 ? scope : get(scope, segments)
  if (!isMapping(parent)) return undefined
  const names = Object.entries(parent).map(([label, value]) => ({
    label,
    hasChildren: isMapping(value),
    detail: preview(value).trim() || undefined,
  }))
  return {partial, names}
}

function preview(value: unknown): string {
  if (value === undefined || isMapping(value) || Array.isArray(value)) return ''
  const text = JSON.stringify(value)
  return ` = ${text.length > 80 ? `${text.slice(0, 77)}…` : text}`
}

function displayName(file: string, root: string | undefined): string {
  const shown = root ? relative(root, file) : file
  return (shown.startsWith('..') ? file : shown).split(sep).join('/')
}

function fileUrl(file: string): string {
  return `file://${file.split('\\').join('/')}`
}

/** The line of the first `key:` (YAML), `"key":` (JSON) or `key =` (TOML) in the file. */
function keyLine(file: string, key: string): number | undefined {
  if (!existsSync(file)) return undefined
  try {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(`^\\s*(?:-\\s+)?["']?${escaped}["']?\\s*[:=]`)
    const index = readTextFile(file)
      .split('\n')
      .findIndex((line) => pattern.test(line))
    return index === -1 ? undefined : index + 1
  } catch {
    return undefined
  }
}

function parseFrontMatter(text: string | undefined): Record<string, unknown> {
  if (!text) return {}
  try {
    const data: unknown = yaml().parse(text)
    return isMapping(data) ? data : {}
  } catch {
    return {}
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function get(root: unknown, segments: string[]): unknown {
  let value = root
  for (const key of segments) {
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)]
    else if (isMapping(value) && Object.hasOwn(value, key)) value = value[key]
    else return undefined
  }
  return value
}

function has(root: unknown, segments: string[]): boolean {
  let value = root
  for (const key of segments) {
    if (Array.isArray(value) && /^\d+$/.test(key) && Number(key) < value.length) value = value[Number(key)]
    else if (isMapping(value) && Object.hasOwn(value, key)) value = value[key]
    else return false
  }
  return true
}

function flatten(root: Record<string, unknown>, prefix: string, depth = 0, into: string[] = []): string[] {
  for (const [key, value] of Object.entries(root)) {
    if (into.length >= 20_000) break
    into.push(prefix + key)
    if (isMapping(value) && depth < 8) flatten(value, `${prefix}${key}.`, depth + 1, into)
  }
  return into
}

function closestNames(name: string, candidates: string[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3))
  const {distance} = levenshtein()
  return candidates
    .filter((candidate) => Math.abs(candidate.length - name.length) <= limit)
    .map((candidate) => ({candidate, score: distance(name, candidate)}))
    .filter(({score}) => score <= limit)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({candidate}) => candidate)
}
