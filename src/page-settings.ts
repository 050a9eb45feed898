/**
 * What decides a page's findings besides its own text: the rules and variables the configuration
 * gives it (overrides included) and the site generator that builds it (its heading ids, its
 * site variables). Worked out the same way for a page being linted and for a page a link points
 * into, so that a page's anchors are the same whichever way, and in whichever thread, they are
 * computed.
 */
import {resolve} from 'node:path'
import type {AnchorProfile} from './anchors.js'
import type {FileConfig, ResolvedConfig} from './config/resolve.js'
import {detectGenerator, loadSite, type SiteProfile} from './generators.js'
import type {LintSettings} from './lint.js'
import {repositoryRoot} from './repository.js'

export interface PageSettings {
  /** The settings to lint the page at this absolute path with. */
  settingsFor(path: string): LintSettings
  /** What every site of the run gives its pages (variables, heading-id options), for the cache key. */
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
  shared: Omit<LintSettings, 'rules' | 'variables' | 'generator'>,
  notices: string[],
): Promise<PageSettings> {
  const stopAt = repositoryRoot(cwd)
  const sites = new Map<string, SiteProfile>()
  // One profile object per site (per generator config file), so that its pages share settings.
  const profiles = new Map<string, SiteProfile>()
  const siteOf = (path: string): SiteProfile => {
    const detected = detectGenerator(path, stopAt)
    const key = detected.configPath ?? ''
    let profile = profiles.get(key)
    if (!profile) {
      if (config.generator !== 'auto') {
        // The configured generator, with its site's variables when its own config file is found.
        const site = detected.configPath && detected.name === config.generator ? sites.get(detected.configPath) : undefined
        profile = {generator: config.generator, slugs: site?.slugs ?? {}, variables: site?.variables}
      } else if (!detected.configPath) {
        // No generator config found: any generator's heading ids may be the right ones.
        profile = {generator: undefined, slugs: {}}
      } else {
        // A site none of the run's pages belong to (a link leads there) was not read: its
        // heading-id settings are unknown, so its pages get every generator's ids.
        profile = sites.get(detected.configPath) ?? {generator: undefined, slugs: {}}
      }
      profiles.set(key, profile)
    }
    return profile
  }
  for (const path of paths) {
    const detected = detectGenerator(path, stopAt)
    if (!detected.configPath || sites.has(detected.configPath)) continue
    if (config.generator !== 'auto' && detected.name !== config.generator) continue
    try {
      sites.set(detected.configPath, await loadSite(detected))
    } catch (error) {
      // A broken site config is the site's problem: lint with the configured variables only.
      notices.push(`docgap: warning: ${(error as Error).message} (its variables are not used)`)
      sites.set(detected.configPath, {generator: detected.name, slugs: {}})
    }
  }
  const byConfig = new Map<FileConfig, Map<SiteProfile, LintSettings>>()
  return {
    settingsFor(path) {
      const absolute = resolve(path)
      const fileConfig = config.forFile(absolute)
      const site = siteOf(absolute)
      let bySiteSettings = byConfig.get(fileConfig)
      if (!bySiteSettings) byConfig.set(fileConfig, (bySiteSettings = new Map()))
      let settings = bySiteSettings.get(site)
      if (!settings) {
        const generator: AnchorProfile | undefined = site.generator && {generator: site.generator, options: site.slugs}
        settings = {
          ...shared,
          rules: fileConfig.rules,
          // The site's own variables stand under the configured ones: a namespace the configuration sets wins.
          variables: site.variables ? {...site.variables, ...fileConfig.variables} : fileConfig.variables,
          generator,
        }
        bySiteSettings.set(site, settings)
      }
      return settings
    },
    siteVariables() {
      return [...sites.values()].map((site) => [site.variables, site.slugs])
    },
  }
}
