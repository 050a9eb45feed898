import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {
  bareShortcodeCall,
  booleanOption,
  checkKeys,
  docsUrl,
  forEachExpression,
  leadingPath,
  macroCall,
  optionObject,
  pageScopes,
  report,
  resolves,
  RuleOptionError,
  stringList,
  type Rule,
  type RuleContext,
  levenshtein,
} from '../src/rule.js'

const id = 'no-unresolved-variables'

export interface Options {
  /** Variable paths treated as defined, compiled from glob-like patterns. */
  allow: RegExp[]
  /** Whether `include.*` is defined in files inside an `_includes` folder. */
  includeParameters: boolean
}

const allowPattern = /^(?:\*|[\w-]+\*?|\*[\w-]+)(?:\.(?:\*|[\w*-]+))*$/
// Variables the writer guards, so an undefined value is expected: `{{ x | default: "y" }}`,
// `{{ x | default("y") }}`, `{{ x if x is defined }}`.
const guarded = /\|\s*(?:default|d)\b|\bis\s+(?:not\s+)?defined\b/
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
    const {profile} = context
    // A file in `_includes` is rendered with the parameters of each `{% include %}` of it.
    const includeDefined = (settings.includeParameters || profile.includeParameters) && inIncludes(file)

    // A generator that runs no templates shows them as written (no-literal-template-syntax reports
    // them); one whose `{{ }}` is code of its own (Vue, JSX) has no template variables.
    if (!profile.rendersTemplates || profile.expressionsAreCode) return

    forEachExpression(tree, file, spans, (span, position) => {
      // A shortcode call without its delimiters is no-literal-template-syntax's finding.
      if (bareShortcodeCall(span.inner)) return
      const local = scopes.at(span.start)
      if (profile.macros) {
        const call = macroCall(span.inner)
        if (
          call &&
          !local.has(call) &&
          !profile.macros.has(call) &&
          !settings.allow.some((pattern) => pattern.test(call))
        ) {
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
      else if (head === 'include')
        expected = 'expected `include.*` only in files inside `_includes`, with the `includeParameters` option'
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
        if (source.slice(at, at + path.text.length) === path.text)
          message.fix = {range: [at, at + path.text.length], text: replacement}
      }
    })
  },
} satisfies Rule<Options>

export default rule

/** `page.*` → `page` followed by one or more segments; `site.mesh_*` → one segment with that prefix. */
function compileAllow(pattern: string): RegExp {
  const parts = pattern
    .split('.')
    .map((part) => (part === '*' ? '[^.]+(?:\\.[^.]+)*' : part.split('*').map(escape).join('[^.]*')))
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

function inIncludes(file: VFile): boolean {
  const path = (file.path ?? '').replace(/\\/g, '/')
  const full = path.startsWith('/') ? path : `${file.cwd.replace(/\\/g, '/')}/${path}`
  return full.includes('/_includes/')
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
    return (
      path.slice(0, cut + 1) +
      path
        .slice(cut + 1)
        .split(/[_-]/)
        .sort()
        .join('_')
    )
  }
  const shuffled = words(name)
  const reordered = pool.filter((candidate) => candidate !== name && words(candidate) === shuffled)
  if (reordered.length > 0) return {name: reordered[0]!, certain: new Set(reordered).size === 1}
  // `kic.base_gateway` for `site.base_gateway`: the right name in the wrong namespace.
  const dot = name.indexOf('.')
  if (same.length === 0 && dot !== -1) {
    const moved = candidates.filter(
      (candidate) =>
        candidate.endsWith(name.slice(dot)) && candidate.indexOf('.') === candidate.length - name.length + dot,
    )
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
