/**
 * A remark-lint rule package as a docgap rule. A remark-lint rule is a unified plugin made with
 * unified-lint-rule: called with `[severity, options]` it returns a transformer that reports on
 * `(tree, file)`. docgap runs that transformer on its own tree, keeps the severity to itself (it
 * passes the options only) and gives the messages the id `remark-lint/<rule>`, so that
 * suppressions, formatters and exit codes treat them as any other finding.
 */
import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {RuleOptionError, type Rule} from '../rule.js'

type Transformer = (tree: Root, file: VFile, next: (error?: unknown) => void) => unknown
type Attacher = (this: unknown, config: unknown) => unknown

/** What `parseOptions` hands to `check`: the options as given (for the cache key) and the transformer they made. */
interface Prepared {
  options: unknown
  transform: Transformer
}

export interface RemarkLintPackage {
  /** The package name, `remark-lint-no-duplicate-headings` or `@scope/remark-lint-…`. */
  name: string
  description?: string
  url: string
}

/** `remark-lint-no-duplicate-headings` → `no-duplicate-headings`; undefined for other packages. */
export function remarkLintRuleName(packageName: string): string | undefined {
  const match = /^(?:@[^/]+\/)?remark-lint-([^/]+)$/.exec(packageName)
  return match?.[1]
}

export function wrapRemarkLintRule(attacher: Attacher, pkg: RemarkLintPackage): Rule<Prepared> {
  const id = `remark-lint/${remarkLintRuleName(pkg.name)}`
  return {
    meta: {
      id,
      description: pkg.description ?? `The remark-lint rule ${pkg.name}.`,
      // Listing a remark-lint rule turns it on, as in remark; at remark-lint's default severity.
      recommended: true,
      severity: 'warn',
      url: pkg.url,
    },
    parseOptions(raw) {
      // Severity 1 ("on"): docgap sets the real one. A tuple, so options that are arrays stay options.
      let transform: unknown
      try {
        transform = attacher.call(unified(), [1, raw])
      } catch (error) {
        throw new RuleOptionError('', firstLine(error))
      }
      if (typeof transform !== 'function')
        throw new RuleOptionError('', `${pkg.name} made no transformer: is it a remark-lint rule?`)
      // remark-lint rules check their options when they run (with `file.fail`): a run on an
      // empty document finds a refused option before any page is read.
      const probe = new VFile({value: ''})
      const refusal = capture(probe, () => runSync(transform as Transformer, {type: 'root', children: []}, probe))
      if (refusal) throw new RuleOptionError('', refusal)
      return {options: raw, transform: transform as Transformer}
    },
    check(tree, file, prepared) {
      const first = file.messages.length
      const failure = capture(file, () => runSync(prepared.transform, tree, file))
      if (failure) {
        // A crash, not a finding: the engine reports it as a `rule-error` naming this rule.
        file.messages.splice(first)
        throw new Error(failure)
      }
      for (let index = first; index < file.messages.length; index++) {
        const message = file.messages[index]!
        message.ruleId = id
        message.source = 'docgap'
        message.url ??= pkg.url
        // "Defined here" notes point at the earlier node; they carry the rule's id too.
        const cause = message.cause as {ruleId?: unknown; source?: unknown} | undefined
        if (cause && typeof cause === 'object' && 'ruleId' in cause) {
          cause.ruleId = id
          cause.source = 'docgap'
        }
      }
    },
  }
}

function runSync(transform: Transformer, tree: Root, file: VFile): void {
  let done = false
  let failure: unknown
  transform(tree, file, (error) => {
    done = true
    failure = error
  })
  if (failure) throw failure
  if (!done) throw new Error('the rule is asynchronous, and docgap runs remark-lint rules synchronously')
}

/** Runs `action`; returns the reason of a `file.fail` call or an exception, undefined when neither happened. */
function capture(file: VFile, action: () => void): string | undefined {
  let reason: string | undefined
  const fail = file.fail
  file.fail = function (this: VFile, ...parameters: Parameters<VFile['fail']>) {
    reason ??= firstLine(parameters[0])
    return fail.apply(this, parameters)
  } as VFile['fail']
  try {
    action()
  } catch (error) {
    reason ??= firstLine(error)
  } finally {
    // The instance property goes; the prototype's method is back.
    delete (file as {fail?: unknown}).fail
  }
  return reason
}

function firstLine(value: unknown): string {
  const text =
    value instanceof Error
      ? value.message
      : typeof value === 'object' && value && 'reason' in value
        ? String(value.reason)
        : String(value)
  return text.split('\n')[0]!
}
