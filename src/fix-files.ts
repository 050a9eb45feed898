/**
 * `--fix` and `--fix-dry-run`: each page with fixable findings is fixed in passes (fix.ts), then
 * written atomically when its text changed, or shown as a unified diff. Loaded only with those flags.
 */
import {createTwoFilesPatch} from 'diff'
import {fixPage} from './fix.js'
import {readRegularFile} from './source.js'
import type {LintedPage, PageLinter} from './page-linter.js'
import {writeFileAtomic} from './write-file.js'

export interface FixTarget {
  path: string
  display: string
  /** The text does not come from the file (standard input): nothing is written, whatever the mode. */
  fromFile: boolean
  page: LintedPage
}

export interface FixOutcome {
  /** Unified diffs of what changed (or would change), for `--fix-dry-run`. */
  diff: string
  notices: string[]
  /** The page after fixing, by position in `targets`; undefined when nothing changed. */
  fixed: Array<LintedPage | undefined>
}

export async function fixTargets(
  targets: FixTarget[],
  linter: PageLinter,
  mode: 'write' | 'dry-run',
  track: boolean,
): Promise<FixOutcome> {
  let diff = ''
  const notices: string[] = []
  const fixed: Array<LintedPage | undefined> = []
  let fixCount = 0
  let fileCount = 0
  for (const target of targets) {
    const {page} = target
    fixed.push(undefined)
    if (page.value === undefined || !page.messages.some((message) => message.fix)) continue
    // A page docgap could not read as UTF-8 is left alone: writing it back would change its bytes.
    let bom = ''
    if (target.fromFile) {
      if (page.messages.some((message) => message.ruleId === 'file-error')) continue
      let bytes: Uint8Array
      try {
        // Only the byte-order mark is looked at; a page swapped for a device since its read is refused.
        bytes = readRegularFile(target.path, 3).bytes
      } catch {
        continue
      }
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        notices.push(
          `docgap: warning: ${target.display}: not fixed, because it is UTF-16 text (docgap writes UTF-8 only)`,
        )
        continue
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bom = '\uFEFF'
    }
    const relint = (text: string): LintedPage =>
      linter.lint({index: page.index, path: target.path, display: target.display, value: text, track})
    let last: LintedPage | undefined
    const result = fixPage(page.value, page.messages, (text) => (last = relint(text)).messages)
    if (result.value === page.value || !last) continue
    fixed[fixed.length - 1] = last
    fixCount += result.applied
    fileCount++
    if (mode === 'dry-run') {
      diff += createTwoFilesPatch(target.display, target.display, page.value, result.value, undefined, undefined, {
        context: 3,
      })
    } else if (target.fromFile) {
      await writeFileAtomic(target.path, bom + result.value, target.display)
    }
  }
  if (fixCount > 0) {
    const what = `${fixCount} fix${fixCount === 1 ? '' : 'es'} in ${fileCount} file${fileCount === 1 ? '' : 's'}`
    notices.push(mode === 'dry-run' ? `docgap: --fix-dry-run: would apply ${what}` : `docgap: applied ${what}`)
  }
  return {diff, notices, fixed}
}
