/**
 * Heading ids as each site generator makes them: the same heading text gives a different id on
 * GitHub, Jekyll (kramdown), Hugo (goldmark), MkDocs (Python-Markdown) and Docusaurus, and each
 * numbers repeated headings its own way. Each slugger below follows its generator's documented
 * algorithm (written here from the description and behaviour, not translated from its code):
 *
 * - `github`, `docusaurus`: github-slugger (Docusaurus' `createSlugger` wraps it). Lowercase,
 *   drop punctuation and emoji, spaces to `-`; repeats `-1`, `-2`, skipping ids already made.
 * - `jekyll`: kramdown. Jekyll's default input is `GFM` (kramdown-parser-gfm): lowercase, drop what
 *   is not a word character (letter, mark, decimal digit, connector), `-`, space or tab, which
 *   become `-`; repeats `-1`, `-2` counted per base id; an empty id stays empty (no `id`). With
 *   `jekyllInput: 'kramdown'`, kramdown's own `auto_ids`: leading non-letters dropped, ASCII
 *   letters, digits, spaces and dashes kept, spaces to `-`, empty becomes `section`.
 * - `hugo`: goldmark as Hugo configures it (`markup.goldmark.parser.autoHeadingIDType`):
 *   `github` (default) trims, keeps letters, decimal digits and `_` lowercased, space and `-` as
 *   `-`, drops the rest; `github-ascii` first strips accents and drops non-ASCII; `blackfriday`
 *   joins runs of letters and numbers with single dashes. Empty becomes `heading`; repeats `-1`,
 *   `-2`, skipping any id already taken.
 * - `mkdocs`: Python-Markdown's `toc` extension, whose `slugify` is configurable: the default
 *   folds accents to ASCII (NFKD) and drops what is left over, `slugify_unicode` keeps Unicode,
 *   `pymdownx.slugs.slugify` normalizes (NFC by default), strips tags and applies its `case`.
 *   Repeats and empty ids get `_1`, `_2` (Python-Markdown's `unique`).
 */
import GithubSlugger from 'github-slugger'

export type Generator = 'github' | 'jekyll' | 'hugo' | 'mkdocs' | 'docusaurus'

/** How Hugo's goldmark makes heading ids (`markup.goldmark.parser.autoHeadingIDType`). */
export type HugoAutoHeadingIDType = 'github' | 'github-ascii' | 'blackfriday'

/**
 * The `slugify` named under `markdown_extensions: toc:` in `mkdocs.yml`. `default` is what MkDocs
 * uses when none is named (`markdown.extensions.toc.slugify`). The `pymdownx.slugs.u…`/`gfm` names
 * are pymdown-extensions' older fixed slugifiers.
 */
export type MkdocsSlugify =
  | 'default'
  | 'markdown.extensions.toc.slugify'
  | 'markdown.extensions.toc.slugify_unicode'
  | 'pymdownx.slugs.slugify'
  | 'pymdownx.slugs.uslugify'
  | 'pymdownx.slugs.uslugify_encoded'
  | 'pymdownx.slugs.uslugify_cased'
  | 'pymdownx.slugs.uslugify_cased_encoded'
  | 'pymdownx.slugs.gfm'
  | 'pymdownx.slugs.gfm_encoded'

/** The keyword arguments of `pymdownx.slugs.slugify` (`!!python/object/apply:… {kwds: {…}}`). */
export interface PymdownxSlugifyOptions {
  /** `none` (the default) keeps case, `lower` lowercases, `lower-ascii` lowercases A-Z only, `fold` case-folds. */
  case?: 'none' | 'lower' | 'lower-ascii' | 'fold'
  /** Percent-encode non-ASCII characters. */
  percent_encode?: boolean
  /** Unicode normalization form applied first (default `NFC`; `NFD` drops diacritics). */
  normalize?: 'NFC' | 'NFD' | 'NFKC' | 'NFKD'
}

export interface SluggerOptions {
  /** Hugo: `markup.goldmark.parser.autoHeadingIDType` (default `github`). */
  hugoAutoHeadingIDType?: HugoAutoHeadingIDType
  /** MkDocs: the `toc` extension's `slugify` (default Python-Markdown's own). */
  mkdocsSlugify?: MkdocsSlugify
  /** MkDocs: the keyword arguments given to `pymdownx.slugs.slugify`. */
  mkdocsSlugifyOptions?: PymdownxSlugifyOptions
  /** MkDocs: the `toc` extension's `separator` (default `-`). */
  mkdocsSeparator?: string
  /** Jekyll: kramdown's `input` (default `GFM`, as Jekyll sets it). */
  jekyllInput?: 'GFM' | 'kramdown'
  /** Jekyll: kramdown's `auto_id_prefix` (default empty). */
  autoIdPrefix?: string
  /** Hugo: `markup.goldmark.parser.autoDefinitionTermID`: definition-list terms get ids too (default off). */
  hugoDefinitionTermIds?: boolean
  /** Hugo: `markup.goldmark.parser.attribute.title`: `## Title {#id}` sets the id (default on). */
  hugoTitleAttributes?: boolean
  /** Hugo: `markup.goldmark.parser.attribute.block`: `{#id}` on the line after a block (default off). */
  hugoBlockAttributes?: boolean
  /**
   * MkDocs: a `slugify` of the site's own (its Python name): auto ids cannot be known, so a page
   * whose headings rely on them is not judged.
   */
  customSlugify?: string
  /** Jekyll `kramdown.auto_ids`, Hugo `markup.goldmark.parser.autoHeadingID`: false gives headings no automatic id. */
  autoIds?: boolean
  /** MkDocs: whether `attr_list` is among `markdown_extensions`, which makes `{ #id }` an id (default on). */
  mkdocsAttrList?: boolean
}

export interface Slugger {
  /** The id the generator gives the next heading with this (rendered) text; `''` when it gives none. */
  slug(text: string): string
  /** Forget the ids made so far, as at the start of a new page. */
  reset(): void
  /**
   * Note an id set explicitly (`{#id}`, `id=`), for the generators whose automatic ids step
   * around explicit ones (Hugo, MkDocs). The others ignore it, as their generators do.
   */
  claim(id: string): void
}

export function createSlugger(generator: Generator, options: SluggerOptions = {}): Slugger {
  if (options.autoIds === false && (generator === 'jekyll' || generator === 'hugo')) {
    // Automatic ids turned off: a heading has only the id written on it.
    return {slug: () => '', reset: () => {}, claim: () => {}}
  }
  switch (generator) {
    case 'github':
    case 'docusaurus':
      return githubSlugger()
    case 'jekyll':
      return options.jekyllInput === 'kramdown'
        ? kramdownSlugger(options.autoIdPrefix ?? '')
        : kramdownGfmSlugger(options.autoIdPrefix ?? '')
    case 'hugo':
      return hugoSlugger(options.hugoAutoHeadingIDType ?? 'github')
    case 'mkdocs':
      return pythonMarkdownSlugger(mkdocsSlugify(options), options.mkdocsSeparator ?? '-')
  }
}

function githubSlugger(): Slugger {
  const slugger = new GithubSlugger()
  return {slug: (text) => slugger.slug(text), reset: () => slugger.reset(), claim: () => {}}
}

// kramdown-parser-gfm: Ruby's \p{Word} is letters, marks, decimal digits and connector punctuation.
const kramdownGfmDrop = /[^\p{L}\p{M}\p{Nd}\p{Pc}\- \t]/gu

function kramdownGfmSlugger(prefix: string): Slugger {
  const counts = new Map<string, number>()
  return {
    slug(text) {
      const base = text.toLowerCase().replace(kramdownGfmDrop, '').replace(/[ \t]/g, '-')
      const count = (counts.get(base) ?? -1) + 1
      counts.set(base, count)
      const id = count > 0 ? `${base}-${count}` : base
      return id ? prefix + id : ''
    },
    reset: () => counts.clear(),
    claim: () => {},
  }
}

function kramdownSlugger(prefix: string): Slugger {
  const counts = new Map<string, number>()
  return {
    slug(text) {
      let base = text
        .replace(/^[^a-zA-Z]+/gm, '')
        .replace(/[^a-zA-Z0-9 -]/g, '')
        .replace(/ /g, '-')
        .toLowerCase()
      if (!base) base = 'section'
      const count = counts.get(base)
      counts.set(base, count === undefined ? 0 : count + 1)
      return prefix + (count === undefined ? base : `${base}-${count + 1}`)
    },
    reset: () => counts.clear(),
    claim: () => {},
  }
}

function hugoSlugger(type: HugoAutoHeadingIDType): Slugger {
  const taken = new Set<string>()
  return {
    slug(text) {
      let id = hugoAnchor(text, type)
      if (!id) id = 'heading'
      if (taken.has(id)) {
        let n = 1
        while (taken.has(`${id}-${n}`)) n++
        id = `${id}-${n}`
      }
      taken.add(id)
      return id
    },
    reset: () => taken.clear(),
    claim: (id) => void taken.add(id),
  }
}

// Go's unicode.IsSpace, which bytes.TrimSpace trims.
const goSpace = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$/g

/** Hugo's heading-id sanitizer for one text, without numbering. */
export function hugoAnchor(text: string, type: HugoAutoHeadingIDType = 'github'): string {
  if (type === 'blackfriday') {
    // Runs of letters and numbers, lowercased, joined by one dash; everything else separates.
    let out = ''
    let dash = false
    for (const char of text) {
      if (/[\p{L}\p{N}]/u.test(char)) {
        if (dash && out) out += '-'
        dash = false
        out += lowerRune(char)
      } else dash = true
    }
    return out
  }
  let value = text
  // github-ascii: accents removed (NFD, drop nonspacing marks, NFC), then non-ASCII dropped.
  if (type === 'github-ascii') value = value.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC')
  value = value.replace(goSpace, '')
  let out = ''
  for (const char of value) {
    if (type === 'github-ascii' && char.codePointAt(0)! > 0x7f) continue
    if (char === '-' || char === ' ') out += '-'
    else if (char === '_' || /[\p{L}\p{Nd}]/u.test(char)) out += lowerRune(char)
  }
  return out
}

// Go lowercases rune by rune (unicode.ToLower), never growing a character into two.
function lowerRune(char: string): string {
  const lower = char.toLowerCase()
  return [...lower].length === 1 ? lower : char
}

type PythonSlugify = (text: string, separator: string) => string

function mkdocsSlugify(options: SluggerOptions): PythonSlugify {
  switch (options.mkdocsSlugify ?? 'default') {
    case 'default':
    case 'markdown.extensions.toc.slugify':
      return (text, separator) => tocSlugify(text, separator, false)
    case 'markdown.extensions.toc.slugify_unicode':
      return (text, separator) => tocSlugify(text, separator, true)
    case 'pymdownx.slugs.slugify': {
      const kwds = options.mkdocsSlugifyOptions ?? {}
      return (text, separator) => pymdownxSlugify(text, separator, kwds)
    }
    case 'pymdownx.slugs.uslugify':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower'})
    case 'pymdownx.slugs.uslugify_encoded':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower', percent_encode: true})
    case 'pymdownx.slugs.uslugify_cased':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'none'})
    case 'pymdownx.slugs.uslugify_cased_encoded':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'none', percent_encode: true})
    case 'pymdownx.slugs.gfm':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower-ascii'})
    case 'pymdownx.slugs.gfm_encoded':
      return (text, separator) => pymdownxSlugify(text, separator, {case: 'lower-ascii', percent_encode: true})
  }
}

// Python's `\w` on str: letters, numbers and `_` (combining marks are not word characters).
const pythonNonWord = /[^\p{L}\p{N}_\s-]/gu
// Python's str.isspace(), a little wider than JavaScript's \s.
const pythonSpace = String.raw`\s\x1c-\x1f\x85`

/** Python-Markdown's `toc.slugify` (`unicode` false) and `toc.slugify_unicode` (true). */
export function tocSlugify(text: string, separator = '-', unicode = false): string {
  let value = text
  if (!unicode) value = value.normalize('NFKD').replace(/[^\x00-\x7f]/g, '')
  value = value
    .replace(pythonNonWord, '')
    .replace(new RegExp(`^[${pythonSpace}]+|[${pythonSpace}]+$`, 'g'), '')
    .toLowerCase()
  return value.replace(new RegExp(`[${escapeClass(separator)}${pythonSpace}]+`, 'g'), separator)
}

/** pymdown-extensions' `slugs.slugify(**kwds)` applied to one text. */
export function pymdownxSlugify(text: string, separator = '-', kwds: PymdownxSlugifyOptions = {}): string {
  let slug = text
    .normalize(kwds.normalize ?? 'NFC')
    .replace(/<\/?[^>]*>/g, '')
    .replace(new RegExp(`^[${pythonSpace}]+|[${pythonSpace}]+$`, 'g'), '')
  switch (kwds.case ?? 'none') {
    case 'lower':
      slug = slug.toLowerCase()
      break
    case 'lower-ascii':
      slug = slug.replace(/[A-Z]/g, (letter) => letter.toLowerCase())
      break
    case 'fold':
      // Close to Python's str.casefold() (ß becomes ss), not identical for every script.
      slug = slug.toUpperCase().toLowerCase()
      break
    case 'none':
      break
  }
  slug = slug.replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, separator)
  return kwds.percent_encode ? encodeURIComponent(slug) : slug
}

function pythonMarkdownSlugger(slugify: PythonSlugify, separator: string): Slugger {
  const used = new Set<string>()
  return {
    slug(text) {
      // Python-Markdown's `unique`: an empty or taken id gets `_1`, or its `_n` suffix raised by one.
      let id = slugify(text, separator)
      while (!id || used.has(id)) {
        const numbered = /^([\s\S]*)_(\d+)$/.exec(id)
        id = numbered ? `${numbered[1]}_${Number(numbered[2]) + 1}` : `${id}_1`
      }
      used.add(id)
      return id
    },
    reset: () => used.clear(),
    claim: (id) => void used.add(id),
  }
}

function escapeClass(text: string): string {
  return text.replace(/[\\\]^-]/g, '\\$&')
}
