/** The package entry point: the rule API, the engine and the built-in rules, for programs and plugins. */
export {
  booleanOption,
  checkKeys,
  containsLink,
  docsUrl,
  optionObject,
  regexList,
  report,
  RuleOptionError,
  sections,
  stringList,
  textSpanPosition,
  type Rule,
  type RuleMeta,
  type Section,
  type Template,
  type TemplateSpan,
} from './rule.js'
export {lintFile, type ConfiguredRule, type LintSettings, type Severity} from './lint.js'
export {createParser, type Parse} from './parse.js'
export {run, type RunOptions, type RunResult} from './run.js'
export {DocgapError} from './errors.js'
export {builtinRules} from '../rules/index.js'
