/**
 * What decides a page's findings besides its own text: the rules and variables the configuration
 * gives it (overrides included) and the site generator that builds it (its heading ids, its
 * site variables). Worked out the same way for a page being linted and for a page a link points
 * into, so that a page's anchors are the same whichever way, and in whichever thread, they are
 * computed.
 */
import {resolve} from 'node:path'
import type {FileConfig, ResolvedConfig} from './config/resolve.js'
import {detectGenerator, generatorNamed, loadSite, unknownGenerator, type GeneratorProfile} from './generators/index.js'
import {display as displayPath} from './generators/site-files.js'
import type {LintSettings} from './lint.js'
import type {VariableSource} from './rule.js'
import {repositoryRoot} from './repository.js'

export interface PageSettings {
  /** The settings to lint the page at this absolute path with. */
  settingsFor(path: string): LintSettings
  /** What every site of the run gives its pages (variables, generator settings), for the cache key. */
  siteVariables(): unknown[]
}

/**
 * Loads the site of every page in `paths` (its config file read once a site) and returns the
 * settings of any page. A page outside those sites (one a link points into) gets neither its
 * site's variables nor its heading-id settings, which are read only for the pages being linted:
 * its headings get every generator's ids, so that a link into it is never wrongly reported.
 */
export async function preparePageSettings(
  paths: string[],
  config: ResolvedConfig,
  cwd: string,
  shared: Omit<LintSettings, 'rules' | 'variables' | 'variableSources' | 'profile'>,
  notices: string[],
): Promise<PageSettings> {
  const stopAt = repositoryRoot(cwd)
  const configured = config.generator === 'auto' ? undefined : generatorNamed(config.generator)
  const sites = new Map<string, PageSite>()
  // One object per site (per generator config file), so that its pages share settings.
  const bySite = new Map<string, PageSite>()
  const unknown: PageSite = {profile: unknownGenerator}
  const siteOf = (path: string): PageSite => {
    const detected = detectGenerator(path, stopAt)
    const key = detected.configPath ?? ''
    let site = bySite.get(key)
    if (!site) {
      if (configured) {
        // The configured generator, with its site's settings and variables when its own config file is found.
        const read = detected.configPath && detected.profile === configured ? sites.get(detected.configPath) : undefined
        site = read ?? {profile: configured}
      } else if (!detected.configPath) {
        // No generator config found: any generator's heading ids may be the right ones.
        site = unknown
      } else {
        // A site none of the run's pages belong to (a link leads there) was not read: its
        // settings are unknown, so its pages get every generator's ids.
        site = sites.get(detected.configPath) ?? unknown
      }
      bySite.set(key, site)
    }
    return site
  }
  for (const path of paths) {
    const detected = detectGenerator(path, stopAt)
    if (!detected.configPath || sites.has(detected.configPath)) continue
    if (configured && detected.profile !== configured) continue
    try {
      const site = await loadSite(detected)
      const file = displayPath(detected.configPath)
      const sources = Object.fromEntries(
        Object.keys(site.variables).map((namespace) => [namespace, [{from: 'site' as const, file}]]),
      )
      sites.set(detected.configPath, {
        profile: site.profile,
        variables: Object.keys(site.variables).length > 0 ? site.variables : undefined,
        sources,
      })
    } catch (error) {
      // A broken site config is the site's problem: lint with the configured variables only.
      notices.push(`docgap: warning: ${(error as Error).message} (its variables are not used)`)
      sites.set(detected.configPath, {profile: detected.profile})
    }
  }
  const byConfig = new Map<FileConfig, Map<PageSite, LintSettings>>()
  return {
    settingsFor(path) {
      const absolute = resolve(path)
      const fileConfig = config.forFile(absolute)
      const site = siteOf(absolute)
      let bySiteSettings = byConfig.get(fileConfig)
      if (!bySiteSettings) byConfig.set(fileConfig, (bySiteSettings = new Map()))
      let settings = bySiteSettings.get(site)
      if (!settings) {
        settings = {
          ...shared,
          rules: fileConfig.rules,
          // The site's own variables stand under the configured ones: a namespace the configuration sets wins.
          variables: site.variables ? {...site.variables, ...fileConfig.variables} : fileConfig.variables,
          variableSources: site.sources ? {...site.sources, ...fileConfig.variableSources} : fileConfig.variableSources,
          profile: site.profile,
        }
        bySiteSettings.set(site, settings)
      }
      return settings
    },
    siteVariables() {
      return [...sites.values()].map((site) => [site.variables, site.profile.name, site.profile.settings])
    },
  }
}

/** The generator profile of a site's pages and the variables its config gives them. */
interface PageSite {
  profile: GeneratorProfile
  variables?: Record<string, unknown>
  sources?: Record<string, VariableSource[]>
}
