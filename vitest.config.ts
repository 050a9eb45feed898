import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // examples/: the tests docs/writing-a-rule.md shows, run as a plugin author runs them.
    include: ['test/**/*.test.ts', 'examples/**/*.test.mjs'],
    testTimeout: 30_000,
  },
})
