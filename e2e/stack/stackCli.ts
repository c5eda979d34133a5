// `npm run stack` / `npm run demo`: a complete local service on embedded defaults — Kamailio
// (anonymising provider profile, rtpengine as media anchor), the hub on PGlite issuing per-shift
// SIP credentials to that Kamailio (an administrator from the admin CLI, a counsellor with a shift
// from now for 8 hours and a supervisor made through its API, some weeks of synthetic contact
// records so the statistics have something to show), the caller simulator, the hub's chat page for
// a visitor, and the workstation's main-process services behind the loopback bridge, logging in at
// the hub.
//
//   tsx e2e/stack/stackCli.ts [--profile anonymising|leaky] [--out FILE] [--open]
//
// Writes the endpoints to --out (default .stack/endpoints.json) and runs until Ctrl-C or
// SIGTERM, then stops everything it started. --open shows the workstation, the caller page and
// the visitor's chat page in Chromium windows when there is a display.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import crypto from 'node:crypto';
import { createRecordFactory } from '../../hub/testing/recordFactory';
import { CHAT_PAGE_PATH } from '../../shared/hub/chatApi';
import { SYNC_BATCH_MAX_RECORDS, SYNC_BATCH_PATH } from '../../shared/hub/syncApi';
import { startSipStack } from '../sip/sipStack.js';
import { startDemoHub, totpFor, type DemoHub, type HubAccount } from './demoHub';
import { startSoftphoneStack } from './softphoneStack';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'anonymising' },
    out: { type: 'string', default: '.stack/endpoints.json' },
    open: { type: 'boolean', default: false },
  },
});
const profile = values.profile;
if (profile !== 'anonymising' && profile !== 'leaky') {
  console.error(`--profile must be anonymising or leaky, not ${profile}`);
  process.exit(2);
}

const SHIFT_HOURS = 8;

// Kamailio first: the hub writes each shift's SIP credentials to it.
const sip = await startSipStack({ profile, workDir: fs.mkdtempSync(path.join(os.tmpdir(), `tavs-sip-${profile}-`)) });
// A fresh hub each run: the demo's data is synthetic and thrown away.
const hubDir = path.resolve(path.dirname(values.out), 'hub-data');
fs.rmSync(hubDir, { recursive: true, force: true });
const demoHub = await startDemoHub({ dataDir: hubDir, policy: { controller: { name: 'Tavs demo-rådgivning' } }, sip });
const counsellor = await demoHub.createUser('counsellor', 'raadgiver');
const supervisor = await demoHub.createUser('supervisor', 'supervisor');
// raadgiver may log in (and take calls) only during a shift: one from now for the demo's length.
const shiftStart = new Date(Date.now() - 60_000);
const shift = await demoHub.createShift(counsellor, shiftStart, new Date(shiftStart.getTime() + SHIFT_HOURS * 3600_000));
await seedDemoRecords(demoHub, counsellor);

const stack = await startSoftphoneStack(profile, { connectCallerPage: true, hubUrl: demoHub.hub.url, sip, perShiftCredentials: true });
const chatUrl = `${demoHub.hub.url}${CHAT_PAGE_PATH}`;
const browsers: ChildProcess[] = [];
let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const browser of browsers) browser.kill();
  await stack.stop();
  await demoHub.stop();
  await sip.stop();
  process.exit(code);
}

/** Four weeks of synthetic records, sent through the hub's real sync endpoint as a workstation would. */
async function seedDemoRecords(hub: DemoHub, account: HubAccount): Promise<void> {
  const token = await hub.login(account);
  const now = Date.now();
  const records = createRecordFactory(2026).records(1500, { from: new Date(now - 28 * 24 * 3600_000), to: new Date(now - 3600_000) }, { summary: '' });
  for (let start = 0; start < records.length; start += SYNC_BATCH_MAX_RECORDS) {
    const response = await fetch(`${hub.hub.url}${SYNC_BATCH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ batchId: crypto.randomUUID(), records: records.slice(start, start + SYNC_BATCH_MAX_RECORDS) }),
    });
    if (!response.ok) throw new Error(`seeding demo records failed: ${response.status} ${await response.text()}`);
  }
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const endpoints = {
  profile,
  hub: { url: demoHub.hub.url, dataDir: hubDir },
  workstation: { url: stack.workstation.url, bridgeUrl: `${stack.workstation.origin.replace('http', 'ws')}/__tavs/bridge`, dataDir: stack.workstation.dataDir },
  sip: { wsUrl: sip.wsUrl, domain: sip.domain, jsonrpcUrl: sip.jsonrpcUrl, helplineUri: sip.helplineUri },
  shift: { username: counsellor.username, startsAt: shift.startsAt, endsAt: shift.endsAt },
  callerUrl: stack.pages.callerUrl,
  chatUrl,
  logs: { kamailio: stack.sip.kamailio.logFile, workstation: path.join(stack.workstation.dataDir, 'tavs.log') },
  // Demo accounts only: a real service never writes a password or a TOTP secret to a file.
  accounts: Object.fromEntries([counsellor, supervisor, demoHub.admin].map((account) => [account.username, { password: account.password, role: account.role, totpSecret: account.totpSecret }])),
};
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });

console.log(`
Tavs is running (${profile} provider profile). Endpoints: ${values.out}

  Hub:          ${demoHub.hub.url}  (PGlite in ${hubDir}, 1,500 synthetic records)
  Workstation:  ${stack.workstation.url}
                counsellor: raadgiver / ${counsellor.password}   (on shift until ${new Date(shift.endsAt).toLocaleTimeString('da-DK')})
                supervisor: supervisor / ${supervisor.password}   (Statistik and Vagten in the supervisor area)
                plus the one-time code printed below (it changes every 30 s)
  Caller:       ${stack.pages.callerUrl}
                call "${stack.callTarget}" with any number and name (rings raadgiver once logged in)
  Chat:         ${chatUrl}
                the visitor's chat page: write, and raadgiver gets the chat on the workstation

Ctrl-C stops everything.`);

// The demo's stand-in for an authenticator app: the current codes, whenever they change.
let lastStep = -1;
const printCodes = (): void => {
  const step = Math.floor(Date.now() / 30_000);
  if (step === lastStep) return;
  lastStep = step;
  console.log(`one-time codes now: raadgiver ${totpFor(counsellor)} · supervisor ${totpFor(supervisor)} · admin ${totpFor(demoHub.admin)}`);
};
printCodes();
setInterval(printCodes, 1000).unref();

if (values.open) {
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-demo-chromium-'));
    const chromium = (url: string, name: string): ChildProcess =>
      spawn(
        '/usr/bin/chromium',
        [`--app=${url}`, `--user-data-dir=${path.join(profileDir, name)}`, '--no-first-run', '--disable-background-networking', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
        { stdio: 'ignore' },
      );
    browsers.push(chromium(stack.workstation.url, 'workstation'), chromium(stack.pages.callerUrl, 'caller'), chromium(chatUrl, 'visitor'));
  } else {
    console.log('\nNo display here: open the three addresses above in Chromium on this machine.');
  }
}
