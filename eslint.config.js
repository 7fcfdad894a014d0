// The lint rules `npm test` checks (npm run lint): ESLint's and typescript-eslint's recommended
// rules, the TypeScript ones with type information, and React's hook rules for the UI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const unused = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true };

export default tseslint.config(
  { ignores: ['dist/', 'dist-harness/', 'dist-variants/', 'node_modules/', 'public/vendor/', 'public/models/', 'test/fixtures/out/', 'test-results/', 'src/kernels/pixels.ts'] },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // Worker code is checked with the WebWorker library, the service worker with its own, the rest with the DOM.
      parserOptions: { project: ['./tsconfig.worker.json', './tsconfig.sw.json', './tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', unused] },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Props' callbacks are declared as methods and passed around unbound, as React does.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Page code in tests rejects with IndexedDB's own request errors (DOMException | null).
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Tests take methods off the app's objects and patch prototypes on purpose.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowArray: true }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-unused-vars': ['error', unused] },
  },
);
