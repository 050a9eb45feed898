#!/usr/bin/env node
/**
 * The parse floor: read and parse every Markdown file under the given folders on one thread,
 * with docgap's own parser (createParser from the built dist/src/parse.js, so the floor always
 * uses the same unified processor as docgap), and nothing else: no rules, no report.
 *
 *   node bench/parse-floor.mjs DIR [DIR...]
 *
 * Prints one line: the number of files and bytes parsed. Needs `npm run build` first.
 * DOCGAP_BENCH_DIST=DIR imports DIR/src/parse.js instead (bench/run.mjs uses a snapshot of dist/).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {VFile} from 'vfile'

// docgap's dist/ beside this script, or the snapshot of it that bench/run.mjs measures.
const dist = process.env.DOCGAP_BENCH_DIST
  ? pathToFileURL(`${resolve(process.env.DOCGAP_BENCH_DIST)}/`)
  : new URL('../dist/', import.meta.url)
const {createParser} = await import(new URL('src/parse.js', dist).href)

// The same files docgap lints in a folder with no ignore files: .md and .markdown, without
// node_modules, and without dot-folders and dot-files (docgap's glob does not match them).
function walk(folder, out) {
  for (const entry of readdirSync(folder, {withFileTypes: true})) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const path = join(folder, entry.name)
    if (entry.isDirectory()) walk(path, out)
    else if (entry.isFile() && /\.(?:md|markdown)$/i.test(entry.name)) out.push(path)
  }
  return out
}

const folders = process.argv.slice(2)
if (folders.length === 0) {
  process.stderr.write('usage: node bench/parse-floor.mjs DIR [DIR...]\n')
  process.exit(2)
}
const files = folders.flatMap((folder) => walk(folder, [])).sort()
const parse = createParser()
let bytes = 0
let nodes = 0
for (const path of files) {
  const value = readFileSync(path, 'utf8')
  bytes += value.length
  const tree = parse(new VFile({path, value}))
  // Touch the result so that no engine could skip the work.
  nodes += tree.children.length
}
process.stdout.write(`parse-floor: ${files.length} files, ${bytes} characters, ${nodes} top-level nodes\n`)
