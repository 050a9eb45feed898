/**
 * The one interface every site generator implements (one module each in this folder, listed once
 * in index.ts). The engine and the rules ask a page's profile what its generator does; none of
 * them compares a generator's name.
 */
import type {Heading, RootContent} from 'mdast'

export interface GeneratorProfile {
  /** The value of the `generator` config key that names it (`hugo`); `unknown` for the union. */
  readonly name: string
  /** Its name in messages: `Hugo`, `MkDocs`. */
  readonly title: string
  /** Extensions (without the dot) of the files it renders as Markdown pages. */
  readonly extensions: readonly string[]
  /** How a folder is recognised as the root of one of its sites; none for the fallback (GitHub). */
  readonly detect?: Detection
  /**
   * Reads the site's config file: this profile configured for the site, and the template
   * variables the site gives its pages. A file that cannot be read or parsed is a DocgapError.
   */
  readSite?(configPath: string): Promise<Site>
  /** This profile with site settings applied (keys as `settings` holds them). */
  configure(settings: Readonly<Record<string, unknown>>): GeneratorProfile
  /** The settings read from the site (heading ids, plugins), as plain data: part of the cache key. */
  readonly settings: Readonly<Record<string, unknown>>

  /**
   * The settings under which its ids also count for a page whose generator is unknown (the
   * union profile), so that a link into such a page is never wrongly reported; default none.
   */
  readonly unionSettings?: ReadonlyArray<Readonly<Record<string, unknown>>>

  /** A fresh heading-id maker for one page: ids of its headings in order, numbering repeats. */
  headingIds(): HeadingIdMaker
  /** A fresh slugger for one page's heading texts (repeats numbered); undefined when automatic ids cannot be known. */
  slugger(): Slugger | undefined
  /** The id a heading with this text gets when no heading before it has the same one. */
  slug(text: string): string
  /** Whether an attribute list after a block (`{: #id}` under a paragraph) sets an id. */
  readonly blockAttributes: boolean

  /**
   * How a link's `#fragment` finds its target beyond an exact id: GitHub also links a file's
   * lines (`#L10`, `#L10-L20`, `#L3C24-L88`) and finds `#Install` at the id `install`.
   */
  readonly fragments?: {readonly lines: boolean; readonly ignoreCase: boolean}
  /**
   * The ids a footnote (`[^label]`, the page's `index`-th, from 1) and its first reference get
   * (see footnotes.ts); default: none.
   */
  footnoteIds?(label: string, index: number): string[]
  /** Whether `{{ }}` and `{% %}` run before Markdown (false: the page shows them as written). */
  readonly rendersTemplates: boolean
  /**
   * Whether `{{ }}` holds code of the page's own framework (VitePress' Vue), evaluated from data
   * docgap does not read: rendered, but never a variable to resolve.
   */
  readonly expressionsAreCode?: boolean
  /**
   * When they do not run: where (`in Hugo content`) and what was expected instead, as a finding
   * says it (`Unexpected template expression … in Hugo content, expected …: Hugo shows it as written`).
   */
  readonly literalTemplates?: {where: string; expected: string}
  /** Shortcodes whose body shows template code as written on purpose (Hugo's `highlight`). */
  readonly codeShortcodes: ReadonlySet<string>
  /** Whether a bare call `{{ name() }}` is a macro that must be defined, and the ones always defined. */
  readonly macros?: ReadonlySet<string>
  /** Variables the generator sets on every site and page, by namespace (`page` → `url`, …). */
  readonly builtinVariables: Readonly<Record<string, ReadonlySet<string>>>
  /** Namespaces filled from files docgap does not read (Jekyll's `layout.*`): never reported. */
  readonly opaqueNamespaces: ReadonlySet<string>
  /** Whether a page inside `_includes/` gets the parameters of each include of it as `include.*`. */
  readonly includeParameters: boolean
  /**
   * Front matter a page gets from its site's config (Jekyll's `defaults`), given the site's
   * variables and the page's absolute path; the page's own front matter wins over it.
   */
  readonly frontMatterDefaults?: (
    variables: Readonly<Record<string, unknown>>,
    path: string,
  ) => Record<string, unknown> | undefined

  /** The syntax it owns, which is never a finding. */
  readonly syntax: OwnedSyntax

  /** Reference-link labels every page may use without defining them (MkDocs snippets' `auto_append` files). */
  readonly sharedDefinitions: readonly string[]
  /**
   * Whether the generator adds content of its own at the end of the page at this absolute path
   * (a blog plugin's index, which lists the posts): its last section is not empty.
   */
  appendsContent(path: string): boolean
  /**
   * Where a link's path may point besides the linking page's folder, in the order the generator
   * looks (Docusaurus: the docs root; `@site/` paths from the site's root); absolute paths.
   */
  linkTargets?(pathPart: string, pageFolder: string): string[]
  /**
   * The source files a link written as a route of the built site may be built from
   * (`/guides/components/`, VitePress' `./getting-started`), in the order the generator looks;
   * undefined when the generator does not map this link to its sources (it is then not judged).
   */
  routeTargets?(route: string, pagePath: string): RouteTargets | undefined
  /**
   * How the page at this path is parsed, when its extension does not say it all: Docusaurus 3
   * reads `.md` pages as MDX too (unless its `markdown.format` is `detect`), and lets MDX pages
   * hold HTML comments (`markdown.mdx1Compat.comments`). Default: MDX for `.mdx` pages only.
   */
  parseMode?(path: string): ParseMode
}

/** How one page is parsed. */
export interface ParseMode {
  /** As MDX (ESM, JSX, `{expressions}`) rather than Markdown. */
  readonly mdx: boolean
  /** Whether MDX accepts `<!-- … -->` comments, read as HTML comments are in Markdown. */
  readonly htmlComments?: boolean
}

export interface RouteTargets {
  /** Absolute paths; the first that exists is the page. */
  candidates: string[]
  /** Whether no candidate existing means the page is missing (false: code may make the route). */
  judgeMissing: boolean
  /** Where the pages are, as a message names it (`src/content/docs/`). */
  where: string
}

export interface OwnedSyntax {
  /** `:::note`, `!!! note`, `=== "Tab"`: the container markers it renders. */
  readonly containers: readonly string[]
  /** Hugo-style shortcodes (`{{< name >}}`, `{{% name %}}`). */
  readonly shortcodes: boolean
  /** Attribute lists on headings (`{#id}`, `{: #id .class}`). */
  readonly attributeLists: boolean
}

/** A site's config, read: the profile configured for it and the variables it gives pages. */
export interface Site {
  profile: GeneratorProfile
  variables: Record<string, unknown>
}

export interface Detection {
  /**
   * When one folder holds several generators' config files, the highest rank wins: a specific
   * file (`mkdocs.yml`) over a generic one (`_config.yml`).
   */
  readonly rank: number
  /** How the "nothing found" reason names its config file (`hugo.toml`). */
  readonly configName: string
  /** The config file that makes this folder a site root, from what the folder holds. */
  find(folder: Folder): {configPath: string; besideContent?: boolean} | undefined
}

/** One folder's entries, read once for every generator's `detect`. */
export interface Folder {
  path: string
  files: ReadonlySet<string>
  folders: ReadonlySet<string>
}

/** The text of a heading, read three ways; undefined when a template in it cannot be resolved. */
export interface HeadingText {
  /** As a browser shows it: text, code and link text. */
  rendered: string
  /** As its Markdown source reads (what kramdown's own parser and goldmark slug). */
  source: string
  /** As rendered, with kramdown's typographic symbols (`--` as an en dash). */
  typographic(): string
}

export interface HeadingIdMaker {
  /**
   * The ids the heading gets (explicit ones, else the automatic one); `next` is the node after
   * it. Undefined when the id cannot be known (a slugify of the site's own).
   */
  heading(node: Heading, next: RootContent | undefined, text: HeadingText): string[] | undefined
  /** The id a definition-list term gets, when the generator gives terms ids. */
  term?(text: string): string
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
