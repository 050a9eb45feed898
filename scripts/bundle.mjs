/**
 * Bundles the compiled CLI (dist/src) into dist/bundle: a dozen files to load instead of about 280
 * modules, which halves the start-up of a one-file run (the pre-commit case). Modules loaded on
 * demand (formatters, the cache, git, the report, worker threads, the language server) stay separate chunks, loaded
 * only when used. tsc stays the type checker and builds the library API (dist/src/index.js).
 */
import {build} from 'esbuild'
import {rmSync} from 'node:fs'

const outdir = new URL('../dist/bundle/', import.meta.url).pathname
rmSync(outdir, {recursive: true, force: true})
await build({
  entryPoints: {
    cli: 'dist/src/cli.js',
    'lint-worker': 'dist/src/lint-worker.js',
    'language-server': 'dist/src/lsp/bin.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Keep names readable in stack traces and profiles.
  minify: false,
  logLevel: 'warning',
  // Loaded only when a page or config needs them, from node_modules as they are published: the
  // YAML parser's CommonJS/ESM entry points do not survive bundling, and the others are rarely used.
  external: ['yaml', 'smol-toml', 'fastest-levenshtein', 're2js'],
  // Some dependencies are CommonJS and call `require`; ESM output has none of its own.
  banner: {
    js: "import {createRequire as docgapCreateRequire} from 'node:module'; const require = docgapCreateRequire(import.meta.url);",
  },
})
