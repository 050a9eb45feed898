/**
 * Regular expressions from configuration run on RE2 (re2js, pure JavaScript), whose matching
 * time is linear in the text: no pattern, however written, can make docgap hang on a line of
 * text. JavaScript's own engine backtracks, and no checker recognises every pattern that makes
 * it take exponential time (`(a|a)*$`, `\d+\d+\d+\d+\d+y`).
 */
import {createRequire} from 'node:module'
import type {RE2JS as RE2JSClass} from 're2js'

const require = createRequire(import.meta.url)
let re2: typeof RE2JSClass | undefined

// Loaded on first use: most runs give no patterns.
function engine(): typeof RE2JSClass {
  return (re2 ??= (require('re2js') as typeof import('re2js')).RE2JS)
}

/**
 * A RegExp whose `exec` (and so `test`, `match`, `replace`, `matchAll`) runs on RE2. It keeps
 * `source`, `flags` and `lastIndex` as a RegExp does, so code that takes a RegExp takes it.
 * Throws a SyntaxError for what RE2 cannot run: lookahead and backreferences.
 */
export class LinearRegExp extends RegExp {
  readonly #compiled: RE2JSClass

  constructor(pattern: string | RegExp, flags?: string) {
    const source = typeof pattern === 'string' ? pattern : pattern.source
    const allFlags = flags ?? (typeof pattern === 'string' ? '' : pattern.flags)
    super(source, allFlags)
    const RE2JS = engine()
    let options = RE2JS.LOOKBEHINDS
    if (allFlags.includes('i')) options |= RE2JS.CASE_INSENSITIVE
    if (allFlags.includes('m')) options |= RE2JS.MULTILINE
    if (allFlags.includes('s')) options |= RE2JS.DOTALL
    try {
      this.#compiled = RE2JS.compile(source, options)
    } catch (error) {
      const reason = String((error as Error)?.message ?? error).replace(/^error parsing regexp: /, '')
      throw new SyntaxError(`${reason} (patterns run on RE2, a linear-time engine: no lookahead or backreferences)`, {
        cause: error,
      })
    }
  }

  static override get [Symbol.species](): RegExpConstructor {
    return LinearRegExp as unknown as RegExpConstructor
  }

  override exec(text: string): RegExpExecArray | null {
    const input = String(text)
    const stateful = this.global || this.sticky
    const from = stateful ? this.lastIndex : 0
    const fail = () => {
      if (stateful) this.lastIndex = 0
      return null
    }
    if (from > input.length) return fail()
    const matcher = this.#compiled.matcher(input)
    if (!matcher.find(from)) return fail()
    const start = matcher.start()
    if (this.sticky && start !== from) return fail()
    const groups: Array<string | undefined> = []
    for (let group = 0; group <= matcher.groupCount(); group++) groups.push(matcher.group(group) ?? undefined)
    const result = groups as unknown as RegExpExecArray
    result.index = start
    result.input = input
    if (stateful) this.lastIndex = matcher.end()
    return result
  }
}
