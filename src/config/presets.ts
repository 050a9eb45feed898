/** The built-in presets, made from the built-in rules' metadata so that they never drift from it. */
import type {Rule} from '../rule.js'

export const builtinPresetNames = ['docgap:recommended', 'docgap:strict']

/** A configuration object for `docgap:recommended` or `docgap:strict`; undefined for another name. */
export function builtinPreset(name: string, builtins: Rule<any>[]): Record<string, unknown> | undefined {
  if (name === 'docgap:recommended') {
    // Today's defaults: the recommended rules at their severity, the others off.
    return {
      rules: Object.fromEntries(
        builtins.map(({meta}) => [meta.id, meta.recommended ? (meta.severity ?? 'error') : 'off']),
      ),
    }
  }
  if (name === 'docgap:strict') {
    // Every rule an error, and pages need at least a title.
    return {
      rules: Object.fromEntries(
        builtins.map(({meta}) => [
          meta.id,
          meta.id === 'require-frontmatter' ? ['error', {required: ['title']}] : 'error',
        ]),
      ),
    }
  }
  return undefined
}
