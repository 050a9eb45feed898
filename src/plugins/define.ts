/**
 * What a plugin author writes: a rule, a plugin (a name, its rules and presets) and a
 * configuration object. The helpers return what they are given; they exist for the types.
 */
import type {GeneratorSetting} from '../config/resolve.js'
import type {Rule} from '../rule.js'

/** `"off"`, `"warn"`, `"error"`, or 0, 1, 2. */
export type RuleSeverity = 'off' | 'warn' | 'error' | 0 | 1 | 2

/** A rule's entry under `rules`: a severity, or `[severity, options]`. */
export type RuleEntry = RuleSeverity | [RuleSeverity] | [RuleSeverity, unknown]

/** Template variables by namespace: a path to a YAML or JSON file, or the values inline. */
export type VariablesConfig = Record<string, string | Record<string, unknown>>

export interface OverrideConfig {
  /** Globs (`.gitignore` syntax) relative to the configuration file's folder. */
  files: string[]
  rules?: Record<string, RuleEntry>
  variables?: VariablesConfig
}

/**
 * A configuration file's contents, and a preset's (which has no `$schema`, `plugins` or
 * `generator`). schema/docgap.schema.json describes the same keys for JSON and YAML files.
 */
export interface ConfigObject {
  /** The JSON Schema, for editors: `./node_modules/docgap/schema/docgap.schema.json`. */
  $schema?: string
  /** `docgap:recommended`, `docgap:strict`, `plugin/preset`, or `./path/to/config.json`; later entries win. */
  extends?: string | string[]
  /** Paths relative to the configuration file, package names, or (in a JavaScript configuration) plugin objects. */
  plugins?: Array<string | Plugin>
  rules?: Record<string, RuleEntry>
  variables?: VariablesConfig
  ignores?: string[]
  /** File extensions that folder walks, globs, `--changed` and `--staged` read; default `["md", "markdown", "mdx"]`. */
  extensions?: string[]
  /** Paths or globs, relative to the configuration file, of the templates pages are written from (no-template-residue). */
  templates?: string | string[]
  /** The site generator that builds the pages; default `auto` (detected per page from the site's config file). */
  generator?: GeneratorSetting
  overrides?: OverrideConfig[]
  /** Read variables files outside the repository (refused by default). */
  allowOutsideVariables?: boolean
}

export type Preset = Omit<ConfigObject, 'plugins' | '$schema' | 'generator' | 'templates'>

/** A plugin module's default export. Its rules are configured as `name/id`, its presets extended as `name/preset`. */
export interface Plugin {
  /** Letters, digits, `.`, `_` and `-`; `docgap` and `remark-lint` are taken. */
  name: string
  rules?: Record<string, Rule<any>>
  presets?: Record<string, Preset>
}

/**
 * Types a rule: `parseOptions`' return type is the `options` that `check` gets. Returns the
 * rule unchanged; a plain object of the same shape works as well.
 */
export function defineRule<Options = undefined>(rule: Rule<Options>): Rule<Options> {
  return rule
}

/** Types a plugin; returns it unchanged. */
export function definePlugin<P extends Plugin>(plugin: P): P {
  return plugin
}

/** Types a `docgap.config.mjs` default export; returns it unchanged. */
export function defineConfig(config: ConfigObject): ConfigObject {
  return config
}
