/**
 * The RuleContext of one page: what the engine knows about it besides its tree, worked out at
 * most once for all its rules (front matter, anchors), with a `report` bound to each rule.
 */
import {dirname, resolve} from 'node:path'
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {collectAnchors, readFrontMatter} from './anchors.js'
import type {GeneratorProfile} from './generators/index.js'
import {report, type Anchors, type DocumentIndex, type Rule, type RuleContext, type VariableSource} from './rule.js'

export interface PageFacts {
  variables: Record<string, unknown>
  variableSources: Record<string, VariableSource[]>
  profile: GeneratorProfile
  documents?: DocumentIndex
  /** Told the page's anchors when a rule first asks for them, so that links into the page do not parse it again. */
  onAnchors?: (anchors: Anchors) => void
}

/** The contexts of one page's rules. */
export function pageContext(tree: Root, file: VFile, facts: PageFacts): (rule: Rule<any>) => RuleContext {
  let frontMatter: Record<string, unknown> | undefined
  let anchors: Anchors | undefined
  const self = file.path ? resolve(file.cwd, file.path) : undefined
  const ownAnchors = (): Anchors => {
    if (!anchors) {
      anchors = collectAnchors(tree, facts.variables, page.frontMatter, facts.profile, importedAnchors)
      facts.onAnchors?.(anchors)
    }
    return anchors
  }
  const {documents} = facts
  // An imported page, found where the generator looks (the page's folder, `@site/`).
  const importedAnchors = (specifier: string): Anchors | undefined => {
    if (!documents || self === undefined) return undefined
    const folder = dirname(self)
    const candidates = [resolve(folder, specifier), ...(facts.profile.linkTargets?.(specifier, folder) ?? [])]
    const found = candidates.find((path) => path !== self && documents.exists(path))
    return found === undefined ? undefined : documents.anchorsOf(found)
  }
  const page = {
    variables: facts.variables,
    variableSources: facts.variableSources,
    profile: facts.profile,
    documents: documents && {
      exists: (path: string) => documents.exists(path),
      anchorsOf: (path: string) =>
        self !== undefined && resolve(path) === self ? ownAnchors() : documents.anchorsOf(path),
    },
    get frontMatter(): Record<string, unknown> {
      if (frontMatter) return frontMatter
      const own = readFrontMatter(tree)
      const defaults = self === undefined ? undefined : facts.profile.frontMatterDefaults?.(facts.variables, self)
      return (frontMatter = defaults ? {...defaults, ...own} : own)
    },
    templateSpans: file.data.templateSpans ?? [],
    anchors: ownAnchors,
  }
  return (rule) => {
    const context = Object.create(page) as RuleContext & {report: RuleContext['report']}
    context.report = (reason, place) => report(file, rule.meta, reason, place)
    return context
  }
}
