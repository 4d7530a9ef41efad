// ESLint for the console: `npm run lint` (run by ./test.sh, zero warnings allowed). Type-aware
// typescript-eslint rules, React hooks (the compiler's checks and exhaustive-deps), accessibility of the
// JSX, and the import boundaries between folders below.
// eslint-plugin-jsx-a11y 6.10.2 (the latest) still declares a peer range that stops at ESLint 9; it uses none
// of the context APIs ESLint 10 removed, so package.json's "overrides" lets it share this ESLint 10.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Folders every part of the console may import from, any file of them: the HTTP contract and client,
// the hash routes, the clock helpers, the modal dialog hook and the style sheets; and i18n, the catalogues.
const shared = ['api', 'dialog', 'routing', 'styles', 'time'];

// Feature folders and the features each one may use, always through the used feature's index.ts (its
// public surface; the rest of the folder is private). The graph is one-way (no cycles): shell lays out
// the areas, components is the live console and the common page parts (header, notices), state is
// the pure reducer under the hub connection. Shared folders import no feature (i18n: see below).
const features = {
  shell: ['accounts', 'admin', 'components', 'realtime', 'referrals', 'statistics', 'voice'],
  accounts: ['components'],
  admin: ['components'],
  components: ['realtime', 'referrals', 'state', 'statistics', 'triage', 'voice'],
  triage: ['referrals', 'realtime'],
  referrals: ['realtime'],
  statistics: [],
  realtime: ['state'],
  state: [],
  voice: [],
};

const importBoundaries = {
  plugins: { boundaries },
  settings: {
    'boundaries/root-path': import.meta.dirname,
    'boundaries/elements': [
      { type: 'i18n', pattern: 'src/i18n' },
      { type: 'shared', pattern: shared.map((name) => `src/${name}`) },
      { type: 'feature', pattern: 'src/*', capture: ['name'] },
    ],
    // main.tsx and App.tsx, directly in src/, start the console and may use any feature's index.ts.
    'boundaries/files': [{ category: 'app', pattern: 'src/*.tsx', partialMatch: false }],
    'import/resolver': { node: { extensions: ['.ts', '.tsx'] } },
  },
  rules: {
    'boundaries/no-unknown-files': 'error',
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        policies: [
          { allow: { to: { element: { type: ['shared', 'i18n'] } } } },
          {
            from: { file: { categories: 'app' } },
            allow: [
              { to: { file: { categories: 'app' } } },
              { to: { element: { type: 'feature', fileInternalPath: 'index.ts' } } },
            ],
          },
          ...Object.entries(features).map(([name, uses]) => ({
            from: { element: { type: 'feature', captured: { name } } },
            allow: { to: { element: { type: 'feature', captured: { name: uses }, fileInternalPath: 'index.ts' } } },
          })),
          // The catalogues assemble each feature's messages.ts and read a few status types from its index.ts.
          {
            from: { element: { type: 'i18n' } },
            allow: { to: { element: { type: 'feature', fileInternalPath: ['index.ts', '**/messages.ts'] } } },
          },
        ],
      },
    ],
  },
};

export default defineConfig(
  globalIgnores(['node_modules/', 'dist/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The type-aware rules read tsconfig.json (src/ only, as tsc checks it).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended, importBoundaries],
    languageOptions: { globals: globals.browser },
  },
  {
    // The two tool configs are outside tsconfig.json (no Node types there): the rules without types only.
    files: ['eslint.config.js', 'vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
