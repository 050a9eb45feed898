/** The built-in rules, alphabetical. */
import type {Rule} from '../src/rule.js'
import noBrokenAnchors from './no-broken-anchors.js'
import noEditorialNotes from './no-editorial-notes.js'
import noEmptyLinks from './no-empty-links.js'
import noEmptyListItems from './no-empty-list-items.js'
import noEmptySections from './no-empty-sections.js'
import noLiteralTemplateSyntax from './no-literal-template-syntax.js'
import noPlaceholders from './no-placeholders.js'
import noTemplateResidue from './no-template-residue.js'
import noTodoComments from './no-todo-comments.js'
import noUnansweredQuestions from './no-unanswered-questions.js'
import noUnresolvedVariables from './no-unresolved-variables.js'
import requireFrontmatter from './require-frontmatter.js'
import requireStepLinks from './require-step-links.js'

export const builtinRules: Rule<any>[] = [
  noBrokenAnchors,
  noEditorialNotes,
  noEmptyLinks,
  noEmptyListItems,
  noEmptySections,
  noLiteralTemplateSyntax,
  noPlaceholders,
  noTemplateResidue,
  noTodoComments,
  noUnansweredQuestions,
  noUnresolvedVariables,
  requireFrontmatter,
  requireStepLinks,
]
