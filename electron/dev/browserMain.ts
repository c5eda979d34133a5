import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hubConfigIfPresent, loadHubConfig } from '../hub/hubConfig';
import { noHubAuthenticator } from '../services/authenticator';
import { unknownSystemActivity } from '../services/systemActivity';
import { createLogger } from '../services/logger';
import { loadSoftphoneSettings } from '../sip/softphoneSettings';
import { loadRecordPolicy } from '../services/recordPolicyFile';
import { openRecordStore } from '../store/openRecordStore';
import { keyringSecretStore } from '../store/secretStore';
import { createWorkstation } from '../services/workstation';
import { directoryExportTarget } from '../services/exportTarget';
import { startBridge } from './bridgeServer';
import { demoAuthenticator } from './demoAuthenticator';

/**
 * `npm run start:browser`: the real main-process services under plain Node, the bridge, and the
 * same renderer bundle in Chromium. Development and tests only; never packaged.
 *
 * Prints one line `TAVS_READY {json}` on stdout when it serves, so test stacks can wait for it.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    demo: { type: 'boolean', default: false },
    open: { type: 'boolean', default: false },
    'endpoints-file': { type: 'string' },
    'sip-config': { type: 'string' },
    /** hub.json (electron/hub/hubConfig.ts); default: <data-dir>/hub.json if present. With a hub, --demo accounts do not apply. */
    'hub-config': { type: 'string' },
    'records-policy': { type: 'string' },
  },
});

const distRoot = path.resolve(__dirname, '..');
const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-dev-'));
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const log = createLogger({ file: path.join(dataDir, 'tavs.log') });
const version = (JSON.parse(fs.readFileSync(path.join(distRoot, '..', 'package.json'), 'utf8')) as { version: string }).version;

const workstation = createWorkstation({
  dataDir,
  version,
  transport: 'bridge',
  packaged: false,
  authenticator: values.demo ? demoAuthenticator() : noHubAuthenticator,
  // A hub named on the command line must be usable: a broken file stops the launcher.
  hub: values['hub-config']
    ? loadHubConfig(values['hub-config'])
    : hubConfigIfPresent(path.join(dataDir, 'hub.json'), (problem) => log.error('main', problem)),
  softphone: values['sip-config'] ? loadSoftphoneSettings(values['sip-config']) : null,
  // The OS keychain (Secret Service) holds the store key, in development as in production on Linux.
  openRecordStore: () => openRecordStore({ file: path.join(dataDir, 'records.db'), secrets: keyringSecretStore(), log }),
  recordPolicy: loadRecordPolicy(values['records-policy'] ?? path.join(dataDir, 'records-policy.json'), (problem) => log.error('main', problem)),
  // No save dialog in a browser, and the kiosk allows no downloads: exports land here.
  exportTarget: directoryExportTarget(path.join(dataDir, 'exports')),
  // Plain Node cannot see the screen lock or input idleness: presence is never locked or idle here.
  systemActivity: unknownSystemActivity,
  log,
});

async function main(): Promise<void> {
  const bridge = await startBridge({
    host: workstation.host,
    rendererRoot: path.join(distRoot, 'renderer'),
    bridgeClientFile: path.join(distRoot, 'dev', 'bridge-client.js'),
    port: Number(values.port),
    log,
  });

  const endpoints = { url: bridge.url, origin: bridge.origin, token: bridge.token, dataDir, pid: process.pid };
  if (values['endpoints-file']) {
    fs.writeFileSync(values['endpoints-file'], JSON.stringify(endpoints, null, 2), { mode: 0o600 });
  }
  process.stdout.write(`TAVS_READY ${JSON.stringify(endpoints)}\n`);

  let browser: ChildProcess | undefined;
  const shutdown = async (): Promise<void> => {
    browser?.kill();
    workstation.dispose();
    await bridge.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  if (values.open) browser = openChromium(bridge.url, dataDir, () => void shutdown());
}

function openChromium(url: string, profileParent: string, onExit: () => void): ChildProcess | undefined {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stdout.write(`No display found. Open this address in Chromium on this machine:\n  ${url}\n`);
    return undefined;
  }
  const child = spawn(
    process.env.TAVS_CHROMIUM ?? '/usr/bin/chromium',
    [
      `--app=${url}`,
      `--user-data-dir=${path.join(profileParent, 'chromium-profile')}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
    ],
    { stdio: 'ignore' },
  );
  child.on('exit', onExit);
  child.on('error', (error) => {
    process.stdout.write(`Could not start Chromium (${error.message}). Open ${url} yourself.\n`);
  });
  return child;
}

main().catch((error: unknown) => {
  process.stderr.write(`Tavs could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
