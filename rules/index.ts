/** The built-in rules, alphabetical. */
import type {Rule} from '../src/rule.js'
import noBrokenAnchors from './no-broken-anchors.js'
import noEmptyListItems from './no-empty-list-items.js'
import noPlaceholders from './no-placeholders.js'
import noUnansweredQuestions from './no-unanswered-questions.js'
import noUnresolvedVariables from './no-unresolved-variables.js'
import requireStepLinks from './require-step-links.js'

export const builtinRules: Rule<any>[] = [
  noBrokenAnchors,
  noEmptyListItems,
  noPlaceholders,
  noUnansweredQuestions,
  noUnresolvedVariables,
  requireStepLinks,
]
