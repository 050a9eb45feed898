/**
 * Validates a raw configuration and turns it into what the engine takes: the configured rules,
 * the template variables and the ignore patterns. Every error names the file and the key.
 */
import {dirname, isAbsolute, resolve} from 'node:path'
import {closest, distance} from 'fastest-levenshtein'
import {DocgapError} from '../errors.js'
import type {ConfiguredRule, Severity} from '../lint.js'
import {RuleOptionError, type Rule} from '../rule.js'
import type {RawConfig} from './find.js'
import {parseData, readText} from './read-data.js'

export interface ResolvedConfig {
  /** Shown in messages: the config file, relative to the working directory. */
  display: string
  /** Folder that relative paths in the configuration start from. */
  baseDir: string
  rules: ConfiguredRule[]
  variables: Record<string, unknown>
  ignores: string[]
}

const knownKeys = ['$schema', 'rules', 'variables', 'ignores']
const severities: Record<string, Severity | 'off'> = {
  off: 'off', warn: 'warn', error: 'error', '0': 'off', '1': 'warn', '2': 'error',
}

export interface ResolveOptions {
  cwd: string
  /** `--rule id=severity` overrides, applied after the file. */
  ruleOverrides?: string[]
}

export async function resolveConfig(
  raw: RawConfig,
  available: Rule<any>[],
  {cwd, ruleOverrides = []}: ResolveOptions,
): Promise<ResolvedConfig> {
  const {display} = raw
  const fail = (key: string, message: string): never => {
    throw new DocgapError(`${display}: ${key ? `${key}: ` : ''}${message}`)
  }
  const value = raw.value ?? {}
  if (typeof value !== 'object' || Array.isArray(value)) fail('', 'expected an object at the top level')
  const config = value as Record<string, unknown>
  for (const key of Object.keys(config)) {
    if (!knownKeys.includes(key)) fail(key, `unknown key${suggest(key, knownKeys)} (known: ${knownKeys.slice(1).join(', ')})`)
  }
  const baseDir = raw.path ? dirname(raw.path) : cwd
  const byId = new Map(available.map((rule) => [rule.meta.id, rule]))
  const ids = [...byId.keys()]

  // Rule settings: the recommended rules at their default severity, then the file, then the command line.
  const settings = new Map<string, {severity: Severity | 'off'; raw: unknown; key: string}>()
  for (const rule of available) {
    if (rule.meta.recommended) settings.set(rule.meta.id, {severity: rule.meta.severity ?? 'error', raw: undefined, key: ''})
  }
  const rules = config.rules ?? {}
  if (typeof rules !== 'object' || Array.isArray(rules) || rules === null) fail('rules', 'expected an object of rule ids')
  for (const [id, entry] of Object.entries(rules as Record<string, unknown>)) {
    const key = `rules.${id}`
    if (!byId.has(id)) fail(key, `unknown rule${suggest(id, ids)}`)
    const [level, options] = Array.isArray(entry) ? [entry[0], entry[1]] : [entry, undefined]
    if (Array.isArray(entry) && entry.length > 2) fail(key, 'expected [severity] or [severity, options]')
    const severity = severities[String(level)]
    if (severity === undefined || (typeof level !== 'string' && typeof level !== 'number')) {
      fail(key, `invalid severity ${JSON.stringify(level)} (expected "off", "warn", "error", 0, 1 or 2)`)
    }
    settings.set(id, {severity: severity!, raw: options, key})
  }
  for (const override of ruleOverrides) {
    const match = /^([^=]+)=(.*)$/.exec(override)
    if (!match) throw new DocgapError(`--rule ${override}: expected id=severity, for example --rule no-placeholders=warn`)
    const [, id, level] = match as unknown as [string, string, string]
    if (!byId.has(id)) throw new DocgapError(`--rule ${override}: unknown rule${suggest(id, ids)}`)
    const severity = severities[level]
    if (!severity) throw new DocgapError(`--rule ${override}: invalid severity "${level}" (expected off, warn, error, 0, 1 or 2)`)
    const previous = settings.get(id)
    settings.set(id, {severity, raw: previous?.raw, key: previous?.key || `rules.${id}`})
  }

  const configured: ConfiguredRule[] = []
  for (const rule of available) {
    const setting = settings.get(rule.meta.id)
    if (!setting) continue
    // Options are checked even for rules turned off, so a typo never hides until later.
    let options: unknown = setting.raw
    if (rule.parseOptions) {
      try {
        options = rule.parseOptions(setting.raw)
      } catch (error) {
        if (!(error instanceof RuleOptionError)) throw error
        fail(setting.key + (error.option ? `.${error.option}` : ''), error.message)
      }
    } else if (setting.raw !== undefined) {
      fail(setting.key, 'this rule takes no options')
    }
    if (setting.severity !== 'off') configured.push({rule, severity: setting.severity, options})
  }

  const ignores = config.ignores ?? []
  if (!Array.isArray(ignores) || !ignores.every((item) => typeof item === 'string')) {
    fail('ignores', 'expected an array of glob patterns')
  }

  return {
    display,
    baseDir,
    rules: configured,
    variables: await loadVariables(config.variables, baseDir, fail),
    ignores: ignores as string[],
  }
}

async function loadVariables(
  value: unknown,
  baseDir: string,
  fail: (key: string, message: string) => never,
): Promise<Record<string, unknown>> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('variables', 'expected an object of namespaces (for example {"site": "./_config.yml"})')
  }
  const variables: Record<string, unknown> = {}
  for (const [namespace, source] of Object.entries(value as Record<string, unknown>)) {
    const key = `variables.${namespace}`
    if (typeof source === 'string') {
      const path = isAbsolute(source) ? source : resolve(baseDir, source)
      let text: string
      try {
        text = await readText(path, source)
      } catch (error) {
        fail(key, (error as Error).message)
      }
      let data: unknown
      try {
        data = await parseData(text!, path, source)
      } catch (error) {
        fail(key, (error as Error).message)
      }
      if (data === null || data === undefined) data = {}
      if (typeof data !== 'object' || Array.isArray(data)) fail(key, `${source}: expected a mapping at the top level`)
      variables[namespace] = data
    } else if (typeof source === 'object' && source !== null && !Array.isArray(source)) {
      variables[namespace] = source
    } else {
      fail(key, 'expected a path to a YAML or JSON file, or an object of values')
    }
  }
  return variables
}

function suggest(name: string, candidates: string[]): string {
  if (candidates.length === 0) return ` \`${name}\``
  const nearest = closest(name, candidates)
  return distance(name, nearest) <= Math.max(2, Math.floor(name.length / 3))
    ? ` \`${name}\` (did you mean \`${nearest}\`?)`
    : ` \`${name}\``
}
