/** Writes schema/docgap.schema.json from the compiled configuration schema (src/config/schema.ts). */
import {writeFileSync} from 'node:fs'
import {builtinRules} from '../dist/rules/index.js'
import {configSchema} from '../dist/src/config/schema.js'

const schema = configSchema(builtinRules.map((rule) => rule.meta.id))
writeFileSync(new URL('../schema/docgap.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`)
