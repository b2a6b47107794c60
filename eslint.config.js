import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'release/', '.electron-native/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // Build scripts and configs belong to no tsconfig project.
          allowDefaultProject: ['*.js', 'scripts/*.js', 'renderer/vite.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A switch over a union names every member (or says why not in a default): a new state or code fails the lint.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, allowDefaultCaseForExhaustiveSwitch: false }],
      // node:test's test() returns a promise the runner already tracks.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    // Electron's security checklist: nothing may switch the renderer's sandbox off
    // (main/host/web-preferences.ts turns each on; test/unit/desktop-binding.test.ts checks it).
    files: ['main/**/*.ts', 'main/**/*.cts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['contextIsolation', 'sandbox', 'webSecurity'].map((name) => ({
          selector: `Property[key.name='${name}']:not([value.value=true])`,
          message: `${name} must stay true (Electron security checklist)`,
        })),
        ...['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'webviewTag', 'experimentalFeatures'].map((name) => ({
          selector: `Property[key.name='${name}']:not([value.value=false])`,
          message: `${name} must stay false (Electron security checklist)`,
        })),
        { selector: "Property[key.name='enableBlinkFeatures']", message: 'no Blink features beyond the defaults (Electron security checklist)' },
        { selector: "CallExpression[callee.property.name='appendSwitch'] > Literal[value=/no-sandbox|disable-web-security|remote-debugging|inspect/]", message: 'no switch that weakens the renderer or opens a debugger' },
        { selector: "CallExpression[callee.property.name='disableSandbox']", message: 'the sandbox stays on' },
      ],
    },
  },
  {
    // A CommonJS preload has no typed way to load electron except `import x = require()`.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
