// ESLint for byoc-bridge: a modest rule set (typescript-eslint's recommended rules plus a few that catch real bugs)
// and the import boundaries of docs/architecture.md §2, checked by eslint-plugin-boundaries.
// The boundary policies live in eslint/boundaries.js; eslint/boundaries.spec.ts proves they bite.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/boundaries.js';

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.data/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      // Type information for no-floating-promises: each file is checked with its own tsconfig (widget/ has its own).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten await in a service full of async work loses errors and ordering; `void` marks the deliberate ones.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function passed where a callback's result is ignored (Array.forEach, an event emitter) drops its errors.
      '@typescript-eslint/no-misused-promises': 'error',
      // Unused names are usually a half-finished edit; a leading underscore marks the ones kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Off: our regexes with control characters match them on purpose (to refuse them in a URL, or as a placeholder).
      'no-control-regex': 'off',
      // Off: it reports a value used only as a parameter decorator's argument or a decorator defined in the same file
      // as useless (eslint/eslint#20947), which Nest controllers do on purpose (src/auth/integration-token.controller.ts).
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['widget/**/*.ts'],
    rules: {
      // Off: the widget is plain scripts joined into one function scope (widget-bundle.ts), so a name declared in
      // one file is used in another, which this rule cannot see. `tsc -p widget` still catches undefined names.
      '@typescript-eslint/no-unused-vars': 'off',
      // Off: the widget's callbacks are `function` expressions that reach their object through `self`, one style
      // throughout the widget; it is not a bug.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  ...boundaries.boundaryConfigs,
  {
    files: ['eslint/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
