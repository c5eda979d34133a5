// Presence connections held by one hub process (issue 7 point 8): the real hub process
// (hub/src/main.ts) on PGlite, PRESENCE_CONNECTIONS counsellors each with a live shift login and a
// presence socket from this process, reporting `available` on connect and heartbeating every
// policy.shifts.heartbeatSeconds (spread over the interval, as independent workstations would),
// held for PRESENCE_HOLD_SECONDS. Prints the connections held at the end (the supervisor board is
// asked too: everyone must show as available), the heartbeat → heartbeat-ack round trip
// (p50/p99, seen from here), the hub's resident memory (VmRSS) before and with all connections,
// bytes per connection (memory figures after a full garbage collection in the hub, asked for over
// its inspector on a loopback port; per connection from half of them to all, as the hub returns
// start-up memory to the system once it serves), and the hub's CPU while holding them.
// Accounts, sessions, shifts and shift logins are written to the hub's database before it starts
// (no password hashing for 2,000 accounts; the hub only checks the session tokens).
//   npx tsx bench/presenceConnections.ts
// Sizes: PRESENCE_CONNECTIONS (default 2000), PRESENCE_HOLD_SECONDS (30).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BOARD_PATH, PRESENCE_SOCKET_PATH, boardSnapshotSchema } from '../shared/hub/presenceApi';
import { defaultHubPolicy } from '../hub/src/policy/hubPolicy';
import { startHubProcess } from '../e2e/stack/hubProcess';
import { seedCounsellorsOnShift, sizeFromEnv, temporaryWorkDir } from './hubBenchKit';
import { cpuSeconds, inspectProcess, vmRssBytes, withChildInspector, type ProcessInspector } from './processProbe';
import { summary } from './stats';

const CONNECTIONS = sizeFromEnv('PRESENCE_CONNECTIONS', 2_000);
const HOLD_SECONDS = sizeFromEnv('PRESENCE_HOLD_SECONDS', 30);
const HEARTBEAT_MS = defaultHubPolicy.shifts.heartbeatSeconds * 1000;
/** Sockets opened at a time while connecting. */
const OPENING_AT_ONCE = 50;

/**
 * VmRSS and the JS heap after a full collection, once VmRSS has stayed within 1 MiB for 10 s (at
 * most 90 s): the hub gives memory back to the system in steps some seconds after activity
 * (V8's memory reducer, malloc trimming), and a figure taken before such a step means nothing.
 */
async function settledMemory(pid: number, inspector: ProcessInspector): Promise<{ rss: number; heapUsed: number }> {
  const window: number[] = [];
  for (let second = 0; second < 90; second++) {
    if (second % 5 === 0) await inspector.collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    window.push(vmRssBytes(pid));
    if (window.length > 10) window.shift();
    if (window.length === 10 && Math.max(...window) - Math.min(...window) < 1024 * 1024) break;
  }
  await inspector.collectGarbage();
  return { rss: vmRssBytes(pid), heapUsed: (await inspector.memoryUsage()).heapUsed };
}

interface Workstation {
  ws: WebSocket;
  closed: { code: number } | null;
  stop(): void;
}

const ackMs: number[] = [];
let measuring = false;

/** One workstation: connects, waits for the welcome, reports available, heartbeats. */
function connect(url: string, token: string): Promise<Workstation> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    const sent = new Map<number, number>();
    let seq = 0;
    let timer: NodeJS.Timeout | undefined;
    const station: Workstation = {
      ws,
      closed: null,
      stop: () => {
        clearTimeout(timer);
        clearInterval(timer);
      },
    };
    const beat = (): void => {
      seq += 1;
      sent.set(seq, performance.now());
      ws.send(JSON.stringify({ type: 'heartbeat', seq }));
    };
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; seq?: number };
      if (message.type === 'welcome') {
        ws.send(JSON.stringify({ type: 'state', state: 'available', awayReason: null }));
        // Workstations started at different times: heartbeats spread over the interval.
        timer = setTimeout(() => {
          beat();
          timer = setInterval(beat, HEARTBEAT_MS);
        }, Math.random() * HEARTBEAT_MS);
        resolve(station);
      } else if (message.type === 'heartbeat-ack' && message.seq !== undefined) {
        const at = sent.get(message.seq);
        sent.delete(message.seq);
        if (at !== undefined && measuring) ackMs.push(performance.now() - at);
      }
    });
    ws.on('close', (code) => {
      station.closed = { code };
      station.stop();
    });
    ws.on('error', reject);
  });
}

const workDir = temporaryWorkDir('presence');
const stations: Workstation[] = [];
let hub: Awaited<ReturnType<typeof startHubProcess>> | undefined;
let inspector: ProcessInspector | undefined;
try {
  const dataDir = path.join(workDir, 'hub');
  fs.mkdirSync(dataDir);
  const seeded = await seedCounsellorsOnShift(dataDir, CONNECTIONS, 5);
  // The inspector on a free port, for the hub child only: a full garbage collection before each
  // memory figure (without it start-up garbage, collected at some moment while the connections
  // open, makes "before" larger than "with").
  hub = await withChildInspector(() => startHubProcess({ dataDir }));
  const pid = hub.pid;
  const running = hub;
  inspector = await inspectProcess(() => running.output());
  const url = hub.url.replace(/^http/, 'ws') + PRESENCE_SOCKET_PATH;
  // A few connections opened and closed first, so that "before" is a hub that has served
  // (code compiled, pools and buffers made), not one fresh from start-up.
  const warmUp = await Promise.all(seeded.counsellorTokens.slice(0, 50).map((token) => connect(url, token)));
  for (const station of warmUp) {
    station.stop();
    station.ws.close();
  }
  await Promise.all(warmUp.map((station) => new Promise((resolve) => (station.closed ? resolve(null) : station.ws.once('close', resolve)))));
  const before = await settledMemory(pid, inspector);

  const connectStarted = performance.now();
  const openAll = async (tokens: string[]): Promise<void> => {
    const queue = [...tokens];
    await Promise.all(
      Array.from({ length: OPENING_AT_ONCE }, async () => {
        for (let token = queue.shift(); token !== undefined; token = queue.shift()) stations.push(await connect(url, token));
      }),
    );
  };
  const half = Math.floor(CONNECTIONS / 2);
  await openAll(seeded.counsellorTokens.slice(0, half));
  let connectSeconds = (performance.now() - connectStarted) / 1000;
  // Half of them, then all: the difference is what the second half costs.
  const withHalf = await settledMemory(pid, inspector);
  const secondHalfStarted = performance.now();
  await openAll(seeded.counsellorTokens.slice(half));
  connectSeconds += (performance.now() - secondHalfStarted) / 1000;

  measuring = true;
  const cpuStart = cpuSeconds(pid);
  const holdStarted = performance.now();
  let rssPeak = 0;
  while (performance.now() - holdStarted < HOLD_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    rssPeak = Math.max(rssPeak, vmRssBytes(pid));
  }
  const cpuPercent = ((cpuSeconds(pid) - cpuStart) / ((performance.now() - holdStarted) / 1000)) * 100;
  measuring = false;
  const withAll = await settledMemory(pid, inspector);

  const held = stations.filter((station) => station.closed === null && station.ws.readyState === WebSocket.OPEN).length;
  const boardStarted = performance.now();
  const response = await fetch(hub.url + BOARD_PATH, { headers: { authorization: `Bearer ${seeded.supervisorToken}` } });
  const board = boardSnapshotSchema.parse(await response.json());
  const boardMs = performance.now() - boardStarted;
  const available = board.counsellors.filter((counsellor) => counsellor.state === 'available').length;

  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `presence connections on one hub process (PGlite, ${CONNECTIONS} counsellors, heartbeat every ${HEARTBEAT_MS / 1000} s, held ${HOLD_SECONDS} s)`,
  );
  console.log(`connections held at the end                  ${held} of ${CONNECTIONS} (opened in ${connectSeconds.toFixed(1)} s, ${OPENING_AT_ONCE} at a time)`);
  console.log(`board (GET ${BOARD_PATH}) at the end         ${available} of ${board.counsellors.length} counsellors available, answered in ${boardMs.toFixed(0)} ms`);
  console.log(summary('heartbeat -> heartbeat-ack round trip', ackMs));
  const perConnection = (bytes: number): string => `${Math.round(bytes)} bytes (${(bytes / 1024).toFixed(1)} KiB)`;
  const secondHalf = CONNECTIONS - half;
  console.log(`hub VmRSS before / with half / with all      ${mib(before.rss)} / ${mib(withHalf.rss)} / ${mib(withAll.rss)} (after GC; peak while holding ${mib(rssPeak)})`);
  console.log(`hub JS heap used before / half / all         ${mib(before.heapUsed)} / ${mib(withHalf.heapUsed)} / ${mib(withAll.heapUsed)}`);
  console.log(
    `hub memory per connection (half -> all)      VmRSS ${perConnection((withAll.rss - withHalf.rss) / secondHalf)}, JS heap ${perConnection((withAll.heapUsed - withHalf.heapUsed) / secondHalf)}`,
  );
  if (withAll.rss < before.rss) {
    console.log(`  (VmRSS before -> all fell by ${mib(before.rss - withAll.rss)}: start-up memory the hub gives back once it serves; most of its VmRSS is PGlite's WebAssembly memory)`);
  }
  console.log(`hub CPU while holding                        ${cpuPercent.toFixed(1)} % of one core`);
  if (held !== CONNECTIONS) throw new Error(`only ${held} of ${CONNECTIONS} connections held`);
  if (available !== CONNECTIONS) throw new Error(`the board shows ${available} of ${CONNECTIONS} available`);
} finally {
  for (const station of stations) {
    station.stop();
    station.ws.terminate();
  }
  inspector?.close();
  await hub?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
