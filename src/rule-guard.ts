/**
 * A rule is someone else's code running inside docgap: whatever it does, its failure becomes a
 * `rule-error` finding on the page it failed on, and every other finding is kept. A rule that
 * calls `process.exit` is stopped there; a rule that fails later (a promise it returned or left
 * behind, a timer) is found by the page and rule it was running for, which asynchronous work
 * inherits.
 */
import {AsyncLocalStorage} from 'node:async_hooks'

/** What a rule was doing: a late failure is reported through `fail`. */
export interface RuleScope {
  ruleId: string
  fail(reason: string): void
}

const scope = new AsyncLocalStorage<RuleScope>()

/** Thrown in place of exiting, when a rule calls `process.exit`. */
class ExitCalled extends Error {}

/** Runs a rule's check with `process.exit` turned into an exception, inside its scope. */
export function runRule<T>(current: RuleScope, check: () => T): T {
  const exit = process.exit
  process.exit = ((code?: number | string | null) => {
    throw new ExitCalled(`called process.exit(${code ?? ''})`)
  }) as typeof process.exit
  try {
    return scope.run(current, check)
  } finally {
    process.exit = exit
  }
}

/** The message of anything thrown, for a finding. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

let installed = false

/**
 * Catches what rules throw after they returned. Failures that no rule scope holds are docgap's
 * own, handed to `other`.
 */
export function catchLateRuleFailures(other: (error: unknown) => void): void {
  if (installed) return
  installed = true
  const late = (error: unknown) => {
    const current = scope.getStore()
    if (!current) return other(error)
    current.fail(`Rule \`${current.ruleId}\` failed on this file after it returned: ${describeFailure(error)}`)
  }
  process.on('uncaughtException', late)
  process.on('unhandledRejection', late)
}

/** One turn of the event loop: what rules left behind (a rejected promise, a 0 ms timer) fails now, onto its page. */
export function settleRules(): Promise<void> {
  return new Promise((resolveTurn) => setTimeout(resolveTurn, 0))
}
