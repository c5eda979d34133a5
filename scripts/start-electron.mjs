// `npm start`: the real Electron app. Electron's binary is fetched on first use; where that is
// impossible (no access to its download host) say so plainly and point to the browser mode.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

if (!fs.existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Tavs: fetching the Electron binary (first start) …');
  const fetched = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { encoding: 'utf8' });
  if (fetched.status !== 0) {
    const reason = `${fetched.stderr}`.split('\n').find((line) => line.trim()) ?? 'unknown error';
    console.error(`
Tavs: the Electron binary is not installed and could not be downloaded here.
  (${reason.trim()})

  On a machine that reaches Electron's download host, run:  npx install-electron --no
  (or set ELECTRON_MIRROR to a reachable mirror first), then npm start again.

  Meanwhile the same UI and the same main-process services run in Chromium:
    npm run start:browser
`);
    process.exit(1);
  }
}

const electronPath = require('electron');
const child = spawn(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
