/**
 * Scope analysis of a page's template tags: which names the page itself defines at each
 * expression (`assign`, `capture`, `set`, loop variables inside `for`, macro parameters).
 */
import type {TemplateSpan} from './spans.js'

// Loop variables each generator provides inside a loop.
const loopNames: Record<string, string[]> = {for: ['forloop', 'loop'], tablerow: ['tablerowloop', 'forloop']}

export interface PageScopes {
  /** Names the page itself defines at an offset: assigned before it, or loop variables around it. */
  at(offset: number): Set<string>
  /** The offset where a name not yet defined at `offset` is first assigned after it. */
  assignedAfter(name: string, offset: number): number | undefined
  /** The last block (`for`, `with`, …) that ended before `offset` and defined `name` inside it. */
  loopBefore(name: string, offset: number): {tag: string; offset: number} | undefined
}

/**
 * Walks the page's tags in source order: `assign`, `capture`, `set`, `increment` define a name
 * from there on; `for`, `tablerow`, `macro` and `with` define theirs up to their end tag.
 */
export function pageScopes(spans: readonly TemplateSpan[]): PageScopes {
  const global = new Set<string>()
  const frames: Array<{tag: string; names: string[]; offset: number}> = []
  const closed: Array<{tag: string; names: string[]; offset: number; end: number}> = []
  const snapshots = new Map<number, Set<string>>()
  const assignments: Array<{name: string; offset: number}> = []
  let current: Set<string> | undefined
  const changed = () => (current = undefined)

  const statement = (inner: string, offset: number): void => {
    const name = /^[\w-]+/.exec(inner)?.[0] ?? ''
    const args = inner.slice(name.length).trim()
    switch (name) {
      case 'assign':
      case 'capture':
      case 'increment':
      case 'decrement': {
        define(/^[\w-]+/.exec(args)?.[0])
        break
      }
      case 'set': {
        // `{% set x = 1 %}`, `{% set a, b = … %}`, `{% set x %}…{% endset %}`; not `{% set ns.x = 1 %}`.
        const targets = /^([\w\s,]+?)(?:=|$)/.exec(args)?.[1]
        for (const target of targets?.split(',') ?? []) define(target.trim())
        break
      }
      case 'import': {
        define(/\bas\s+(\w+)/.exec(args)?.[1])
        break
      }
      case 'from': {
        const names = /\bimport\s+(.+)$/.exec(args)?.[1] ?? ''
        for (const part of names.split(',')) define(/(\w+)\s*$/.exec(part.trim())?.[1])
        break
      }
      case 'for':
      case 'tablerow': {
        const targets = /^(.+?)\s+in\s/.exec(args)?.[1] ?? ''
        const names = targets
          .split(',')
          .map((target) => target.replace(/[()]/g, '').trim())
          .filter(Boolean)
        frames.push({tag: name, names: [...names, ...(loopNames[name] ?? [])], offset})
        changed()
        break
      }
      case 'macro': {
        const match = /^(\w+)\s*\(([^)]*)\)/.exec(args)
        define(match?.[1])
        const params = (match?.[2] ?? '').split(',').map((param) => /^\s*(\w+)/.exec(param)?.[1] ?? '')
        frames.push({tag: name, names: [...params.filter(Boolean), 'varargs', 'kwargs', 'caller'], offset})
        changed()
        break
      }
      case 'with': {
        const names = [...args.matchAll(/(\w+)\s*=/g)].map((match) => match[1]!)
        frames.push({tag: name, names, offset})
        changed()
        break
      }
      case 'endfor':
      case 'endtablerow':
      case 'endmacro':
      case 'endwith': {
        const tag = name.slice(3)
        const index = frames.map((frame) => frame.tag).lastIndexOf(tag)
        if (index !== -1) {
          for (const frame of frames.splice(index)) closed.push({...frame, end: offset})
          changed()
        }
        break
      }
      case 'liquid': {
        for (const line of args.split(/\r?\n/)) statement(line.trim(), offset)
        break
      }
    }

    function define(target: string | undefined): void {
      if (!target || global.has(target)) return
      global.add(target)
      assignments.push({name: target, offset})
      changed()
    }
  }

  for (const span of spans) {
    if (span.kind === 'tag') statement(span.inner, span.start)
    else if (span.kind === 'expression' && (global.size > 0 || frames.length > 0)) {
      current ??= new Set([...global, ...frames.flatMap((frame) => frame.names)])
      snapshots.set(span.start, current)
    }
  }
  const empty = new Set<string>()
  return {
    at: (offset) => snapshots.get(offset) ?? empty,
    assignedAfter(name, offset) {
      return assignments.find((item) => item.name === name && item.offset > offset)?.offset
    },
    loopBefore(name, offset) {
      for (let index = closed.length - 1; index >= 0; index--) {
        const frame = closed[index]!
        if (frame.end < offset && frame.names.includes(name)) return frame
      }
      return undefined
    },
  }
}
