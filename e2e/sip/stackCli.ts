// Run the SIP test stack by hand (or from another process):
//
//   npx tsx e2e/sip/stackCli.ts [--profile anonymising|leaky] [--work-dir DIR]
//                               [--out endpoints.json] [--pages] [--pages-port N]
//
// Prints the endpoints as JSON (and writes them to --out), then runs until
// Ctrl-C / SIGTERM, when it stops everything it started. --pages also serves
// the caller simulator (connected as the first caller account) and the test
// counsellor page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSipPages, type SipPages } from './pageServer.js';
import { startSipStack, type SipProfile } from './sipStack.js';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'anonymising' },
    'work-dir': { type: 'string' },
    out: { type: 'string' },
    pages: { type: 'boolean', default: false },
    'pages-port': { type: 'string' },
  },
});

const profile = values.profile as SipProfile;
if (profile !== 'anonymising' && profile !== 'leaky') {
  console.error(`--profile must be anonymising or leaky, not ${values.profile}`);
  process.exit(2);
}
const workDir = values['work-dir'] ?? mkdtempSync(join(tmpdir(), `tavs-sip-${profile}-`));

const stack = await startSipStack({ profile, workDir });
let pages: SipPages | undefined;
let stopping = false;
const stop = async (code: number): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await pages?.stop();
  await stack.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  if (values.pages) {
    const caller = stack.callers[0]!;
    pages = await startSipPages({
      callerConfig: { wsUrl: stack.wsUrl, domain: stack.domain, user: caller.user, password: caller.password },
      port: values['pages-port'] ? Number(values['pages-port']) : 0,
    });
  }
  const endpoints = {
    ...stack.endpoints(),
    ...(pages ? { pages: { callerUrl: pages.callerUrl, counsellorUrl: pages.counsellorUrl } } : {}),
  };
  const json = JSON.stringify(endpoints, null, 2);
  if (values.out) writeFileSync(values.out, `${json}\n`);
  console.log(json);
  console.error(`SIP stack (${profile}) running; logs in ${workDir}. Ctrl-C stops it.`);
} catch (err) {
  console.error(err);
  await stop(1);
}
