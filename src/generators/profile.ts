/**
 * Builds a GeneratorProfile from the parts a generator module writes: what differs from the
 * defaults (templates render, no built-in variables, no owned syntax) and how its settings shape
 * its heading ids.
 */
import {headingIdMaker, type HeadingIdSyntax} from './heading-ids.js'
import type {GeneratorProfile, OwnedSyntax, Slugger} from './types.js'

/** What a generator module writes; everything else takes the defaults. */
export interface ProfileParts<Settings extends object> extends Partial<
  Pick<
    GeneratorProfile,
    | 'detect'
    | 'unionSettings'
    | 'blockAttributes'
    | 'rendersTemplates'
    | 'expressionsAreCode'
    | 'literalTemplates'
    | 'codeShortcodes'
    | 'macros'
    | 'builtinVariables'
    | 'opaqueNamespaces'
    | 'includeParameters'
    | 'frontMatterDefaults'
    | 'sharedDefinitions'
    | 'appendsContent'
    | 'linkTargets'
    | 'routeTargets'
    | 'fragments'
    | 'parseMode'
    | 'footnoteIds'
  >
> {
  name: string
  title: string
  extensions: readonly string[]
  syntax?: Partial<OwnedSyntax>
  /** Reads the site's config file: its settings for `configure`, and the variables it gives pages. */
  readSite?(configPath: string): Promise<{settings: Settings; variables: Record<string, unknown>}>
  /** A fresh slugger for one page; undefined when automatic ids cannot be known. */
  slugger(): Slugger | undefined
  /** The explicit-id syntax it reads and which text it slugs. */
  headings: Omit<HeadingIdSyntax, 'slugger'>
}

/** A profile whose parts follow from its settings: `configure` makes the same generator with others. */
export function createProfile<Settings extends object>(
  settings: Settings,
  parts: (settings: Settings) => ProfileParts<Settings>,
): GeneratorProfile {
  const {slugger, headings, syntax, readSite, ...own} = parts(settings)
  const profile: GeneratorProfile = {
    rendersTemplates: true,
    codeShortcodes: new Set(),
    builtinVariables: {},
    opaqueNamespaces: new Set(),
    includeParameters: false,
    blockAttributes: false,
    sharedDefinitions: [],
    appendsContent: () => false,
    ...own,
    syntax: {containers: [], shortcodes: false, attributeLists: false, ...syntax},
    settings: settings as Readonly<Record<string, unknown>>,
    configure: (next) => createProfile(next as Settings, parts),
    readSite:
      readSite &&
      (async (configPath) => {
        const site = await readSite(configPath)
        return {profile: createProfile(site.settings, parts), variables: site.variables}
      }),
    slugger,
    headingIds: () => headingIdMaker({...headings, slugger: slugger()}),
    slug: (text) => slugger()?.slug(text) ?? '',
  }
  return profile
}
