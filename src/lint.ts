/**
 * The engine: parse each file once, run every configured rule over that one tree, set each
 * finding's severity from the configuration, and sort. It takes the rules as an argument and
 * never imports rules/, so built-in, plugin and test rules are all treated alike.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {dropUnsafeFixes} from './fix.js'
import {applyInlineConfig} from './inline-config.js'
import {describeFailure, runRule} from './rule-guard.js'
import {parseProblem} from './source.js'
import {MdxParseError, type Parse} from './parse.js'
import {unknownGenerator, type GeneratorProfile} from './generators/index.js'
import {pageContext} from './rule-context.js'
import type {Anchors, DocumentIndex, Rule, VariableSource} from './rule.js'
import type {TemplateData} from './template-residue.js'

export type Severity = 'warn' | 'error'

export interface ConfiguredRule {
  rule: Rule<any>
  severity: Severity
  /** Options as returned by the rule's `parseOptions`. */
  options: unknown
}

export interface LintSettings {
  rules: ConfiguredRule[]
  parse: Parse
  /** Template variables by namespace, handed to rules in their context (and as `file.data.variables`). */
  variables?: Record<string, unknown>
  /** Where each namespace of `variables` came from. */
  variableSources?: Record<string, VariableSource[]>
  /**
   * The profile of the site generator that builds the page, handed to rules as
   * `file.data.profile`; default: the union profile of an unknown generator.
   */
  profile?: GeneratorProfile
  /** The templates the page may come from, handed to rules as `file.data.templates`. */
  templates?: TemplateData[]
  /** Other documents, handed to rules as `file.data.documents`. */
  documents?: DocumentIndex
  /** Every rule id an inline directive may name (rules that are off included); default: the configured ones. */
  knownRules?: string[]
  /** Report `docgap-disable` comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean
  /**
   * Where a rule's failure after it returned goes (a promise it left behind, a timer): by default
   * a `rule-error` finding added to the file, which only a caller still holding it sees.
   */
  onLateFailure?: (reason: string) => void
  /** Told the page's anchors when a rule first asks for them (the engine works them out once a page). */
  onAnchors?: (anchors: Anchors) => void
  /** Called after the rules ran and before inline directives apply (the fuzz tests compare the two). */
  afterRules?: (file: VFile, tree: Root) => void
}

export function lintFile(file: VFile, settings: LintSettings): VFile {
  file.data.variables = settings.variables ?? {}
  if (settings.documents) file.data.documents = settings.documents
  file.data.profile = settings.profile ?? unknownGenerator
  if (settings.templates) file.data.templates = settings.templates
  const unparseable = parseProblem(String(file.value))
  if (unparseable) {
    fileError(file, unparseable.reason, unparseable.line)
    return file
  }
  let tree
  try {
    tree = settings.parse(file)
  } catch (error) {
    if (error instanceof MdxParseError) {
      // One finding where MDX stopped; the run goes on with the next page.
      const place = error.line === undefined ? undefined : {line: error.line, column: error.column ?? 1}
      const message = file.message(`Cannot parse MDX: ${error.reason}`, {
        place,
        ruleId: 'parse-error',
        source: 'docgap',
      })
      message.fatal = true
      return file
    }
    // micromark does not throw on any input we know of; if it ever does, the file says so.
    const message = file.message(`Cannot parse file: ${(error as Error).message}`, {
      ruleId: 'parse-error',
      source: 'docgap',
    })
    message.fatal = true
    return file
  }
  const late = settings.onLateFailure ?? ((reason: string) => ruleError(file, reason))
  const contextFor = pageContext(tree, file, {
    variables: file.data.variables,
    variableSources: settings.variableSources ?? {},
    profile: file.data.profile,
    documents: settings.documents,
    onAnchors: settings.onAnchors,
  })
  for (const {rule, severity, options} of settings.rules) {
    const first = file.messages.length
    const id = rule.meta.id
    try {
      const returned: unknown = runRule({ruleId: id, fail: late}, () =>
        rule.check(tree, file, options, contextFor(rule)),
      )
      if (isThenable(returned)) {
        // Its findings would come after the page is reported: say so now, and drop what it settles to.
        returned.then(undefined, () => {})
        ruleError(file, `Rule \`${id}\` failed on this file: it returned a promise; a rule reports before it returns`)
      }
    } catch (error) {
      ruleError(file, `Rule \`${id}\` failed on this file: ${describeFailure(error)}`)
      continue
    }
    for (let index = first; index < file.messages.length; index++) {
      const message = file.messages[index]!
      if (message.ruleId === 'rule-error') continue
      message.ruleId ??= id
      message.source ??= 'docgap'
      message.fatal = severity === 'error'
      // A fix is taken only from a rule that declares it makes them.
      if (message.fix !== undefined && !rule.meta.fixable) delete message.fix
    }
  }
  dropUnsafeFixes(tree, file)
  settings.afterRules?.(file, tree)
  // Cheap test first: most pages have no directives, and then the tree need not be walked again.
  if (String(file.value).includes('docgap-')) {
    applyInlineConfig(tree, file, {
      knownRules: settings.knownRules ?? settings.rules.map(({rule}) => rule.meta.id),
      reportUnused: settings.reportUnusedDisableDirectives ?? false,
    })
  }
  file.messages.sort(compareMessages)
  return file
}

function ruleError(file: VFile, reason: string): void {
  const message = file.message(reason, {ruleId: 'rule-error', source: 'docgap'})
  message.fatal = true
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function'
}

/** A finding about the file itself (it cannot be read, decoded or parsed), not about its content. */
export function fileError(file: VFile, reason: string, line = 1, column = 1, fatal = true): void {
  const message = file.message(reason, {place: {line, column}, ruleId: 'file-error', source: 'docgap'})
  message.fatal = fatal
}

export function compareMessages(a: VFile['messages'][number], b: VFile['messages'][number]): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    String(a.ruleId).localeCompare(String(b.ruleId))
  )
}
