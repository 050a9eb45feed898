/**
 * Test helpers. The rule test kit is the one plugin authors get, `docgap/testing` (src/testing.ts):
 * the project's tests use it as they do.
 */
import {generatorProfile} from '../src/generators/index.js'
import {docsUrl, report, type Rule} from '../src/rule.js'
import type {GeneratorChoice} from '../src/testing.js'

export {
  checkFixture,
  checkPageExample,
  lint,
  pageExamples,
  stripMarkers,
  type Finding,
  type GeneratorChoice,
  type LintOptions,
} from '../src/testing.js'

/** The profile of a generator named in a test, as the kit picks it (src/testing.ts). */
export function profileOf(choice: GeneratorChoice | undefined) {
  if (choice === undefined) return undefined
  return typeof choice === 'string'
    ? generatorProfile(choice)
    : generatorProfile(choice.generator, choice.options ?? {})
}

/**
 * A fake rule flagging every occurrence of a word, with its exact span, so that engine tests do
 * not depend on what a built-in rule considers a finding.
 */
export function wordRule(id: string, word: string): Rule<undefined> {
  const meta = {id, description: `Flags ${word}.`, recommended: true, url: docsUrl(id)}
  return {
    meta,
    check(_tree, file) {
      String(file.value)
        .split('\n')
        .forEach((text, index) => {
          for (let column = text.indexOf(word); column !== -1; column = text.indexOf(word, column + 1)) {
            const start = {line: index + 1, column: column + 1}
            report(file, meta, `Unexpected \`${word}\``, {
              start,
              end: {line: start.line, column: start.column + word.length},
            })
          }
        })
    },
  }
}
