// `npm run stack` / `npm run demo`: a complete local service on embedded defaults — Kamailio
// (anonymising provider profile, rtpengine as media anchor), the caller simulator, and the
// workstation's main-process services with the demo accounts behind the loopback bridge.
//
//   tsx e2e/stack/stackCli.ts [--profile anonymising|leaky] [--out FILE] [--open]
//
// Writes the endpoints to --out (default .stack/endpoints.json) and runs until Ctrl-C or
// SIGTERM, then stops everything it started. --open shows the workstation and the caller page
// in Chromium windows when there is a display.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
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

const stack = await startSoftphoneStack(profile, { connectCallerPage: true });
const browsers: ChildProcess[] = [];
let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const browser of browsers) browser.kill();
  await stack.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const endpoints = {
  profile,
  workstation: { url: stack.workstation.url, bridgeUrl: `${stack.workstation.origin.replace('http', 'ws')}/__tavs/bridge`, dataDir: stack.workstation.dataDir },
  sip: { wsUrl: stack.sip.wsUrl, domain: stack.sip.domain, counsellorAddress: `sip:${stack.counsellor}@${stack.sip.domain}`, helplineUri: stack.sip.helplineUri },
  callerUrl: stack.pages.callerUrl,
  logs: { kamailio: stack.sip.kamailio.logFile, workstation: path.join(stack.workstation.dataDir, 'tavs.log') },
};
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });

console.log(`
Tavs is running (${profile} provider profile). Endpoints: ${values.out}

  Workstation:  ${stack.workstation.url}
                log in as raadgiver / tavs-demo (counsellor) or supervisor / tavs-demo
  Caller:       ${stack.pages.callerUrl}
                call "${stack.counsellor}" or "helpline" with any number and name

Ctrl-C stops everything.`);

if (values.open) {
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-demo-chromium-'));
    const chromium = (url: string, name: string): ChildProcess =>
      spawn(
        '/usr/bin/chromium',
        [`--app=${url}`, `--user-data-dir=${path.join(profileDir, name)}`, '--no-first-run', '--disable-background-networking', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
        { stdio: 'ignore' },
      );
    browsers.push(chromium(stack.workstation.url, 'workstation'), chromium(stack.pages.callerUrl, 'caller'));
  } else {
    console.log('\nNo display here: open the two addresses above in Chromium on this machine.');
  }
}
