// A supervisor's logout → the counsellor's registration gone at Kamailio (issue 7 point 8), over
// real parts: Kamailio (leaky profile: signalling only), the hub process on PGlite issuing
// per-shift SIP credentials to it, the workstation's main-process services behind the bridge (this
// script plays its renderer and registers through the relay), and the supervisor's HTTP request.
// Timed from sending the supervisor's POST until JSON-RPC ul.lookup no longer finds the shift user
// (polled back to back, ~1 ms apart). Two paths:
//   acknowledged  the workstation is up: it gets the logout on its presence socket and, with mode
//                 "nu", logs out at once; its DELETE shift-login makes the hub revoke + ul.rm.
//   forced        the workstation was killed (kill -9) half a second before: the hub cannot reach
//                 it and removes the registration itself (revoke + ul.rm).
//
//   tsx bench/logoutUnregister.ts        (TAVS_BENCH_LOGOUTS=30 runs per path, after 2 warm-ups;
//                                         one counsellor account per run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BOARD_LOGOUT_PATH, BOARD_PATH, boardCounsellorPath, type BoardLogoutRequest, type BoardSnapshot } from '../shared/hub/presenceApi';
import { startSipStack, type SipStack } from '../e2e/sip/sipStack';
import { BridgeClient } from '../e2e/stack/bridgeClient';
import { startDemoHub, type DemoHub, type HubAccount } from '../e2e/stack/demoHub';
import { startWorkstation } from '../e2e/stack/workstation';
import { sizeFromEnv } from './hubBenchKit';
import { summary } from './stats';

const RUNS = sizeFromEnv('TAVS_BENCH_LOGOUTS', 30);
const WARMUP = 2;

/** The renderer's REGISTER (sip.js would send the same): the relay puts in the shift's user and answers the challenge. */
function register(cseq: number): string {
  return [
    'REGISTER sip:tavs.invalid SIP/2.0',
    `Via: SIP/2.0/WSS bench.invalid;branch=z9hG4bKbench${cseq}`,
    'Max-Forwards: 70',
    'To: <sip:counsellor@tavs.invalid>',
    'From: <sip:counsellor@tavs.invalid>;tag=benchtag',
    `Call-ID: bench-registration-${cseq}`,
    `CSeq: ${cseq} REGISTER`,
    'Contact: <sip:bench@bench.invalid;transport=ws>;expires=600',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-bench-logout-'));
const sip: SipStack = await startSipStack({ profile: 'leaky', workDir: path.join(workDir, 'sip') });
let demo: DemoHub | undefined;
try {
  // All logins come from 127.0.0.1: more than the default ten a minute.
  demo = await startDemoHub({ sip, dataDir: path.join(workDir, 'hub'), policy: { accounts: { loginAttemptsPerMinute: 100 } } });
  const hub = demo;
  // One counsellor per run, each on shift now: a one-time code is accepted once per account,
  // and each run logs in once per path.
  const counsellors: HubAccount[] = [];
  const start = new Date(Date.now() - 60_000);
  for (let index = 0; index < WARMUP + RUNS; index++) {
    const counsellor = await hub.createUser('counsellor', `raadgiver-${String(index + 1).padStart(2, '0')}`);
    await hub.createShift(counsellor, start, new Date(start.getTime() + 8 * 3600_000));
    counsellors.push(counsellor);
  }
  const supervisor = await hub.createUser('supervisor', 'supervisor');
  const supervisorToken = await hub.login(supervisor);
  const settingsFile = path.join(workDir, 'softphone.json');
  // No static SIP user: the workstation can register only with a shift's credentials.
  fs.writeFileSync(settingsFile, JSON.stringify({ wsUrl: sip.wsUrl, aor: { domain: sip.domain }, mediaServers: ['127.0.0.0/8'] }), { mode: 0o600 });

  const dataDir = (name: string): string => {
    const dir = path.join(workDir, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  const asSupervisor = (urlPath: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${hub.hub.url}${urlPath}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisorToken}` } });
  const boardEntry = async (counsellor: HubAccount): Promise<BoardSnapshot['counsellors'][number] | undefined> =>
    ((await (await asSupervisor(BOARD_PATH)).json()) as BoardSnapshot).counsellors.find((entry) => entry.displayName.endsWith(` ${counsellor.username}`));

  /** Logs the counsellor in at the workstation, registers through the relay; the shift's SIP user. */
  const startShift = async (client: BridgeClient, counsellor: HubAccount, cseq: number): Promise<string> => {
    const login = await client.invoke('session:login', { username: counsellor.username, password: counsellor.password, totp: hub.freshCode(counsellor) });
    if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
    const connected = await client.invoke('sip:connect', {});
    if (!connected.ok) throw new Error(`sip:connect failed: ${JSON.stringify(connected.error)}`);
    const from = client.events.length;
    await client.invoke('sip:send', { message: register(cseq) });
    await client.waitFor('sip:message', ({ message }) => message.startsWith('SIP/2.0 200'), 10_000, from);
    const users = (await sip.registeredAors()).filter((aor) => /^s[0-9a-f]{16}$/.test(aor));
    if (users.length !== 1) throw new Error(`expected one registered shift user, found ${users.length}`);
    // The presence socket is up when the board shows the counsellor on shift.
    await until('presence on the board', async () => !['offline', 'lost', undefined].includes((await boardEntry(counsellor))?.state));
    return users[0]!;
  };

  /** The supervisor's logout ("nu"); resolves with ms until Kamailio has no registration of `user`. */
  const timedLogout = async (counsellor: HubAccount, user: string): Promise<number> => {
    const entry = await boardEntry(counsellor);
    if (!entry) throw new Error('the counsellor is not on the board');
    const request: BoardLogoutRequest = { reason: 'forgot-logout', mode: 'now' };
    const started = performance.now();
    const response = await asSupervisor(boardCounsellorPath(BOARD_LOGOUT_PATH, entry.userId), { method: 'POST', body: JSON.stringify(request) });
    if (response.status !== 202) throw new Error(`logout refused: ${response.status} ${await response.text()}`);
    while (await sip.isRegistered(user)) {
      if (performance.now() - started > 30_000) throw new Error('still registered 30 s after the logout');
    }
    return performance.now() - started;
  };

  // Acknowledged: one workstation, logged in again for every run.
  const acknowledged: number[] = [];
  {
    const workstation = await startWorkstation({ sipConfig: settingsFile, hubUrl: hub.hub.url, demo: false, dataDir: dataDir('ws-acked') });
    const client = await BridgeClient.connect(workstation);
    try {
      for (const [run, counsellor] of counsellors.entries()) {
        const user = await startShift(client, counsellor, run + 1);
        const ms = await timedLogout(counsellor, user);
        if (run >= WARMUP) acknowledged.push(ms);
        await until('the workstation locked', async () => (await boardEntry(counsellor))?.state === 'offline');
      }
    } finally {
      client.close();
      await workstation.stop();
    }
  }

  // Forced: a fresh workstation per run, killed before the supervisor acts.
  const forced: number[] = [];
  for (const [run, counsellor] of counsellors.entries()) {
    const workstation = await startWorkstation({ sipConfig: settingsFile, hubUrl: hub.hub.url, demo: false, dataDir: dataDir(`ws-forced-${run}`) });
    const client = await BridgeClient.connect(workstation);
    const user = await startShift(client, counsellor, 1);
    client.close();
    await workstation.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ms = await timedLogout(counsellor, user);
    if (run >= WARMUP) forced.push(ms);
  }

  console.log('Supervisor logout (POST) → registration gone at Kamailio (ul.lookup finds none)');
  console.log(summary(`acknowledged by the workstation, mode nu`, acknowledged));
  console.log(summary(`workstation killed (kill -9), hub forces`, forced));
} finally {
  await demo?.stop();
  await sip.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
