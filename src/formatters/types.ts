import type {VFile} from 'vfile'

/** A rule as reports describe it (SARIF lists the enabled ones). */
export interface ReportedRule {
  id: string
  description: string
  url: string
  severity: 'warn' | 'error'
}

export interface FormatOptions {
  /** Whether to use ANSI colours (a TTY, no NO_COLOR, no --no-color). */
  color: boolean
  /** The working directory: `file.path` is relative to it unless absolute. */
  cwd: string
  /** The folder paths in CI reports are relative to: the git repository's root, else `cwd`. */
  root: string
  /** The enabled rules. */
  rules: ReportedRule[]
  /** docgap's version. */
  version: string
}

/**
 * A formatter is a plain function from the linted files (all of them, clean ones included;
 * messages sorted; `fatal` true for errors) to the text to print, in chunks: the output of a
 * large run is written as it is made, never held as one string. One file per `--format` value.
 * A file's `value` holds only the lines its findings stand on (the others are empty).
 */
export type Formatter = (files: VFile[], options: FormatOptions) => Iterable<string>

/** The whole output as one string, for tests and small runs. */
export function formatToString(formatter: Formatter, files: VFile[], options: FormatOptions): string {
  return [...formatter(files, options)].join('')
}
