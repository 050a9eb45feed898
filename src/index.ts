/** The package entry point: the rule and plugin API, the engine and the built-in rules, for programs and plugins. */
// The rule API, all of it: built-in rules import nothing else from src/ (test/public-api.test.ts).
export * from './rule.js'
export {
  defineConfig,
  definePlugin,
  defineRule,
  type ConfigObject,
  type OverrideConfig,
  type Plugin,
  type Preset,
  type RuleEntry,
  type RuleSeverity,
  type VariablesConfig,
} from './plugins/define.js'
export {lintFile, type ConfiguredRule, type LintSettings, type Severity} from './lint.js'
export {createParser, type Parse} from './parse.js'
export {run, type RunOptions, type RunResult} from './run.js'
export {DocgapError} from './errors.js'
export {builtinRules} from '../rules/index.js'
