import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {
  booleanOption,
  checkKeys,
  docsUrl,
  optionObject,
  report,
  RuleOptionError,
  stringList,
  type Rule,
  type RuleContext,
  type TemplateSpan,
  levenshtein,
} from '../src/rule.js'

const id = 'no-unresolved-variables'

export interface Options {
  /** Variable paths treated as defined, compiled from glob-like patterns. */
  allow: RegExp[]
  /** Whether `include.*` is defined in files inside an `_includes` folder. */
  includeParameters: boolean
}

// One path segment: Liquid allows `-` and a trailing `?` in names (`site.data.kong-latest`).
const segment = /^[A-Za-z_][\w-]*\??/
const allowPattern = /^(?:\*|[\w-]+\*?|\*[\w-]+)(?:\.(?:\*|[\w*-]+))*$/
const literal = /^(?:true|false|nil|null|none|empty|blank)$/i
// A bare word that is syntax, not a variable: Go template, Handlebars and Jinja keywords
// (`{{ range .Pages }}`, `{{ if and .a .b }}`, `{{ else }}`, `{{ this }}`).
const keyword = /^(?:end|else|this|break|continue|if|range|with|define|template|block|partial|not|and|or)$/
// What may follow the leading path of an expression that still outputs it: nothing, a filter,
// or a Jinja/Liquid operator (`{{ a ~ b }}`, `{{ x if y else z }}`, `{{ n + 1 }}`).
const after = /^(?:$|\||~|\+|-|\*|\/|%|==|!=|<|>|(?:if|and|or|in|is|not|contains)\b)/
// Variables the writer guards, so an undefined value is expected: `{{ x | default: "y" }}`,
// `{{ x | default("y") }}`, `{{ x if x is defined }}`.
const guarded = /\|\s*(?:default|d)\b|\bis\s+(?:not\s+)?defined\b/
// Loop variables each generator provides inside a loop.
const loopNames: Record<string, string[]> = {for: ['forloop', 'loop'], tablerow: ['tablerowloop', 'forloop']}

const meta = {
  id,
  description: 'Template variables must be defined in the configuration, the front matter or the page.',
  recommended: true,
  url: docsUrl(id),
  fixable: true,
}

const rule = {
  meta,
  parseOptions(raw: unknown): Options {
    const options = optionObject(raw)
    checkKeys(options, ['allow', 'includeParameters'])
    const allow = (stringList(options, 'allow') ?? []).map((pattern) => {
      if (!allowPattern.test(pattern)) {
        throw new RuleOptionError(
          'allow',
          `invalid variable pattern ${JSON.stringify(pattern)}: expected names and \`*\` joined by dots, such as \`site.data.*\``,
        )
      }
      return compileAllow(pattern)
    })
    return {allow, includeParameters: booleanOption(options, 'includeParameters') ?? false}
  },
  check(tree: Root, file: VFile, options: Options | undefined, context: RuleContext) {
    const settings = options ?? {allow: [], includeParameters: false}
    const spans = context.templateSpans
    if (!spans.some((span) => span.kind === 'expression')) return
    const variables = isMapping(context.variables) ? context.variables : {}
    const scopes = pageScopes(spans)
    const source = String(file.value)
    let place: ReturnType<typeof location> | undefined
    const lineOf = (offset: number): number => (place ??= location(source)).toPoint(offset)?.line ?? 0
    let frontMatter: Readonly<Record<string, unknown>> | undefined
    let codeShortcodes: Array<[number, number]> | undefined
    const {profile} = context
    // A file in `_includes` is rendered with the parameters of each `{% include %}` of it.
    const includeDefined = (settings.includeParameters || profile.includeParameters) && inIncludes(file)

    const check = (span: TemplateSpan, position: Position | undefined): void => {
      if (!position) return
      // `${{ x }}` is a GitHub Actions expression, shown as written on the page it documents.
      if (source[span.start - 1] === '$') return
      if (inMath(source, span)) return
      if (profile.expressionsAreCode) return
      if (!profile.rendersTemplates) {
        // Shortcodes whose body shows template code on purpose (`{{< highlight >}}{{ .Title }}{{< /highlight >}}`).
        if (profile.codeShortcodes.size > 0) {
          codeShortcodes ??= codeShortcodeRanges(spans, profile.codeShortcodes)
          if (codeShortcodes.some(([from, to]) => span.start >= from && span.end <= to)) return
        }
        const literal = profile.literalTemplates ?? {where: `on a ${profile.title} site`, expected: 'no template syntax'}
        report(
          file,
          meta,
          `Unexpected template expression \`${shorten(span.value)}\` ${literal.where}, expected ${literal.expected}: ${profile.title} shows it as written`,
          position,
        )
        return
      }
      const local = scopes.at(span.start)
      if (profile.macros) {
        const call = macroCall(span.inner)
        if (call && !local.has(call) && !profile.macros.has(call) && !settings.allow.some((pattern) => pattern.test(call))) {
          report(
            file,
            meta,
            `Unexpected call of undefined macro \`${call}()\`, expected a macro named in the rule's \`allow\` option (mkdocs-macros defines macros in Python, which docgap does not run)`,
            position,
          )
          return
        }
      }
      const path = leadingPath(span.inner)
      if (!path || guarded.test(span.inner)) return
      const [head] = path.segments
      if (local.has(head!)) return
      if (head === 'include' && includeDefined) return
      // Filled from files docgap does not read (Jekyll's `layout.*`, the front matter of the page's layout).
      if (profile.opaqueNamespaces.has(head!)) return
      if (settings.allow.some((pattern) => pattern.test(path.key))) return
      frontMatter ??= context.frontMatter
      if (head === 'page') {
        // `page.x` in Jekyll, `page.meta.x` in mkdocs-macros.
        const rest = path.segments[1] === 'meta' ? path.segments.slice(2) : path.segments.slice(1)
        if (resolves(frontMatter, rest)) return
      } else if (resolves(frontMatter, path.segments)) {
        // mkdocs-macros also defines each front matter key as a variable of its own.
        return
      }
      if (isBuiltin(path.segments, variables, profile.builtinVariables)) return
      if (resolves(variables, path.segments)) return
      let expected = 'expected a variable defined in the configuration'
      if (head === 'page') expected = 'expected a variable defined in the front matter or the configuration'
      else if (head === 'include') expected = 'expected `include.*` only in files inside `_includes`, with the `includeParameters` option'
      else if (path.segments.length === 1) expected += ' or assigned on the page before it is used'
      let replacement: string | undefined
      const later = scopes.assignedAfter(head!, span.start)
      const loop = later === undefined ? scopes.loopBefore(head!, span.start) : undefined
      let hint = ''
      if (later !== undefined) {
        hint = ` (it is assigned later, on line ${lineOf(later)})`
      } else if (loop !== undefined) {
        hint = ` (it is defined only inside the \`${loop.tag}\` block on line ${lineOf(loop.offset)})`
      } else {
        const candidates = [...definedPaths(variables), ...local]
        if (head === 'page' && frontMatter) candidates.push(...flatten(frontMatter, 'page.'))
        const suggestion = nearest(path.key, candidates)
        if (suggestion) hint = ` (did you mean \`${suggestion.name}\`?)`
        if (suggestion?.certain && path.text === path.key) replacement = suggestion.name
      }
      const message = report(file, meta, `Unexpected undefined variable \`${path.text}\`, ${expected}${hint}`, position)
      if (replacement) {
        // The path's own text inside the expression, never the delimiters or filters around it.
        const at = span.start + span.value.indexOf(span.inner) + span.inner.indexOf(path.text)
        if (source.slice(at, at + path.text.length) === path.text) message.fix = {range: [at, at + path.text.length], text: replacement}
      }
    }

    // Prose, headings, table cells and link text: `template` nodes.
    const expressions = spans.filter((span) => span.kind === 'expression')
    const byStart = new Map(expressions.map((span) => [span.start, span]))
    const seen = new Set<number>()
    visit(tree, 'template', (node) => {
      if (node.kind !== 'expression' || !node.position) return
      const start = node.position.start.offset
      if (start === undefined) return
      seen.add(start)
      const span = byStart.get(start)
      if (span) check(span, node.position)
    })

    // URLs, titles and alt text keep their original text: find their spans by offset.
    visit(tree, (node) => {
      if (!['link', 'image', 'definition', 'linkReference', 'imageReference'].includes(node.type)) return
      const from = node.position?.start.offset
      const to = node.position?.end.offset
      if (from === undefined || to === undefined) return
      for (let index = firstAtOrAfter(expressions, from); index < expressions.length; index++) {
        const span = expressions[index]!
        if (span.start >= to) break
        if (span.end > to || seen.has(span.start)) continue
        seen.add(span.start)
        place ??= location(source)
        const start = place.toPoint(span.start)
        const end = place.toPoint(span.end)
        check(span, start && end ? {start, end} : node.position)
      }
    })
  },
} satisfies Rule<Options>

export default rule

/** The name an expression calls when it is a bare call (`{{ button("Install", url) }}`), else undefined. */
function macroCall(inner: string): string | undefined {
  return /^&?\s*([A-Za-z_]\w*)\s*\(/.exec(inner)?.[1]
}

/** The stretches between a code shortcode and its closing tag. */
function codeShortcodeRanges(spans: readonly TemplateSpan[], codeShortcodeNames: ReadonlySet<string>): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  const open = new Map<string, number>()
  for (const span of spans) {
    if (span.kind !== 'shortcode') continue
    const name = span.name.toLowerCase()
    if (codeShortcodeNames.has(name) && !open.has(name)) open.set(name, span.end)
    else if (name.startsWith('/') && open.has(name.slice(1))) {
      ranges.push([open.get(name.slice(1))!, span.start])
      open.delete(name.slice(1))
    }
  }
  return ranges
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 57)}…` : line
}

/** Index of the first span (sorted by start) that starts at or after `offset`. */
function firstAtOrAfter(spans: readonly TemplateSpan[], offset: number): number {
  let low = 0
  let high = spans.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (spans[middle]!.start < offset) low = middle + 1
    else high = middle
  }
  return low
}

interface VariablePath {
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

/** `page.*` → `page` followed by one or more segments; `site.mesh_*` → one segment with that prefix. */
function compileAllow(pattern: string): RegExp {
  const parts = pattern.split('.').map((part) =>
    part === '*' ? '[^.]+(?:\\.[^.]+)*' : part.split('*').map(escape).join('[^.]*'),
  )
  return new RegExp(`^${parts.join('\\.')}$`)
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Whether the generator itself sets the variable. Deeper keys are checked when they can be:
 * `page.meta.x` against the front matter (done before this), `site.data.x` against a `data`
 * mapping when the configured `site` has one (Jekyll fills it from `_data/`, which docgap does
 * not read).
 */
function isBuiltin(
  segments: string[],
  variables: Record<string, unknown>,
  builtins: Readonly<Record<string, ReadonlySet<string>>>,
): boolean {
  const [head, key] = segments
  if (!key || !(Object.hasOwn(builtins, head!) && builtins[head!]!.has(key))) return false
  if (segments.length === 2) return true
  if (head === 'page' && key === 'meta') return false
  if (head === 'site' && key === 'data') {
    const site = variables.site
    return !(isMapping(site) && Object.hasOwn(site, 'data'))
  }
  return true
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether a path is defined in a tree of values: keys of mappings, indexes of lists. */
function resolves(root: unknown, segments: string[]): boolean {
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

function inIncludes(file: VFile): boolean {
  const path = (file.path ?? '').replace(/\\/g, '/')
  const full = path.startsWith('/') ? path : `${file.cwd.replace(/\\/g, '/')}/${path}`
  return full.includes('/_includes/')
}

interface PageScopes {
  /** Names the page itself defines at an offset: assigned before it, or loop variables around it. */
  at(offset: number): Set<string>
  /** The offset where a name not yet defined at `offset` is first assigned after it. */
  assignedAfter(name: string, offset: number): number | undefined
  /** The last block (`for`, `with`, …) that ended before `offset` and defined `name` inside it. */
  loopBefore(name: string, offset: number): {tag: string; offset: number} | undefined
}

/**
 * Walks the page's tags in source order: `assign`, `capture`, `set`, `increment` define a name
 * from there on; `for`, `tablerow`, `macro` and `with` define theirs up to their end tag.
 */
function pageScopes(spans: readonly TemplateSpan[]): PageScopes {
  const global = new Set<string>()
  const frames: Array<{tag: string; names: string[]; offset: number}> = []
  const closed: Array<{tag: string; names: string[]; offset: number; end: number}> = []
  const snapshots = new Map<number, Set<string>>()
  const assignments: Array<{name: string; offset: number}> = []
  let current: Set<string> | undefined
  const changed = () => (current = undefined)

  const statement = (inner: string, offset: number): void => {
    const name = /^[\w-]+/.exec(inner)?.[0] ?? ''
    const args = inner.slice(name.length).trim()
    switch (name) {
      case 'assign':
      case 'capture':
      case 'increment':
      case 'decrement': {
        define(/^[\w-]+/.exec(args)?.[0])
        break
      }
      case 'set': {
        // `{% set x = 1 %}`, `{% set a, b = … %}`, `{% set x %}…{% endset %}`; not `{% set ns.x = 1 %}`.
        const targets = /^([\w\s,]+?)(?:=|$)/.exec(args)?.[1]
        for (const target of targets?.split(',') ?? []) define(target.trim())
        break
      }
      case 'import': {
        define(/\bas\s+(\w+)/.exec(args)?.[1])
        break
      }
      case 'from': {
        const names = /\bimport\s+(.+)$/.exec(args)?.[1] ?? ''
        for (const part of names.split(',')) define(/(\w+)\s*$/.exec(part.trim())?.[1])
        break
      }
      case 'for':
      case 'tablerow': {
        const targets = /^(.+?)\s+in\s/.exec(args)?.[1] ?? ''
        const names = targets.split(',').map((target) => target.replace(/[()]/g, '').trim()).filter(Boolean)
        frames.push({tag: name, names: [...names, ...(loopNames[name] ?? [])], offset})
        changed()
        break
      }
      case 'macro': {
        const match = /^(\w+)\s*\(([^)]*)\)/.exec(args)
        define(match?.[1])
        const params = (match?.[2] ?? '').split(',').map((param) => /^\s*(\w+)/.exec(param)?.[1] ?? '')
        frames.push({tag: name, names: [...params.filter(Boolean), 'varargs', 'kwargs', 'caller'], offset})
        changed()
        break
      }
      case 'with': {
        const names = [...args.matchAll(/(\w+)\s*=/g)].map((match) => match[1]!)
        frames.push({tag: name, names, offset})
        changed()
        break
      }
      case 'endfor':
      case 'endtablerow':
      case 'endmacro':
      case 'endwith': {
        const tag = name.slice(3)
        const index = frames.map((frame) => frame.tag).lastIndexOf(tag)
        if (index !== -1) {
          for (const frame of frames.splice(index)) closed.push({...frame, end: offset})
          changed()
        }
        break
      }
      case 'liquid': {
        for (const line of args.split(/\r?\n/)) statement(line.trim(), offset)
        break
      }
    }

    function define(target: string | undefined): void {
      if (!target || global.has(target)) return
      global.add(target)
      assignments.push({name: target, offset})
      changed()
    }
  }

  for (const span of spans) {
    if (span.kind === 'tag') statement(span.inner, span.start)
    else if (span.kind === 'expression' && (global.size > 0 || frames.length > 0)) {
      current ??= new Set([...global, ...frames.flatMap((frame) => frame.names)])
      snapshots.set(span.start, current)
    }
  }
  const empty = new Set<string>()
  return {
    at: (offset) => snapshots.get(offset) ?? empty,
    assignedAfter(name, offset) {
      return assignments.find((item) => item.name === name && item.offset > offset)?.offset
    },
    loopBefore(name, offset) {
      for (let index = closed.length - 1; index >= 0; index--) {
        const frame = closed[index]!
        if (frame.end < offset && frame.names.includes(name)) return frame
      }
      return undefined
    },
  }
}

/**
 * Whether a span sits inside TeX math (`$\\frac{{a}}{b}$`, `$$…$$`), which uses double braces for
 * grouping: an odd number of `$$`, or of `$`, before it in its block of text, and one after it.
 */
function inMath(source: string, span: TemplateSpan): boolean {
  const paragraph = /\n[ \t]*\r?\n/g
  let from = Math.max(0, span.start - 4000)
  paragraph.lastIndex = from
  for (let match = paragraph.exec(source); match && match.index < span.start; match = paragraph.exec(source)) {
    from = match.index + match[0].length
  }
  paragraph.lastIndex = span.end
  const to = paragraph.exec(source)?.index ?? source.length
  const before = source.slice(from, span.start).replace(/\\\$/g, '')
  if (!before.includes('$')) return false
  const after = source.slice(span.end, Math.min(to, span.end + 4000)).replace(/\\\$/g, '')
  if ((before.match(/\$\$/g) ?? []).length % 2 === 1) return after.includes('$$')
  return (before.replace(/\$\$/g, '').match(/\$/g) ?? []).length % 2 === 1 && after.includes('$')
}

const flatCache = new WeakMap<object, string[]>()
const maxPaths = 20_000
const maxDepth = 8

/** Every path through mappings of the configured variables, once per configuration object. */
function definedPaths(variables: Record<string, unknown>): string[] {
  let paths = flatCache.get(variables)
  if (!paths) {
    paths = flatten(variables, '')
    flatCache.set(variables, paths)
  }
  return paths
}

function flatten(root: Record<string, unknown>, prefix: string): string[] {
  const paths: string[] = []
  const walk = (value: Record<string, unknown>, base: string, depth: number): void => {
    for (const [key, child] of Object.entries(value)) {
      if (paths.length >= maxPaths) return
      const path = base + key
      paths.push(path)
      if (isMapping(child) && depth < maxDepth) walk(child, `${path}.`, depth + 1)
    }
  }
  walk(root, prefix, 0)
  return paths
}

/**
 * The closest candidate, when it is close enough to be a typo; same namespace preferred.
 * `certain` when no other candidate is as close or within reach: then it is offered as a fix.
 */
function nearest(name: string, candidates: string[]): {name: string; certain: boolean} | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 6)))
  const namespace = name.split('.')[0] + '.'
  const same = candidates.filter((candidate) => candidate.startsWith(namespace))
  const pool = same.length > 0 ? same : candidates
  // `site.product_mesh_name` for `site.mesh_product_name`: the same words in another order.
  const words = (path: string) => {
    const cut = path.lastIndexOf('.')
    return path.slice(0, cut + 1) + path.slice(cut + 1).split(/[_-]/).sort().join('_')
  }
  const shuffled = words(name)
  const reordered = pool.filter((candidate) => candidate !== name && words(candidate) === shuffled)
  if (reordered.length > 0) return {name: reordered[0]!, certain: new Set(reordered).size === 1}
  // `kic.base_gateway` for `site.base_gateway`: the right name in the wrong namespace.
  const dot = name.indexOf('.')
  if (same.length === 0 && dot !== -1) {
    const moved = candidates.filter((candidate) => candidate.endsWith(name.slice(dot)) && candidate.indexOf('.') === candidate.length - name.length + dot)
    if (moved.length > 0) return {name: moved[0]!, certain: new Set(moved).size === 1}
  }
  let best: string | undefined
  let bestDistance = limit + 1
  const close = new Set<string>()
  for (const candidate of pool) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue
    const value = levenshtein().distance(name, candidate)
    if (value <= limit) close.add(candidate)
    if (value < bestDistance) {
      best = candidate
      bestDistance = value
    }
  }
  return best === undefined ? undefined : {name: best, certain: close.size === 1}
}
