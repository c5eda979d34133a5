// The import boundaries of DESIGN.md §3, as lint rules: a wrong import fails `npm test`.
// Each layer lists what it must not import; `shared/` may import only itself and zod.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const layer = (names) => ({ regex: `(^|/)(${names.join('|')})(/|$)` });

function forbid(files, { paths = [], patterns = [], ignores = [] }) {
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

const onlyElectronImportsElectron = { name: 'electron', message: 'Only electron/ may import electron.' };
const noNode = nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node.' }));

export const layerBoundaries = [
  forbid(['shared/**/*.{ts,tsx}'], {
    ignores: ['**/*.test.ts'],
    paths: [onlyElectronImportsElectron, ...noNode],
    patterns: [
      { ...layer(['electron', 'renderer', 'hub', 'e2e', 'build', 'scripts']), message: 'shared/ imports nothing of ours outside shared/.' },
      { regex: '^(?!\\.|zod$)', message: 'shared/ may import only shared/ and zod.' },
    ],
  }),
  // Tests of shared/ code may use the test runner, and still nothing of the other layers.
  forbid(['shared/**/*.test.ts'], {
    paths: [onlyElectronImportsElectron, ...noNode],
    patterns: [{ ...layer(['electron', 'renderer', 'hub', 'e2e']), message: 'shared/ imports nothing of ours outside shared/.' }],
  }),
  forbid(['renderer/**/*.{ts,tsx}'], {
    paths: [onlyElectronImportsElectron, ...noNode],
    patterns: [{ ...layer(['electron', 'hub', 'e2e']), message: 'renderer/ talks to the main process only through window.tavs.' }],
  }),
  forbid(['hub/**/*.ts'], {
    paths: [onlyElectronImportsElectron],
    patterns: [{ ...layer(['electron', 'renderer', 'e2e']), message: 'hub/ shares only shared/ with the workstation.' }],
  }),
  forbid(['electron/**/*.ts'], {
    patterns: [{ ...layer(['renderer', 'hub', 'e2e']), message: 'electron/ shares only shared/ with the renderer and the hub.' }],
  }),
];
