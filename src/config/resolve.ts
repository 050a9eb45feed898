/**
 * Validates a raw configuration and turns it into what the engine takes: the configured rules,
 * the template variables and the ignore patterns, per file. Every error names the file and the key.
 *
 * A configuration flattens, as ESLint's eslintrc did, into an ordered list of layers: for each
 * file, its `extends` (each flattened the same way), then its own `rules` and `variables`, then
 * one layer per `overrides` entry, which applies only to the files its globs match. A file's
 * configuration is every layer that applies to it, in order, later ones winning, then `--rule`.
 */
import {existsSync, realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, join, relative, resolve, sep} from 'node:path'
import ignore from 'ignore'
import {DocgapError} from '../errors.js'
import {defaultExtensions} from '../files.js'
import {repositoryRoot} from '../repository.js'
import type {ConfiguredRule, Severity} from '../lint.js'
import {RuleOptionError, type Rule, type VariableSource} from '../rule.js'
import type {LoadedPlugin} from '../plugins/load.js'
import {isPathSpecifier} from '../plugins/specifier.js'
import {levenshtein} from '../lazy.js'
import {generatorNames} from '../generators/index.js'
import type {TemplateSetting} from '../templates.js'
import {readConfig, type RawConfig} from './find.js'
import {builtinPreset, builtinPresetNames} from './presets.js'
import {parseData, readText} from './read-data.js'

/** The `generator` key: `auto` detects the site generator per file from its own config file, else a generator's name. */
export type GeneratorSetting = string

export interface ResolvedConfig {
  /** Shown in messages: the config file, relative to the working directory. */
  display: string
  /** Folder that relative paths in the configuration start from. */
  baseDir: string
  /** The config file's folder; undefined when no config file was found. */
  configFolder?: string
  /** The rules of a file that no override matches. */
  rules: ConfiguredRule[]
  /** The variables of a file that no override matches. */
  variables: Record<string, unknown>
  ignores: string[]
  /** File extensions (lower case, no dot) that folder walks, globs and `--changed`/`--staged` read (`extensions`). */
  extensions: string[]
  /** The site generator the pages are written for (`generator`; an extending file's wins): `auto` when not set. */
  generator: GeneratorSetting
  /** The `templates` key (an extending file's wins): globs of template files; undefined to find them by name. */
  templates?: TemplateSetting
  /** Every rule the configuration may name, built-in and plugin ones, off or on. */
  available: Rule<any>[]
  /** Their ids: what inline directives may name. */
  knownRules: string[]
  plugins: LoadedPlugin[]
  /** Every preset and file extended, in the order applied. */
  extends: string[]
  /** Every override, in the order applied: where it is and its globs. */
  overrides: Array<{from: string; files: string[]}>
  /** Everything besides a page that decides its findings, as plain data: for the cache key. */
  fingerprint: unknown
  /** The configuration of the file at this absolute path. The same object for files the same overrides match. */
  forFile(path: string): FileConfig
}

export interface FileConfig {
  rules: ConfiguredRule[]
  variables: Record<string, unknown>
  /** Where each namespace of `variables` came from, the one that wins last. */
  variableSources: Record<string, VariableSource[]>
  /** Every rule's severity and, when the configuration gave them, its options as given. */
  settings: Map<string, {severity: Severity | 'off'; options?: unknown}>
  /** Indexes into `ResolvedConfig.overrides` of the overrides that apply. */
  overrides: number[]
}

// The keys each object may have; schema/docgap.schema.json and ConfigObject (plugins/define.ts) list the same.
export const configKeys = [
  '$schema',
  'extends',
  'plugins',
  'generator',
  'templates',
  'rules',
  'variables',
  'ignores',
  'extensions',
  'overrides',
  'allowOutsideVariables',
]
export const presetKeys = ['extends', 'rules', 'variables', 'ignores', 'extensions', 'overrides']
export const overrideKeys = ['files', 'rules', 'variables']
const severities: Record<string, Severity | 'off'> = {
  off: 'off',
  warn: 'warn',
  error: 'error',
  '0': 'off',
  '1': 'warn',
  '2': 'error',
}

export interface ResolveOptions {
  cwd: string
  /** `--rule id=severity` overrides, applied after the file. */
  ruleOverrides?: string[]
}

/** A rule's severity and options as one layer sets them. */
interface Setting {
  severity: Severity | 'off'
  /** Whether options came with the severity (`[severity, options]`); a bare severity keeps earlier options. */
  hasOptions: boolean
  raw: unknown
  parsed?: unknown
  /** Where it was set, for messages. */
  display: string
  key: string
}

interface Layer {
  /** Globs of an override; undefined for a layer that applies to every file. */
  files?: string[]
  matcher?: (path: string) => boolean
  /** The config file (or preset) that set it, and the key: for messages and --print-config. */
  display: string
  rules: Map<string, Setting>
  variables: Record<string, unknown>
  variableSources: Record<string, VariableSource>
}

/** Where a configuration object came from: a file, or a preset named in one. */
interface Origin {
  display: string
  /** Folder its relative paths (plugins, extends, variables files) start from. */
  dir: string
  /** The config file's absolute path, to catch an `extends` cycle. */
  path?: string
  preset?: boolean
}

interface Context {
  cwd: string
  builtins: Rule<any>[]
  plugins: Map<string, LoadedPlugin>
  ignores: string[]
  extended: string[]
  generator?: GeneratorSetting
  extensions?: string[]
  templates?: TemplateSetting
  /** Config files being flattened, outermost first. */
  chain: string[]
  /** The layers of each config file already flattened: a file reached again by another path is not read again. */
  flattened: Map<string, Layer[]>
  /** `allowOutsideVariables` in the config file docgap was given or found: variables files may be anywhere. */
  allowOutside: boolean
}

type Fail = (key: string, message: string) => never

function failIn(display: string): Fail {
  return (key, message) => {
    throw new DocgapError(`${display}: ${key ? `${key}: ` : ''}${message}`)
  }
}

export async function resolveConfig(
  raw: RawConfig,
  builtins: Rule<any>[],
  {cwd, ruleOverrides = []}: ResolveOptions,
): Promise<ResolvedConfig> {
  const {display} = raw
  const baseDir = raw.path ? dirname(raw.path) : cwd
  const context: Context = {
    cwd,
    builtins,
    plugins: new Map(),
    ignores: [],
    extended: [],
    chain: raw.path ? [raw.path] : [],
    flattened: new Map(),
    allowOutside: false,
  }
  const rootValue = raw.value as Record<string, unknown> | undefined
  context.allowOutside = typeof rootValue === 'object' && rootValue !== null && rootValue.allowOutsideVariables === true
  const layers = await flatten(raw.value ?? {}, {display, dir: baseDir, path: raw.path}, context)

  const plugins = [...new Set(context.plugins.values())]
  const available = [...builtins, ...plugins.flatMap((plugin) => plugin.rules)]
  const byId = new Map(available.map((rule) => [rule.meta.id, rule]))
  const ids = [...byId.keys()]

  // Every rule named and every option given is checked now, overrides included, before any page is read.
  for (const layer of layers) {
    const fail = failIn(layer.display)
    for (const [id, setting] of layer.rules) {
      const rule = byId.get(id)
      if (!rule) fail(setting.key, `unknown rule${suggest(id, ids)}${missingPlugin(id, context.plugins)}`)
      if (setting.hasOptions) setting.parsed = parseOptions(rule!, setting.raw, setting.key, fail)
    }
  }

  // The defaults first: each rule's own (recommended ones on), then the layers, then the command line.
  const defaults: Layer = {display, rules: new Map(), variables: {}, variableSources: {}}
  for (const rule of available) {
    if (rule.meta.recommended) {
      defaults.rules.set(rule.meta.id, {
        severity: rule.meta.severity ?? 'error',
        hasOptions: false,
        raw: undefined,
        display,
        key: `rules.${rule.meta.id}`,
      })
    }
  }
  const commandLine: Layer = {display: '--rule', rules: new Map(), variables: {}, variableSources: {}}
  for (const override of ruleOverrides) {
    const match = /^([^=]+)=(.*)$/.exec(override)
    if (!match)
      throw new DocgapError(`--rule ${override}: expected id=severity, for example --rule no-placeholders=warn`)
    const [, id, level] = match as unknown as [string, string, string]
    if (!byId.has(id))
      throw new DocgapError(`--rule ${override}: unknown rule${suggest(id, ids)}${missingPlugin(id, context.plugins)}`)
    const severity = severities[level]
    if (!severity)
      throw new DocgapError(`--rule ${override}: invalid severity "${level}" (expected off, warn, error, 0, 1 or 2)`)
    commandLine.rules.set(id, {severity, hasOptions: false, raw: undefined, display: '--rule', key: override})
  }
  const all = [defaults, ...layers, commandLine]
  const overrides = layers.filter((layer) => layer.files)

  // A rule turned on without options gets its defaults: worked out once per rule.
  const defaultOptions = new Map<string, unknown>()
  const optionsOf = (rule: Rule<any>, setting: Setting): unknown => {
    if (setting.hasOptions) return setting.parsed
    if (!defaultOptions.has(rule.meta.id)) {
      defaultOptions.set(
        rule.meta.id,
        parseOptions(rule, undefined, setting.key, failIn(setting.display === '--rule' ? display : setting.display)),
      )
    }
    return defaultOptions.get(rule.meta.id)
  }

  const combine = (matched: Set<Layer>, indexes: number[]): FileConfig => {
    const merged = new Map<string, Setting>()
    let variables: Record<string, unknown> = {}
    const variableSources: Record<string, VariableSource[]> = {}
    for (const layer of all) {
      if (layer.files && !matched.has(layer)) continue
      for (const [id, setting] of layer.rules) {
        const previous = merged.get(id)
        merged.set(
          id,
          setting.hasOptions || !previous?.hasOptions ? setting : {...previous, severity: setting.severity},
        )
      }
      for (const [namespace, source] of Object.entries(layer.variableSources)) {
        // Mappings merge key by key (both sources count); anything else replaces what was there.
        const merges = isPlainObject(variables[namespace]) && isPlainObject(layer.variables[namespace])
        variableSources[namespace] = merges ? [...(variableSources[namespace] ?? []), source] : [source]
      }
      variables = mergeVariables(variables, layer.variables)
    }
    const rules: ConfiguredRule[] = []
    const settings: FileConfig['settings'] = new Map()
    for (const rule of available) {
      const setting = merged.get(rule.meta.id)
      settings.set(
        rule.meta.id,
        setting?.hasOptions
          ? {severity: setting.severity, options: setting.raw}
          : {severity: setting?.severity ?? 'off'},
      )
      if (!setting || setting.severity === 'off') continue
      rules.push({rule, severity: setting.severity, options: optionsOf(rule, setting)})
    }
    return {rules, variables, variableSources, settings, overrides: indexes}
  }

  const base = combine(new Set(), [])
  const byOverrides = new Map<string, FileConfig>([['', base]])
  // Globs are relative to the config file's folder; for a config file kept outside the docs
  // tree, to the working directory, as `ignores` are.
  const escapes = (path: string) => path.startsWith('..') || isAbsolute(path)
  const forFile = (path: string): FileConfig => {
    if (overrides.length === 0) return base
    let rel = relative(baseDir, path)
    if (escapes(rel) && escapes(relative(baseDir, cwd))) rel = relative(cwd, path)
    if (!rel || escapes(rel)) return base
    const posix = sep === '/' ? rel : rel.split(sep).join('/')
    const indexes = overrides.flatMap((layer, index) => (layer.matcher!(posix) ? [index] : []))
    const key = indexes.join(',')
    let config = byOverrides.get(key)
    if (!config) {
      config = combine(new Set(indexes.map((index) => overrides[index]!)), indexes)
      byOverrides.set(key, config)
    }
    return config
  }

  return {
    display,
    baseDir,
    configFolder: raw.path ? dirname(raw.path) : undefined,
    rules: base.rules,
    variables: base.variables,
    ignores: context.ignores,
    extensions: context.extensions ?? defaultExtensions,
    generator: context.generator ?? 'auto',
    templates: context.templates,
    available,
    knownRules: ids,
    plugins,
    extends: context.extended,
    overrides: overrides.map((layer) => ({from: layer.display, files: layer.files!})),
    fingerprint: {
      plugins: plugins.map((plugin) => [plugin.name, plugin.specifier, plugin.fingerprint]),
      generator: context.generator ?? 'auto',
      extensions: context.extensions ?? defaultExtensions,
      templates: context.templates ? [context.templates.baseDir, context.templates.patterns] : null,
      layers: all.map((layer) => [
        layer.files ?? null,
        [...layer.rules].map(([id, setting]) => [id, setting.severity, setting.hasOptions ? setting.raw : null]),
        layer.variables,
      ]),
    },
    forFile,
  }
}

/** One configuration object (a file's or a preset's) as its layers, its `extends` first. */
async function flatten(value: unknown, origin: Origin, context: Context): Promise<Layer[]> {
  const fail = failIn(origin.display)
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('', 'expected an object at the top level')
  const config = value as Record<string, unknown>
  const known = origin.preset ? presetKeys : configKeys
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      const hint =
        origin.preset && key === 'plugins' ? ' (a preset cannot load plugins: list them in the config file)' : ''
      fail(
        key,
        `unknown key${suggest(key, known)}${hint} (known: ${known.filter((name) => name !== '$schema').join(', ')})`,
      )
    }
  }

  // Plugins first: the presets `extends` names and the rules `rules` names may come from them.
  if (config.plugins !== undefined) {
    if (!Array.isArray(config.plugins)) fail('plugins', 'expected an array of paths and package names')
    // Loaded only when a configuration lists plugins: most runs have none.
    const {loadPlugin, PluginError} = await import('../plugins/load.js')
    for (const entry of config.plugins as unknown[]) {
      let plugin: LoadedPlugin
      try {
        plugin = await loadPlugin(entry, origin.dir)
      } catch (error) {
        if (error instanceof PluginError) fail('plugins', error.message)
        throw error
      }
      const same = context.plugins.get(plugin!.name)
      // The same module listed again (by a config file and one it extends) is one plugin.
      if (same && (same.path !== plugin!.path || !same.path)) {
        fail('plugins', `\`${plugin!.specifier}\`: another plugin is named \`${plugin!.name}\` (\`${same.specifier}\`)`)
      }
      context.plugins.set(plugin!.name, same ?? plugin!)
    }
  }

  if (config.allowOutsideVariables !== undefined && typeof config.allowOutsideVariables !== 'boolean') {
    fail('allowOutsideVariables', 'expected true or false')
  }
  // The config file docgap was given allows it for every file it extends; another file only for itself.
  const variablesScope: VariablesScope = {
    dir: origin.dir,
    cwd: context.cwd,
    anywhere: context.allowOutside || config.allowOutsideVariables === true,
  }

  const layers: Layer[] = []
  const extendsList =
    config.extends === undefined ? [] : typeof config.extends === 'string' ? [config.extends] : config.extends
  if (!Array.isArray(extendsList) || !extendsList.every((entry) => typeof entry === 'string')) {
    fail('extends', 'expected a preset name or config file path, or an array of them')
  }
  for (const entry of extendsList as string[]) layers.push(...(await extend(entry, origin, context)))

  // After `extends`: a file's own `generator` wins over the files it extends.
  if (config.generator !== undefined) {
    const generatorSettings = ['auto', ...generatorNames()]
    if (typeof config.generator !== 'string' || !generatorSettings.includes(config.generator)) {
      const hint = typeof config.generator === 'string' ? suggest(config.generator, [...generatorSettings]) : ''
      fail(
        'generator',
        `invalid value${hint || ` ${JSON.stringify(config.generator)}`} (expected ${generatorSettings.join(', ')})`,
      )
    }
    context.generator = config.generator as string
  }

  if (config.templates !== undefined) {
    const list = typeof config.templates === 'string' ? [config.templates] : config.templates
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item.trim() !== '')) {
      fail(
        'templates',
        'expected an array of paths or globs of template files, relative to the config file, such as ["docs/templates/*.md"]',
      )
    }
    context.templates = {
      patterns: (list as string[]).map((pattern) => pattern.replace(/^\.\//, '')),
      baseDir: origin.dir,
      display: origin.display,
    }
  }

  layers.push({
    display: origin.display,
    rules: ruleSettings(config.rules, 'rules', origin.display, fail),
    ...(await loadVariables(config.variables, 'variables', variablesScope, origin.display, fail)),
  })

  const ignores = config.ignores ?? []
  if (!Array.isArray(ignores) || !ignores.every((item) => typeof item === 'string')) {
    fail('ignores', 'expected an array of glob patterns')
  }
  context.ignores.push(...(ignores as string[]))

  // Like `generator`, a file's own list replaces the one it extends.
  if (config.extensions !== undefined) {
    const list = config.extensions
    const valid = /^\.?[A-Za-z0-9][\w-]*$/
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((item) => typeof item === 'string' && valid.test(item))
    ) {
      fail('extensions', 'expected a non-empty array of file extensions, for example ["md", "mdx"]')
    }
    context.extensions = (list as string[]).map((item) => item.replace(/^\./, '').toLowerCase())
  }

  const overrides = config.overrides ?? []
  if (!Array.isArray(overrides)) fail('overrides', 'expected an array of {files, rules, variables}')
  for (const [index, override] of (overrides as unknown[]).entries()) {
    const key = `overrides[${index}]`
    if (typeof override !== 'object' || override === null || Array.isArray(override))
      fail(key, 'expected an object {files, rules, variables}')
    const entry = override as Record<string, unknown>
    for (const name of Object.keys(entry)) {
      if (!overrideKeys.includes(name))
        fail(`${key}.${name}`, `unknown key${suggest(name, overrideKeys)} (known: ${overrideKeys.join(', ')})`)
    }
    const files = entry.files
    if (
      !Array.isArray(files) ||
      files.length === 0 ||
      !files.every((item) => typeof item === 'string' && item.trim() !== '')
    ) {
      fail(
        `${key}.files`,
        'expected a non-empty array of glob patterns, relative to the config file, such as ["api/**"]',
      )
    }
    layers.push({
      files: files as string[],
      matcher: filesMatcher(files as string[]),
      display: `${origin.display}: ${key}`,
      rules: ruleSettings(entry.rules, 'rules', `${origin.display}: ${key}`, failIn(`${origin.display}: ${key}`)),
      ...(await loadVariables(entry.variables, `${key}.variables`, variablesScope, origin.display, fail)),
    })
  }
  return keepLast(layers)
}

/**
 * Each layer once, where it last appears: applying a file's layers again later (as a diamond of
 * `extends` does) gives the same settings as applying them only there, and the list stays as
 * long as the number of files instead of doubling with each level.
 */
function keepLast(layers: Layer[]): Layer[] {
  const seen = new Set<Layer>()
  const kept: Layer[] = []
  for (let index = layers.length - 1; index >= 0; index--) {
    if (seen.has(layers[index]!)) continue
    seen.add(layers[index]!)
    kept.push(layers[index]!)
  }
  return kept.reverse()
}

async function extend(entry: string, origin: Origin, context: Context): Promise<Layer[]> {
  const fail = failIn(origin.display)
  const key = 'extends'
  if (entry.startsWith('docgap:')) {
    const preset = builtinPreset(entry, context.builtins)
    if (!preset)
      fail(key, `unknown preset${suggest(entry, builtinPresetNames)} (built in: ${builtinPresetNames.join(', ')})`)
    context.extended.push(entry)
    return flatten(preset, {display: `${origin.display}: extends ${entry}`, dir: origin.dir, preset: true}, context)
  }
  if (isPathSpecifier(entry)) {
    const path = resolve(origin.dir, entry)
    if (!existsSync(path) || !statSync(path).isFile()) fail(key, `cannot find \`${entry}\`: no such file`)
    if (context.chain.includes(path))
      fail(
        key,
        `\`${entry}\` extends itself (${[...context.chain, path].map((file) => relative(context.cwd, file)).join(' → ')})`,
      )
    // A file extended by several others (a diamond) is read and flattened once; resolving it on
    // every path took time exponential in the depth (16 levels: 18 s; 18: a stack overflow).
    const done = context.flattened.get(path)
    if (done) return done
    const display = relative(context.cwd, path) || entry
    const raw = await readConfig(path, display)
    context.extended.push(display)
    context.chain.push(path)
    const layers = await flatten(raw.value ?? {}, {display: raw.display, dir: dirname(path), path}, context)
    context.chain.pop()
    context.flattened.set(path, layers)
    return layers
  }
  const slash = entry.lastIndexOf('/')
  if (slash <= 0) {
    fail(
      key,
      `\`${entry}\`: expected docgap:recommended, docgap:strict, a plugin's preset (plugin/preset) or a config file path starting with ./ or ../`,
    )
  }
  const [pluginName, presetName] = [entry.slice(0, slash), entry.slice(slash + 1)]
  const plugin = context.plugins.get(pluginName)
  if (!plugin) fail(key, `\`${entry}\`: no plugin named \`${pluginName}\` is loaded (list it in plugins)`)
  const preset = plugin!.presets[presetName]
  if (!preset) {
    const names = Object.keys(plugin!.presets)
    fail(
      key,
      `\`${entry}\`: plugin \`${pluginName}\` has no preset \`${presetName}\` (it has: ${names.join(', ') || 'none'})`,
    )
  }
  context.extended.push(entry)
  return flatten(preset, {display: `${origin.display}: extends ${entry}`, dir: origin.dir, preset: true}, context)
}

/**
 * An override's `files`, in .gitignore syntax as `ignores` are: a path matches when a pattern
 * matches it and no `!pattern` does. Unlike in a .gitignore, `["api/**", "!api/legacy/**"]`
 * leaves out api/legacy (git cannot re-include a file whose folder is excluded; a list of files
 * has no such reason).
 */
function filesMatcher(files: string[]): (path: string) => boolean {
  // `./api/**` reads as `api/**`: .gitignore syntax has no `./`.
  const patterns = files.map((pattern) => pattern.replace(/^(!?)\.\//, '$1'))
  const included = ignore().add(patterns.filter((pattern) => !pattern.startsWith('!')))
  const excluded = ignore().add(
    patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)),
  )
  return (path) => included.ignores(path) && !excluded.ignores(path)
}

/** A `rules` object as settings; rule ids and options are checked once every plugin is loaded. */
function ruleSettings(value: unknown, prefix: string, display: string, fail: Fail): Map<string, Setting> {
  const settings = new Map<string, Setting>()
  if (value === undefined) return settings
  if (typeof value !== 'object' || Array.isArray(value) || value === null)
    fail(prefix, 'expected an object of rule ids')
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    const key = `${prefix}.${id}`
    if (Array.isArray(entry) && (entry.length === 0 || entry.length > 2))
      fail(key, 'expected [severity] or [severity, options]')
    const [level, options] = Array.isArray(entry) ? [entry[0], entry[1]] : [entry, undefined]
    const severity = severities[String(level)]
    if (severity === undefined || (typeof level !== 'string' && typeof level !== 'number')) {
      fail(key, `invalid severity ${JSON.stringify(level)} (expected "off", "warn", "error", 0, 1 or 2)`)
    }
    const hasOptions = Array.isArray(entry) && entry.length === 2
    settings.set(id, {severity: severity!, hasOptions, raw: options, display, key})
  }
  return settings
}

function parseOptions(rule: Rule<any>, raw: unknown, key: string, fail: Fail): unknown {
  if (!rule.parseOptions) {
    if (raw !== undefined) fail(key, 'this rule takes no options')
    return raw
  }
  try {
    return rule.parseOptions(raw)
  } catch (error) {
    // By name, not `instanceof`: a plugin may import RuleOptionError from another copy of docgap.
    const option =
      error instanceof RuleOptionError || (error as Error)?.name === 'RuleOptionError'
        ? (error as RuleOptionError).option
        : undefined
    const message = String((error as Error)?.message ?? error).split('\n')[0]!
    if (typeof option !== 'string') fail(key, `invalid options: ${message}`)
    fail(key + (option ? `.${option}` : ''), message)
  }
}

/** Objects merge key by key (an override can change one value of `site`); anything else is replaced. */
function mergeVariables(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {...base}
  for (const [key, value] of Object.entries(extra)) {
    const previous = result[key]
    result[key] = isPlainObject(previous) && isPlainObject(value) ? mergeVariables(previous, value) : value
  }
  return result
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** Where a config file's variables files may be: its folder's repository (or the folder), unless allowed anywhere. */
interface VariablesScope {
  dir: string
  cwd: string
  anywhere: boolean
}

/**
 * Refuses a variables file outside the repository that holds the config file (or outside the
 * config file's folder when there is no repository) and outside the working directory's, links
 * resolved: a shared config must not read `/etc/shadow` or `../secret/creds.yml` and show its
 * values in findings.
 */
function checkVariablesPath(path: string, source: string, scope: VariablesScope, key: string, fail: Fail): void {
  if (scope.anywhere) return
  const real = (file: string) => {
    try {
      return realpathSync(file)
    } catch {
      return resolve(file)
    }
  }
  const root = real(repositoryRoot(scope.dir))
  const target = real(path)
  const inside = (folder: string) => {
    const rel = relative(folder, target)
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
  }
  if (!inside(root) && !inside(real(repositoryRoot(scope.cwd)))) {
    const where = existsSync(join(root, '.git')) ? 'the repository' : "the config file's folder"
    fail(
      key,
      `\`${source}\` is outside ${where}; set "allowOutsideVariables": true in the config file to read variables from it`,
    )
  }
}

async function loadVariables(
  value: unknown,
  prefix: string,
  scope: VariablesScope,
  display: string,
  fail: Fail,
): Promise<{variables: Record<string, unknown>; variableSources: Record<string, VariableSource>}> {
  const baseDir = scope.dir
  const variableSources: Record<string, VariableSource> = {}
  if (value === undefined) return {variables: {}, variableSources}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(prefix, 'expected an object of namespaces (for example {"site": "./_config.yml"})')
  }
  const variables: Record<string, unknown> = {}
  for (const [namespace, source] of Object.entries(value as Record<string, unknown>)) {
    const key = `${prefix}.${namespace}`
    if (typeof source === 'string') {
      const path = isAbsolute(source) ? source : resolve(baseDir, source)
      checkVariablesPath(path, source, scope, key, fail)
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
      variableSources[namespace] = {from: 'configuration', file: source}
    } else if (typeof source === 'object' && source !== null && !Array.isArray(source)) {
      variables[namespace] = source
      variableSources[namespace] = {from: 'configuration', file: display}
    } else {
      fail(key, 'expected a path to a YAML or JSON file, or an object of values')
    }
  }
  return {variables, variableSources}
}

/** For an unknown `plugin/rule`: say when the plugin itself is what is missing. */
function missingPlugin(id: string, plugins: Map<string, LoadedPlugin>): string {
  const slash = id.lastIndexOf('/')
  if (slash <= 0) return ''
  const namespace = id.slice(0, slash)
  if (namespace === 'remark-lint') {
    return plugins.has(id) ? '' : ` (list the package remark-lint-${id.slice(slash + 1)} in plugins)`
  }
  return plugins.has(namespace) ? '' : ` (no plugin named \`${namespace}\` is loaded: list it in plugins)`
}

function suggest(name: string, candidates: string[]): string {
  if (candidates.length === 0) return ` \`${name}\``
  const {closest, distance} = levenshtein()
  const nearest = closest(name, candidates)
  return distance(name, nearest) <= Math.max(2, Math.floor(name.length / 3))
    ? ` \`${name}\` (did you mean \`${nearest}\`?)`
    : ` \`${name}\``
}
