/** Writes schema/docgap.schema.json from the compiled configuration schema (src/config/schema.ts). */
import {mkdirSync, writeFileSync} from 'node:fs'
import {builtinRules} from '../dist/rules/index.js'
import {configSchema} from '../dist/src/config/schema.js'

const schema = configSchema(builtinRules.map((rule) => rule.meta.id))
// The folder may be missing where the package is built from a partial copy (pre-commit's clone of
// the hook repository holds only what git tracks there).
const folder = new URL('../schema/', import.meta.url)
mkdirSync(folder, {recursive: true})
writeFileSync(new URL('docgap.schema.json', folder), `${JSON.stringify(schema, null, 2)}\n`)
