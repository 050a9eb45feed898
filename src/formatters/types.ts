import type {VFile} from 'vfile'

export interface FormatOptions {
  /** Whether to use ANSI colours (a TTY, no NO_COLOR, no --no-color). */
  color: boolean
  cwd: string
}

/**
 * A formatter is a plain function from the linted files (all of them, clean ones included;
 * messages sorted; `fatal` true for errors) to the text to print. One file per `--format` value.
 */
export type Formatter = (files: VFile[], options: FormatOptions) => string
