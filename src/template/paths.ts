/**
 * Variable paths in template expressions (Liquid, Jinja, Go templates): the variable an
 * expression outputs (`site.links[0]` in `{{ site.links[0] | upcase }}`), a macro it calls, and
 * whether a path is defined in a tree of values, as Liquid reads `size`, `first` and `last`.
 */

// One path segment: Liquid allows `-` and a trailing `?` in names (`site.data.kong-latest`).
const segment = /^[A-Za-z_][\w-]*\??/
const literal = /^(?:true|false|nil|null|none|empty|blank)$/i
// A bare word that is syntax, not a variable: Go template, Handlebars and Jinja keywords
// (`{{ range .Pages }}`, `{{ if and .a .b }}`, `{{ else }}`, `{{ this }}`).
const keyword = /^(?:end|else|this|break|continue|if|range|with|define|template|block|partial|not|and|or)$/
// What may follow the leading path of an expression that still outputs it: nothing, a filter,
// or a Jinja/Liquid operator (`{{ a ~ b }}`, `{{ x if y else z }}`, `{{ n + 1 }}`).
const after = /^(?:$|\||~|\+|-|\*|\/|%|==|!=|<|>|(?:if|and|or|in|is|not|contains)\b)/
export interface VariablePath {
  /** The path as written (`site.links[0]`). */
  text: string
  segments: string[]
  /** Segments joined by dots, a dynamic key as `?` (`site.data.?`), for allow patterns. */
  key: string
}

/** The variable an expression outputs, or undefined for literals, calls and other syntax. */
export function leadingPath(inner: string): VariablePath | undefined {
  const expression = inner.replace(/^&\s*/, '')
  const first = segment.exec(expression)
  if (!first || literal.test(first[0]) || keyword.test(first[0])) return undefined
  const segments = [first[0]]
  let rest = expression.slice(first[0].length)
  let dynamic = false
  for (;;) {
    // No white space around the dot: `{{ range .Pages }}` is a Go template keyword and an argument.
    const dot = /^\.([A-Za-z_][\w-]*\??|\d+)/.exec(rest)
    const bracket = /^\[\s*(?:(-?\d+)|"([^"]*)"|'([^']*)')\s*\]/.exec(rest)
    if (dot) {
      segments.push(dot[1]!)
      rest = rest.slice(dot[0].length)
    } else if (bracket) {
      segments.push(bracket[1] ?? bracket[2] ?? bracket[3]!)
      rest = rest.slice(bracket[0].length)
    } else if (rest.startsWith('[')) {
      // `site.data[page.product]`: only the part before the computed key can be checked.
      const close = matchingBracket(rest)
      if (close === -1) return undefined
      dynamic = true
      rest = rest.slice(close + 1)
      // Keys after a computed one cannot be checked either: skip them.
      for (;;) {
        const more = /^\.[A-Za-z_\d][\w-]*\??/.exec(rest)
        const end = rest.startsWith('[') ? matchingBracket(rest) : -1
        if (more) rest = rest.slice(more[0].length)
        else if (end !== -1) rest = rest.slice(end + 1)
        else break
      }
      break
    } else {
      break
    }
  }
  const tail = rest.trimStart()
  if (tail.startsWith('(')) return undefined
  // A trailing `-` right after a name would have been read into the name; here it is an operator.
  if (!after.test(tail)) return undefined
  const text = expression.slice(0, expression.length - rest.length).trim()
  const key = segments.join('.') + (dynamic ? '.?' : '')
  return {text, segments, key}
}

function matchingBracket(text: string): number {
  let depth = 0
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '[') depth++
    else if (text[index] === ']' && --depth === 0) return index
  }
  return -1
}

// Hugo's built-in shortcodes that take a page or a value: `ref page.md`, `relref "x.md"`, `param "name"`.
const bareShortcode =
  /^(relref|ref|param|figure|highlight|youtube|vimeo|gist|instagram|tweet|readfile)\s+(?:"[^"]*"|'[^']*'|[\w./#-]*[./#][\w./#-]*|[\w-]+=(?:"[^"]*"|'[^']*'))(?:\s+[\w-]+=.*)?$/

/**
 * The shortcode an expression calls when it is a Hugo shortcode written without its `<` `>`
 * (`{{ ref page.md }}`), else undefined: no template language reads it as an expression.
 */
export function bareShortcodeCall(inner: string): string | undefined {
  return bareShortcode.exec(inner.trim())?.[1]
}

/** The name an expression calls when it is a bare call (`{{ button("Install", url) }}`), else undefined. */
export function macroCall(inner: string): string | undefined {
  return /^&?\s*([A-Za-z_]\w*)\s*\(/.exec(inner)?.[1]
}

/** Whether a path is defined in a tree of values: keys of mappings, indexes of lists. */
export function resolves(root: unknown, segments: string[]): boolean {
  let value: unknown = root
  for (const key of segments) {
    if (Array.isArray(value)) {
      if (/^-?\d+$/.test(key)) {
        const index = Number(key)
        if (index >= value.length || index < -value.length) return false
        value = value.at(index)
      } else if (key === 'size') {
        value = value.length
      } else if (key === 'first' || key === 'last') {
        if (value.length === 0) return false
        value = key === 'first' ? value[0] : value.at(-1)
      } else {
        return false
      }
    } else if (isMapping(value)) {
      if (Object.hasOwn(value, key)) value = value[key]
      else if (key === 'size') value = Object.keys(value).length
      else return false
    } else if (typeof value === 'string' && key === 'size') {
      value = value.length
    } else {
      // Into a scalar (or null): nothing is there.
      return false
    }
  }
  return true
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
