/**
 * The JSON Schema of a configuration file, for editors (`$schema`): `npm run build` writes it to
 * schema/docgap.schema.json, which the package publishes. The keys are written out here, each as
 * the loader (resolve.ts) reads it, and test/config-schema.test.ts holds the two together; the
 * generators and the built-in rules come from their registries, so adding one changes no schema
 * by hand.
 */
import {generatorNames} from '../generators/index.js'

export function configSchema(ruleIds: string[]): Record<string, unknown> {
  const ruleEntry = {$ref: '#/definitions/ruleEntry'}
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://unpkg.com/docgap/schema/docgap.schema.json',
    title: 'docgap configuration',
    description:
      'A docgap configuration file: docgap.config.json, docgap.config.yaml, .docgaprc, or the "docgap" key of package.json. ' +
      'See docs/configuration.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {
        type: 'string',
        description: 'This schema, for editors: for example ./node_modules/docgap/schema/docgap.schema.json.',
      },
      extends: {
        description:
          'Presets (docgap:recommended, docgap:strict, plugin/preset) and configuration files (./path) this one builds on, in order; later entries win.',
        oneOf: [{type: 'string'}, {type: 'array', items: {type: 'string'}}],
      },
      plugins: {
        type: 'array',
        description:
          'Modules that add rules and presets: paths relative to this file, or package names (remark-lint rule packages too).',
        items: {type: 'string'},
      },
      generator: {
        description:
          'The site generator that builds the pages: decides heading ids, the site syntax that is not text, and the variables pages may use.',
        enum: ['auto', ...generatorNames()],
        default: 'auto',
      },
      templates: {
        description:
          'Paths or globs, relative to this file, of the templates pages are written from (no-template-residue); ' +
          'without it docgap finds them by name.',
        oneOf: [
          {type: 'string', pattern: '\\S'},
          {type: 'array', items: {type: 'string', pattern: '\\S'}},
        ],
      },
      rules: {$ref: '#/definitions/rules'},
      variables: {$ref: '#/definitions/variables'},
      ignores: {
        type: 'array',
        description: 'Glob patterns (.gitignore syntax), relative to this file, of files not to lint.',
        items: {type: 'string'},
      },
      extensions: {
        type: 'array',
        description: 'File extensions that folder walks, globs, --changed and --staged read.',
        minItems: 1,
        items: {type: 'string', pattern: '^\\.?[A-Za-z0-9][\\w-]*$'},
        default: ['md', 'markdown', 'mdx'],
      },
      overrides: {
        type: 'array',
        description: 'Rules and variables for some files only; later entries win.',
        items: {$ref: '#/definitions/override'},
      },
      allowOutsideVariables: {
        type: 'boolean',
        description:
          'Read variables files outside the repository (refused by default, so that a config cannot read secrets into findings).',
        default: false,
      },
    },
    definitions: {
      severity: {description: 'off, warn or error (0, 1, 2).', enum: ['off', 'warn', 'error', 0, 1, 2]},
      ruleEntry: {
        description: "A severity, or [severity, options]; each rule's page lists its options.",
        oneOf: [
          {$ref: '#/definitions/severity'},
          {type: 'array', minItems: 1, maxItems: 2, items: [{$ref: '#/definitions/severity'}, {}]},
        ],
      },
      rules: {
        type: 'object',
        description: 'Rule ids (plugin rules as plugin/id) mapped to a severity or [severity, options].',
        properties: Object.fromEntries(ruleIds.map((id) => [id, ruleEntry])),
        additionalProperties: ruleEntry,
      },
      variables: {
        type: 'object',
        description:
          'Template variables by namespace: a path to a YAML or JSON file (relative to this file), or the values inline.',
        additionalProperties: {oneOf: [{type: 'string'}, {type: 'object'}]},
      },
      override: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: {
          files: {
            type: 'array',
            minItems: 1,
            description: 'Globs (.gitignore syntax) relative to this file.',
            items: {type: 'string', pattern: '\\S'},
          },
          rules: {$ref: '#/definitions/rules'},
          variables: {$ref: '#/definitions/variables'},
        },
      },
    },
  }
}
