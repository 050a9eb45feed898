/**
 * The formatters by name, each loaded only when asked for: a run loads the one it prints with.
 * Listed here rather than found on disk so that the bundled CLI has them too.
 */
import type {Formatter} from './types.js'

type Load = () => Promise<{default: Formatter}>

export const formatters: Record<string, Load> = {
  compact: () => import('./compact.js'),
  github: () => import('./github.js'),
  json: () => import('./json.js'),
  junit: () => import('./junit.js'),
  sarif: () => import('./sarif.js'),
  stylish: () => import('./stylish.js'),
}
