/** `--print-config FILE`: the configuration one file is linted with, as JSON, for debugging a configuration. */
import {relative, sep} from 'node:path'
import type {ResolvedConfig} from './resolve.js'

export function describeConfig(config: ResolvedConfig, path: string, cwd: string): string {
  const file = config.forFile(path)
  const rules: Record<string, unknown> = {}
  for (const [id, setting] of file.settings) {
    rules[id] = 'options' in setting ? [setting.severity, setting.options] : setting.severity
  }
  const description = {
    file: relative(cwd, path).split(sep).join('/'),
    config: config.display,
    extends: config.extends,
    plugins: config.plugins.map((plugin) => ({
      name: plugin.name,
      from: plugin.specifier,
      rules: plugin.rules.map((rule) => rule.meta.id),
      presets: Object.keys(plugin.presets).map((preset) => `${plugin.name}/${preset}`),
    })),
    overrides: file.overrides.map((index) => config.overrides[index]),
    rules,
    // Namespaces only: a whole `_config.yml` would bury the rest.
    variables: Object.keys(file.variables).sort(),
    ignores: config.ignores,
    extensions: config.extensions,
  }
  return `${JSON.stringify(description, null, 2)}\n`
}
