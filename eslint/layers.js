// The import boundaries of DESIGN.md §3, as lint rules: a wrong import fails `npm test`.
// Each layer lists what it must not import; `shared/` may import only itself and zod.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

// A layer is a top-level folder, so an import reaches another layer only by climbing to the
// repository root first: from electron/services/x.ts that is `../../hub/…`, from electron/main.ts
// `../hub/…`. Matching the climb (one rule per folder depth) rather than any path segment named
// like a layer keeps sub-folders such as electron/hub/ or shared/hub/ what they are: parts of
// their own layer.
const MAX_DEPTH = 8;
const intoLayer = (names, depth) => ({ regex: `^(\\./)?(\\.\\./){${depth}}(${names.join('|')})(/|$)` });

/** One config per folder depth below `dir`, for `files` matching `name` (a glob without slashes). */
function forbid(dir, name, { layers, message, paths = [], patterns = [], ignores = [] }) {
  return Array.from({ length: MAX_DEPTH }, (_, index) => ({
    files: [`${dir}/${'*/'.repeat(index)}${name}`],
    ignores,
    rules: { 'no-restricted-imports': ['error', { paths, patterns: [{ ...intoLayer(layers, index + 1), message }, ...patterns] }] },
  }));
}

/** widget/'s rule at each depth: other layers refused; for the page's code also packages, and shared/ but for types. */
function forbidWidget(name, { ignores, pageCode }) {
  return Array.from({ length: MAX_DEPTH }, (_, index) => ({
    files: [`widget/${'*/'.repeat(index)}${name}`],
    ignores,
    // typescript-eslint's variant of the rule: it can tell `import type` (allowed from shared/) apart.
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [onlyElectronImportsElectron, ...noNode],
          patterns: [
            { ...intoLayer(['electron', 'renderer', 'hub', 'e2e', 'integration', 'build', 'scripts'], index + 1), message: 'widget/ runs in the visitor\'s browser: it may import only shared/.' },
            ...(pageCode
              ? [
                  { ...intoLayer(['shared'], index + 1), allowTypeImports: true, message: 'widget/ takes only types from shared/ (its runtime modules bring zod into the page\'s script).' },
                  { regex: '^(?!\\.)', message: 'widget/ uses no packages: the page\'s script stays small and loads nothing else.' },
                ]
              : []),
          ],
        },
      ],
    },
  }));
}

const onlyElectronImportsElectron = { name: 'electron', message: 'Only electron/ may import electron.' };
const noNode = nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node.' }));

export const layerBoundaries = [
  ...forbid('shared', '*.{ts,tsx}', {
    ignores: ['**/*.test.ts'],
    layers: ['electron', 'renderer', 'hub', 'widget', 'e2e', 'integration', 'build', 'scripts'],
    message: 'shared/ imports nothing of ours outside shared/.',
    paths: [onlyElectronImportsElectron, ...noNode],
    patterns: [{ regex: '^(?!\\.|zod$)', message: 'shared/ may import only shared/ and zod.' }],
  }),
  // Tests of shared/ code may use the test runner, and still nothing of the other layers.
  ...forbid('shared', '*.test.ts', {
    layers: ['electron', 'renderer', 'hub', 'widget', 'e2e', 'integration'],
    message: 'shared/ imports nothing of ours outside shared/.',
    paths: [onlyElectronImportsElectron, ...noNode],
  }),
  ...forbid('renderer', '*.{ts,tsx}', {
    layers: ['electron', 'hub', 'widget', 'e2e', 'integration'],
    message: 'renderer/ talks to the main process only through window.tavs.',
    paths: [onlyElectronImportsElectron, ...noNode],
  }),
  ...forbid('hub', '*.ts', {
    layers: ['electron', 'renderer', 'widget', 'e2e', 'integration'],
    message: 'hub/ shares only shared/ with the workstation (it bundles widget/ from its files, never imports it).',
    paths: [onlyElectronImportsElectron],
  }),
  ...forbid('electron', '*.ts', {
    layers: ['renderer', 'hub', 'widget', 'e2e', 'integration'],
    message: 'electron/ shares only shared/ with the renderer and the hub.',
  }),
  // widget/ is the visitor's page on the service's website, bundled by the hub: the browser, no
  // Node, no packages, and of shared/ only types (its runtime modules bring zod, which would
  // triple the page's script). No other layer imports it; the hub bundles it from its files.
  ...forbidWidget('*.ts', { ignores: ['**/*.test.ts'], pageCode: true }),
  // Its tests may use the test runner and check against the contract's schemas; still no Node.
  ...forbidWidget('*.test.ts', { ignores: [], pageCode: false }),
  // integration/ (vitest, like e2e/ for Playwright) runs the workstation's services against a
  // real hub in one process: it may import every layer, and no layer may import it.
];
