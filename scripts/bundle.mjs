/**
 * Bundles the compiled CLI (dist/src) into dist/bundle: a dozen files to load instead of about 280
 * modules, which halves the start-up of a one-file run (the pre-commit case). Modules loaded on
 * demand (formatters, the cache, git, the report, worker threads, the language server) stay separate chunks, loaded
 * only when used. tsc stays the type checker and builds the library API (dist/src/index.js).
 */
import {build} from 'esbuild'
import {readFileSync, rmSync} from 'node:fs'

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
  plugins: [unnamedVisitors()],
  // Loaded only when a page or config needs them, from node_modules as they are published: the
  // YAML parser's CommonJS/ESM entry points do not survive bundling, and the others are rarely used.
  external: ['yaml', 'smol-toml', 'fastest-levenshtein', 're2js'],
  // Some dependencies are CommonJS and call `require`; ESM output has none of its own.
  banner: {
    js: "import {createRequire as docgapCreateRequire} from 'node:module'; const require = docgapCreateRequire(import.meta.url);",
  },
})

/**
 * unist-util-visit-parents names the function it makes for every node it walks
 * (`Object.defineProperty(visit, 'name', …)`, for readable stack traces while debugging a
 * visitor). That costs as much as the walk: half of what the rules take on a page (30 ms of
 * 60 ms of CPU on a 1,000-line page, measured with bench/lsp.mjs's page). The bundle leaves the
 * name out; nothing reads it. The build fails if the code changes, so an upgrade is checked.
 */
function unnamedVisitors() {
  const naming =
    /\n {4}if \(typeof value\.type === 'string'\) \{\n[^]*?Object\.defineProperty\(visit, 'name', \{[^]*?\n {4}\}\n/
  return {
    name: 'unnamed-visitors',
    setup(build) {
      build.onLoad({filter: /[\\/]unist-util-visit-parents[\\/]lib[\\/]index\.js$/}, (args) => {
        const source = readFileSync(args.path, 'utf8')
        if (!naming.test(source))
          throw new Error(`scripts/bundle.mjs: ${args.path} no longer names visitors as expected; update the plugin`)
        return {contents: source.replace(naming, '\n'), loader: 'js'}
      })
    },
  }
}
