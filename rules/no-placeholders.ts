// STUB: being written; replaced by the real rule.
import {docsUrl, type Rule} from '../src/rule.js'

const rule: Rule<undefined> = {
  meta: {id: 'no-placeholders', description: 'TODO', recommended: true, url: docsUrl('no-placeholders')},
  check() {},
}
export default rule
