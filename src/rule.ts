/**
 * The rule API: everything a rule may import from src/ (and all of it is exported from the
 * package entry, src/index.ts, for plugins). A rule gets the parsed tree, the file, its own
 * options and a RuleContext, and reports through `context.report` (or `file.message`); it knows
 * nothing of the CLI, config files or formatters, and the engine, not the rule, decides the severity.
 */
import type {Nodes, Root} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {LinearRegExp} from './linear-regexp.js'

export type {Template, TemplateSpan} from './template/index.js'
import type {TemplateSpan} from './template/index.js'
import type {GeneratorProfile} from './generators/index.js'
export type {GeneratorProfile, HeadingIdMaker, HeadingText, OwnedSyntax, Slugger} from './generators/index.js'
import type {TemplateData} from './template-residue.js'
export type {TemplateData, TemplateSentence, TextBlock, TemplateMatch} from './template-residue.js'
export type {Fix} from './fix.js'

export interface RuleMeta {
  /** Kebab-case id: `no-…` when it flags something present, `require-…` when something is missing. */
  id: string
  /** One sentence, the lead of the rule's page. */
  description: string
  /** Whether the rule is on when no configuration says otherwise. */
  recommended: boolean
  /** Its severity when on by default: `error` unless it says `warn` (a heuristic rule). */
  severity?: 'warn' | 'error'
  /** The rule's documentation page. */
  url: string
  /**
   * Whether the rule attaches fixes to some findings (`message.fix = {range, text}`, offsets into
   * the page's text). Fixes of a rule that does not say so are dropped.
   */
  fixable?: boolean
}

export interface Rule<Options = unknown> {
  meta: RuleMeta
  /**
   * Validates and normalises the options a user configured (`undefined` when none were), before
   * any file is read. Throw a `RuleOptionError` to refuse them.
   */
  parseOptions?(raw: unknown): Options
  /**
   * Walks the tree and reports with `context.report(…)` (or `file.message(…)`). Must not throw
   * on odd input. The context is the fourth argument, so a rule written for three still works.
   */
  check(tree: Root, file: VFile, options: Options, context: RuleContext): void
}

/** What the engine knows about the page besides its tree, for one rule. */
export interface RuleContext {
  /** The page's template variables by namespace (`site`, `page`): the configuration's over its site's. */
  readonly variables: Readonly<Record<string, unknown>>
  /** Where each namespace of `variables` came from, the one that wins last. */
  readonly variableSources: Readonly<Record<string, readonly VariableSource[]>>
  /** The profile of the page's site generator, configured for its site; the union when it is not known. */
  readonly profile: GeneratorProfile
  /**
   * The other files of the docs tree. Absent when docgap lints text with no folder around it
   * (a rule's examples). `anchorsOf` the page itself gives `anchors()`.
   */
  readonly documents?: DocumentIndex
  /** The page's front matter (YAML), parsed once; `{}` when there is none or it is not a mapping. */
  readonly frontMatter: Readonly<Record<string, unknown>>
  /** Every template span of the page, in source order, those that render nothing included. */
  readonly templateSpans: readonly TemplateSpan[]
  /** The ids a link into this page can point at (heading ids as its generator makes them, explicit ids), worked out once. */
  anchors(): Anchors
  /** Reports a finding with this rule's id, source and documentation link. */
  report(reason: string, place: Position | Nodes): VFileMessage
}

/** Where a namespace of template variables came from. */
export interface VariableSource {
  /** `configuration`: docgap's `variables` (an override's included); `site`: the site generator's own config. */
  from: 'configuration' | 'site'
  /** The file the values are written in: a variables file as the configuration names it, the config file for inline values, the site's config file. */
  file: string
}

declare module 'vfile' {
  interface DataMap {
    /** Values of template variables the configuration defines, by namespace (`site`, `page`). */
    variables: Record<string, unknown>
    /**
     * The other files of the docs tree, for rules that follow links between pages. Absent when
     * docgap lints text with no folder around it (for example a rule's examples).
     */
    documents: DocumentIndex
    /**
     * The profile of the site generator that builds the page (configured for its site): ask it
     * what the generator does (`profile.rendersTemplates`, `profile.slug(text)`). When the
     * generator is not known, the union of every generator's profile.
     */
    profile: GeneratorProfile
    /**
     * The templates the page may have been written from (with the boilerplate learned from the
     * pages written from each); absent when none are known.
     */
    templates: TemplateData[]
  }
}

/** Read-only access to other documents, so that rules can check links without reading files. */
export interface DocumentIndex {
  /** Whether a file or folder exists at this absolute path. */
  exists(path: string): boolean
  /**
   * The anchors a link can point at in the Markdown file at this absolute path (heading ids and
   * explicit ids), parsed once and cached; undefined when it is not a Markdown file or cannot
   * be read.
   */
  anchorsOf(path: string): Anchors | undefined
}

export interface Anchors {
  ids: Set<string>
  /** False when some ids cannot be known (a heading made of an unresolved variable, an include): then no anchor is reported missing. */
  complete: boolean
  /** Ids made from a variable's value (`## {{ site.token }}`): they exist, but are never shown in a suggestion. */
  private?: Set<string>
}

/** An option a rule refuses: `option` names the key, `message` says what is wrong with it. */
export class RuleOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message)
    this.name = 'RuleOptionError'
  }
}

const docsBase = 'https://github.com/docgap/docgap/blob/main/rules/'

/** Where a built-in rule's page lives. */
export function docsUrl(id: string): string {
  return `${docsBase}${id}.md`
}

/** Reports a finding with the rule's id, source and documentation link, as every rule must. */
export function report(file: VFile, meta: RuleMeta, reason: string, place: Position | Nodes): VFileMessage {
  const position = 'type' in place ? place.position : place
  const message = file.message(reason, {place: position, ruleId: meta.id, source: 'docgap'})
  message.url = meta.url
  return message
}

/** Option helpers: each returns the checked value or throws a RuleOptionError naming the key. */
export function optionObject(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {}
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RuleOptionError('', 'options must be an object')
  }
  return raw as Record<string, unknown>
}

/** `parseOptions` of a rule that takes no options: any option is refused, by name. */
export function noOptions(raw: unknown): undefined {
  checkKeys(optionObject(raw), [])
  return undefined
}

export function checkKeys(options: Record<string, unknown>, known: string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new RuleOptionError(key, `unknown option (known: ${known.join(', ') || 'none'})`)
    }
  }
}

export function stringList(options: Record<string, unknown>, key: string): string[] | undefined {
  const value = options[key]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new RuleOptionError(key, 'must be an array of strings')
  }
  return value as string[]
}

export function booleanOption(options: Record<string, unknown>, key: string): boolean | undefined {
  const value = options[key]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw new RuleOptionError(key, 'must be true or false')
  return value
}

/**
 * Compiles user-supplied regular expressions; a bad one is an option error, not a crash. They
 * run on RE2, in time linear in the text (see linear-regexp.ts): no pattern can hang a run.
 */
export function regexList(options: Record<string, unknown>, key: string, flags: string): RegExp[] | undefined {
  const sources = stringList(options, key)
  return sources?.map((source) => {
    try {
      return new LinearRegExp(source, flags)
    } catch (error) {
      throw new RuleOptionError(
        key,
        `invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`,
      )
    }
  })
}

export {
  containsLink,
  demonstratedIn,
  fillerUnderShownHeadings,
  headingsShownFrom,
  isSilentMdx,
  sections,
  sourceOffsets,
  textSpanPosition,
  type Section,
} from './tree.js'
export {levenshtein, yaml} from './lazy.js'
export {
  chooseTemplate,
  likelyTemplates,
  locateSentence,
  isResidue,
  pageHeadings,
  sentenceIndex,
  textBlocks,
} from './template-residue.js'
export {
  bareShortcodeCall,
  forEachExpression,
  leadingPath,
  macroCall,
  pageScopes,
  resolves,
  type PageScopes,
  type VariablePath,
} from './template/index.js'
