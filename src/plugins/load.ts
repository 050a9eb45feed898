/**
 * Loads the plugins a configuration lists: a path relative to the configuration file, a package
 * name resolved from the configuration file's folder, or (in a JavaScript configuration) a plugin
 * object. A docgap plugin's rules become `name/id`; a remark-lint rule package becomes the rule
 * `remark-lint/<rule>`. Every failure is one line naming the plugin.
 */
import {createHash} from 'node:crypto'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import type {Rule, RuleMeta} from '../rule.js'
import {remarkLintRuleName, wrapRemarkLintRule} from './remark-lint.js'
import {isPathSpecifier} from './specifier.js'

export interface LoadedPlugin {
  name: string
  /** As the configuration gives it. */
  specifier: string
  /** The module's file; undefined for a plugin object from a JavaScript configuration. */
  path?: string
  kind: 'docgap' | 'remark-lint'
  /** With namespaced ids. */
  rules: Rule<any>[]
  presets: Record<string, unknown>
  /** Changes when the plugin does (package version, or the file's content): part of the cache key. */
  fingerprint: string
}

/** A plugin that cannot be found, loaded or used; the message names it, the caller adds the config file. */
export class PluginError extends Error {}

const reservedNames = new Set(['docgap', 'remark-lint'])
const namePattern = /^[a-z0-9][a-z0-9._-]*$/i

export async function loadPlugin(entry: unknown, fromDir: string): Promise<LoadedPlugin> {
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const plugin = checkPlugin(entry, 'a plugin object')
    return {...plugin, specifier: plugin.name, kind: 'docgap', fingerprint: 'inline'}
  }
  if (typeof entry !== 'string' || entry.trim() === '') {
    throw new PluginError(
      'expected a path (./rules.mjs), a package name, or a plugin object in a JavaScript configuration',
    )
  }
  const specifier = entry
  const isPath = isPathSpecifier(specifier)
  const path = isPath ? resolvePath(specifier, fromDir) : resolvePackage(specifier, fromDir)
  let module: {default?: unknown}
  try {
    module = (await import(pathToFileURL(path).href)) as {default?: unknown}
  } catch (error) {
    throw new PluginError(`cannot load \`${specifier}\`: ${firstLine(error)}`)
  }
  const exported = module.default
  const pkg = isPath ? undefined : packageInfo(path, packageName(specifier))
  const ruleName = isPath ? undefined : remarkLintRuleName(packageName(specifier))
  if (ruleName) {
    if (typeof exported !== 'function') {
      throw new PluginError(
        `\`${specifier}\`: expected a remark-lint rule (a unified plugin made with unified-lint-rule) as the default export, got ${describe(exported)}`,
      )
    }
    const url = pkg?.url ?? `https://www.npmjs.com/package/${packageName(specifier)}`
    const rule = wrapRemarkLintRule(exported as (config: unknown) => unknown, {
      name: packageName(specifier),
      description: pkg?.description,
      url,
    })
    return {
      name: `remark-lint/${ruleName}`,
      specifier,
      path,
      kind: 'remark-lint',
      rules: [rule],
      presets: {},
      fingerprint: pkg?.version ?? hashFile(path),
    }
  }
  const fallbackUrl = pkg?.url ?? pathToFileURL(path).href
  const plugin = checkPlugin(exported, `\`${specifier}\``, fallbackUrl)
  return {
    ...plugin,
    specifier,
    path,
    kind: 'docgap',
    fingerprint: pkg?.version ? `${pkg.version}:${hashFile(path)}` : hashFile(path),
  }
}

function resolvePath(specifier: string, fromDir: string): string {
  const path = specifier.startsWith('file:') ? fileURLToPath(specifier) : resolve(fromDir, specifier)
  if (!existsSync(path) || !statSync(path).isFile()) throw new PluginError(`cannot find \`${specifier}\`: no such file`)
  return path
}

/** Node's resolution from the configuration's folder; packages whose `exports` offer only `import` are looked up by hand. */
function resolvePackage(specifier: string, fromDir: string): string {
  if (!/^(@[^/\s]+\/)?[^/\s@.][^/\s]*(\/[^\s]+)?$/.test(specifier)) {
    throw new PluginError(`\`${specifier}\`: expected a package name, or a path starting with ./ or ../`)
  }
  try {
    return createRequire(join(fromDir, 'docgap.config.cjs')).resolve(specifier)
  } catch (error) {
    const found = resolveImportOnly(specifier, fromDir)
    if (found) return found
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'MODULE_NOT_FOUND')
      throw new PluginError(`cannot find package \`${specifier}\` (is it installed beside the config file?)`)
    throw new PluginError(`cannot resolve \`${specifier}\`: ${firstLine(error)}`)
  }
}

function resolveImportOnly(specifier: string, fromDir: string): string | undefined {
  const name = packageName(specifier)
  const subpath = `.${specifier.slice(name.length)}`
  for (let folder = resolve(fromDir); ; folder = dirname(folder)) {
    const root = join(folder, 'node_modules', name)
    const manifestPath = join(root, 'package.json')
    if (existsSync(manifestPath)) {
      const manifest = readManifest(manifestPath)
      let target: string | undefined
      if (manifest?.exports !== undefined) {
        const exports = manifest.exports
        const entries =
          typeof exports === 'object' &&
          exports !== null &&
          !Array.isArray(exports) &&
          Object.keys(exports).some((key) => key.startsWith('.'))
            ? (exports as Record<string, unknown>)[subpath]
            : subpath === '.'
              ? exports
              : undefined
        target = exportTarget(entries)
      } else {
        target = subpath === '.' ? (typeof manifest?.main === 'string' ? manifest.main : 'index.js') : subpath
      }
      const path = target ? resolve(root, target) : undefined
      return path && existsSync(path) ? path : undefined
    }
    if (dirname(folder) === folder) return undefined
  }
}

// The conditions `import()` would use.
function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(exportTarget).find(Boolean)
  if (typeof value !== 'object' || value === null) return undefined
  for (const [condition, target] of Object.entries(value)) {
    if (condition === 'import' || condition === 'node' || condition === 'default') {
      const found = exportTarget(target)
      if (found) return found
    }
  }
  return undefined
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

interface Manifest {
  name?: unknown
  version?: unknown
  description?: unknown
  homepage?: unknown
  repository?: unknown
  main?: unknown
  exports?: unknown
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** The package.json of the package that holds `path`. */
function packageInfo(path: string, name: string): {version?: string; description?: string; url?: string} | undefined {
  for (let folder = dirname(path); dirname(folder) !== folder; folder = dirname(folder)) {
    const manifest = existsSync(join(folder, 'package.json')) ? readManifest(join(folder, 'package.json')) : undefined
    if (!manifest || manifest.name !== name) continue
    return {
      version: typeof manifest.version === 'string' ? manifest.version : undefined,
      description: typeof manifest.description === 'string' ? manifest.description : undefined,
      url: webAddress(manifest.homepage) ?? webAddress(manifest.repository),
    }
  }
  return undefined
}

/** A manifest's `homepage` or `repository` as a web address, when it is one. */
function webAddress(value: unknown): string | undefined {
  const text = typeof value === 'object' && value !== null && 'url' in value ? (value as {url: unknown}).url : value
  if (typeof text !== 'string') return undefined
  const address = text.replace(/^git\+/, '').replace(/\.git$/, '')
  return /^https?:\/\//.test(address) ? address : undefined
}

function checkPlugin(
  value: unknown,
  what: string,
  fallbackUrl?: string,
): Pick<LoadedPlugin, 'name' | 'rules' | 'presets'> {
  const shape = 'a default export {name, rules, presets?}'
  if (typeof value === 'function') {
    throw new PluginError(
      `${what}: expected ${shape}, got a function (remark-lint rules are listed by their package name, remark-lint-…)`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PluginError(`${what}: expected ${shape}, got ${describe(value)}`)
  const {name, rules = {}, presets = {}} = value as Record<string, unknown>
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new PluginError(`${what}: name: expected letters, digits, ".", "_" or "-", got ${describe(name)}`)
  }
  if (reservedNames.has(name)) throw new PluginError(`${what}: name: \`${name}\` is reserved`)
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
    throw new PluginError(`${what}: rules: expected an object of rules by id, got ${describe(rules)}`)
  if (typeof presets !== 'object' || presets === null || Array.isArray(presets))
    throw new PluginError(`${what}: presets: expected an object of presets by name, got ${describe(presets)}`)
  for (const [preset, config] of Object.entries(presets)) {
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new PluginError(`${what}: presets.${preset}: expected a configuration object, got ${describe(config)}`)
  }
  const url = fallbackUrl ?? ''
  const wrapped = Object.entries(rules as Record<string, unknown>).map(([id, rule]) => {
    if (!namePattern.test(id))
      throw new PluginError(`${what}: rules.${id}: a rule id is letters, digits, ".", "_" or "-"`)
    return namespaced(checkRule(rule, `${what}: rules.${id}`), `${name}/${id}`, url)
  })
  return {name, rules: wrapped, presets: presets as Record<string, unknown>}
}

function checkRule(value: unknown, where: string): Rule<any> {
  const shape = 'a rule {meta: {description, recommended, url}, parseOptions?(raw), check(tree, file, options)}'
  if (typeof value !== 'object' || value === null)
    throw new PluginError(`${where}: expected ${shape}, got ${describe(value)}`)
  const rule = value as Record<string, unknown>
  const meta = rule.meta as Record<string, unknown> | undefined
  if (typeof meta !== 'object' || meta === null)
    throw new PluginError(`${where}: meta: expected an object {description, recommended, url}`)
  if (typeof rule.check !== 'function')
    throw new PluginError(`${where}: check: expected a function (tree, file, options)`)
  if (rule.parseOptions !== undefined && typeof rule.parseOptions !== 'function')
    throw new PluginError(`${where}: parseOptions: expected a function (raw) => options`)
  for (const key of ['description', 'url'] as const) {
    if (meta[key] !== undefined && typeof meta[key] !== 'string')
      throw new PluginError(`${where}: meta.${key}: expected a string`)
  }
  if (meta.recommended !== undefined && typeof meta.recommended !== 'boolean')
    throw new PluginError(`${where}: meta.recommended: expected true or false`)
  if (meta.severity !== undefined && meta.severity !== 'warn' && meta.severity !== 'error')
    throw new PluginError(`${where}: meta.severity: expected "warn" or "error"`)
  return value as Rule<any>
}

/** The rule under its namespaced id: its findings carry that id and, when they have none, its url. */
function namespaced(rule: Rule<any>, id: string, fallbackUrl: string): Rule<any> {
  const meta: RuleMeta = {
    ...rule.meta,
    id,
    description: rule.meta.description ?? '',
    recommended: rule.meta.recommended ?? false,
    url: rule.meta.url || fallbackUrl,
  }
  return {
    meta,
    parseOptions: rule.parseOptions ? (raw: unknown) => rule.parseOptions!(raw) : undefined,
    check(tree, file, options, context) {
      const first = file.messages.length
      try {
        // The context's `report` is already this namespaced rule's.
        rule.check(tree, file, options, context)
      } finally {
        for (let index = first; index < file.messages.length; index++) {
          const message = file.messages[index]!
          message.ruleId = id
          message.source ??= 'docgap'
          if (!message.url && meta.url) message.url = meta.url
        }
      }
    },
  }
}

function hashFile(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('base64url').slice(0, 16)
  } catch {
    return 'unreadable'
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value)
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!
}
