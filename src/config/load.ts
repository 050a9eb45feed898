/** The configuration a run uses: found from the working folder (or `--config`), resolved with the built-in rules. */
import {builtinRules} from '../../rules/index.js'
import {findConfig} from './find.js'
import {resolveConfig, type ResolvedConfig} from './resolve.js'

export async function loadConfig(cwd: string, configPath?: string, ruleOverrides?: string[]): Promise<ResolvedConfig> {
  return resolveConfig(await findConfig(cwd, configPath), builtinRules, {cwd, ruleOverrides})
}
