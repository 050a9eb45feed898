// ESLint for docgap's own TypeScript and scripts (`npm run lint`, which `npm test` runs first):
// the recommended rules of ESLint and typescript-eslint, without type information, so that it
// stays quick enough for every test run. Formatting is not checked here.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'coverage/', 'editors/*/out/', 'editors/*/node_modules/']},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node}},
    rules: {
      // A list of rules holds rules of different option types: `Rule<any>` is how it is typed.
      '@typescript-eslint/no-explicit-any': 'off',
      // docgap matches NUL and other control characters on purpose (binary files, slugs).
      'no-control-regex': 'off',
      // Prettier keeps code within 120 columns; this holds what it cannot wrap to the same limit,
      // except data: strings, template literals, regular expressions, URLs and comments.
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
          ignoreComments: true,
        },
      ],
      // `_name` marks a parameter or binding kept for its position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
      ],
    },
  },
)
