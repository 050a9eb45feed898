/**
 * Built-in rules use only what plugins get: every import a rule makes from src/ is from the rule
 * API (src/rule.ts), and the package entry (src/index.ts) exports all of the rule API.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {repoRoot} from './cli-helpers.js'

const rulesDir = join(repoRoot, 'rules')

describe('the public rule API', () => {
  it.each(readdirSync(rulesDir).filter((name) => name.endsWith('.ts') && name !== 'index.ts'))(
    '%s imports from src/ only the rule API',
    (name) => {
      const source = readFileSync(join(rulesDir, name), 'utf8')
      const fromSrc = [...source.matchAll(/from '(\.\.\/src\/[^']+)'/g)].map((match) => match[1])
      expect(fromSrc.length).toBeGreaterThan(0)
      expect(fromSrc.filter((path) => path !== '../src/rule.js')).toEqual([])
    },
  )

  it('is exported whole from the package entry', () => {
    const entry = readFileSync(join(repoRoot, 'src', 'index.ts'), 'utf8')
    expect(entry).toMatch(/^export \* from '\.\/rule\.js'$/m)
  })

  it('gives plugins at run time what the built-in rules import', async () => {
    const entry = (await import('../dist/src/index.js')) as Record<string, unknown>
    const imported = new Set<string>()
    for (const name of readdirSync(rulesDir).filter((file) => file.endsWith('.ts'))) {
      const source = readFileSync(join(rulesDir, name), 'utf8')
      for (const match of source.matchAll(/import \{([^}]*)\} from '\.\.\/src\/rule\.js'/g)) {
        for (const part of match[1]!.split(',')) {
          const value = part.trim()
          if (value && !value.startsWith('type ')) imported.add(value)
        }
      }
    }
    expect(imported.size).toBeGreaterThan(5)
    for (const name of imported) expect(entry[name], name).toBeDefined()
  })
})
