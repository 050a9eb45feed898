/**
 * Findings as plain data, to cross a thread or go into the cache file, and back. Everything a
 * formatter, a baseline or a report reads of a finding is kept, so that a finding restored from
 * plain data prints exactly as the one a rule reported.
 */
import type {VFile} from 'vfile'
import {isFix, type Fix} from './fix.js'

export interface PlainMessage {
  reason: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  ruleId?: string
  source?: string
  url?: string
  fatal: boolean
  /** The finding's fix, when its rule made one. */
  fix?: Fix
}

export function toPlainMessages(file: VFile): PlainMessage[] {
  return file.messages.map((message) => {
    const end = message.place && 'end' in message.place ? message.place.end : undefined
    return {
      reason: message.reason,
      line: message.line,
      column: message.column,
      endLine: end?.line,
      endColumn: end?.column,
      ruleId: message.ruleId,
      source: message.source,
      url: message.url,
      fatal: Boolean(message.fatal),
      ...(message.fix ? {fix: {range: [message.fix.range[0], message.fix.range[1]], text: message.fix.text}} : {}),
    }
  })
}

/** Puts findings back on a file, as the rules reported them. */
export function restoreMessages(file: VFile, messages: PlainMessage[]): void {
  for (const plain of messages) {
    const start = plain.line === undefined ? undefined : {line: plain.line, column: plain.column ?? 1}
    const place =
      start && plain.endLine !== undefined
        ? {start, end: {line: plain.endLine, column: plain.endColumn ?? start.column}}
        : start
    const message = file.message(plain.reason, {place, ruleId: plain.ruleId, source: plain.source})
    if (plain.url) message.url = plain.url
    message.fatal = plain.fatal
    if (isFix(plain.fix)) message.fix = plain.fix
  }
}
