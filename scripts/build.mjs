// Builds every artefact: the Electron main process and preload (packaged), the renderer bundle
// (packaged), and the development launcher and bridge client (never packaged: dist/dev).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  absWorkingDir: root,
  logLevel: 'warning',
  // Native modules load their .node binaries at run time; ws loads its accelerators only if present.
  external: ['electron', 'better-sqlite3-multiple-ciphers', '@napi-rs/keyring', 'bufferutil', 'utf-8-validate'],
};

/** The production main process bundle; `metafile` lets a test list what went into it. */
export function buildMain(outfile = 'dist/electron/main.cjs') {
  return esbuild({ ...node, entryPoints: ['electron/main.ts'], outfile, metafile: true });
}

export function buildPreload() {
  return esbuild({ ...node, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' });
}

export function buildDev() {
  return Promise.all([
    esbuild({ ...node, entryPoints: ['electron/dev/browserMain.ts'], outfile: 'dist/dev/browser-main.cjs' }),
    esbuild({
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      absWorkingDir: root,
      logLevel: 'warning',
      entryPoints: ['renderer/devBridge/bridgeClient.ts'],
      outfile: 'dist/dev/bridge-client.js',
    }),
  ]);
}

export function buildRenderer() {
  return viteBuild({ configFile: `${root}/vite.config.ts`, root: `${root}/renderer`, logLevel: 'warn' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await Promise.all([buildMain(), buildPreload(), buildDev()]);
  await buildRenderer();
  console.log('built dist/electron, dist/renderer, dist/dev');
}
