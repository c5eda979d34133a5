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
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BOARD_PATH, PRESENCE_SOCKET_PATH, boardSnapshotSchema } from '../shared/hub/presenceApi';
import { tokenHashOf } from '../hub/src/accounts/sessionStore';
import { migrate } from '../hub/src/db/migrate';
import { openPgliteDatabase } from '../hub/src/db/pgliteDatabase';
import { defaultHubPolicy } from '../hub/src/policy/hubPolicy';
import { startHubProcess } from '../e2e/stack/hubProcess';
import { sizeFromEnv, temporaryWorkDir } from './hubBenchKit';
import { summary } from './stats';

const CONNECTIONS = sizeFromEnv('PRESENCE_CONNECTIONS', 2_000);
const HOLD_SECONDS = sizeFromEnv('PRESENCE_HOLD_SECONDS', 30);
const HEARTBEAT_MS = defaultHubPolicy.shifts.heartbeatSeconds * 1000;
/** Sockets opened at a time while connecting. */
const OPENING_AT_ONCE = 50;

interface Seeded {
  counsellorTokens: string[];
  supervisorToken: string;
}

/** N counsellors on shift now, each logged in to the hub and to the shift; one supervisor. */
async function seed(dataDir: string): Promise<Seeded> {
  const db = await openPgliteDatabase(dataDir);
  try {
    await migrate(db);
    const now = new Date();
    const hour = 3_600_000;
    const newSession = (userId: string): { row: unknown[]; token: string; id: string } => {
      const token = crypto.randomBytes(32).toString('base64url');
      const id = crypto.randomUUID();
      return { row: [id, userId, tokenHashOf(token), now, new Date(now.getTime() + 10 * hour)], token, id };
    };
    const insert = async (table: string, columns: string[], rows: unknown[][]): Promise<void> => {
      for (let from = 0; from < rows.length; from += 500) {
        const params: unknown[] = [];
        const tuples = rows.slice(from, from + 500).map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
        await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
      }
    };

    const users: unknown[][] = [];
    const sessions: unknown[][] = [];
    const shifts: unknown[][] = [];
    const logins: unknown[][] = [];
    const presence: unknown[][] = [];
    const counsellorTokens: string[] = [];
    for (let index = 0; index < CONNECTIONS; index++) {
      const userId = crypto.randomUUID();
      const name = String(index + 1).padStart(5, '0');
      users.push([userId, `bench-${name}`, `Rådgiver ${name}`, 'counsellor', 'not-a-password-hash', now]);
      const session = newSession(userId);
      sessions.push(session.row);
      counsellorTokens.push(session.token);
      const shiftId = crypto.randomUUID();
      shifts.push([shiftId, userId, new Date(now.getTime() - hour), new Date(now.getTime() + 8 * hour), now]);
      const loginId = crypto.randomUUID();
      logins.push([loginId, shiftId, userId, session.id, now]);
      presence.push([userId, loginId, 'offline', now]);
    }
    const supervisorId = crypto.randomUUID();
    users.push([supervisorId, 'bench-supervisor', 'Vagtleder', 'supervisor', 'not-a-password-hash', now]);
    const supervisor = newSession(supervisorId);
    sessions.push(supervisor.row);

    await insert('users', ['id', 'username', 'display_name', 'role', 'password_hash', 'created_at'], users);
    await insert('sessions', ['id', 'user_id', 'token_hash', 'created_at', 'expires_at'], sessions);
    await insert('shifts', ['id', 'user_id', 'starts_at', 'ends_at', 'created_at'], shifts);
    await insert('shift_logins', ['id', 'shift_id', 'user_id', 'session_id', 'started_at'], logins);
    await insert('presence', ['user_id', 'shift_login_id', 'state', 'since'], presence);
    return { counsellorTokens, supervisorToken: supervisor.token };
  } finally {
    await db.close();
  }
}

function vmRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error('no VmRSS');
  return Number(match[1]) * 1024;
}

/**
 * The hub's own inspector (started with --inspect on a free loopback port), to run a full garbage
 * collection before each memory figure: without it start-up garbage, collected at some moment
 * while the connections open, makes "before" larger than "with".
 */
interface HubInspector {
  collectGarbage(): Promise<void>;
  /** process.memoryUsage() inside the hub. */
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
  close(): void;
}

async function inspectHub(output: () => string): Promise<HubInspector> {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output())?.[1];
  if (!url) throw new Error('the hub did not start its inspector');
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    collectGarbage: async () => void (await call('HeapProfiler.collectGarbage')),
    memoryUsage: async () => {
      const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
      return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    },
    close: () => ws.close(),
  };
}

/**
 * VmRSS and the JS heap after a full collection, once VmRSS has stayed within 1 MiB for 10 s (at
 * most 90 s): the hub gives memory back to the system in steps some seconds after activity
 * (V8's memory reducer, malloc trimming), and a figure taken before such a step means nothing.
 */
async function settledMemory(pid: number, inspector: HubInspector): Promise<{ rss: number; heapUsed: number }> {
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

/** The process's user + system CPU time in seconds. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
let inspector: HubInspector | undefined;
try {
  const dataDir = path.join(workDir, 'hub');
  fs.mkdirSync(dataDir);
  const seeded = await seed(dataDir);
  // The inspector on a free port, for the hub child only.
  const nodeOptions = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --inspect=127.0.0.1:0`.trim();
  try {
    hub = await startHubProcess({ dataDir });
  } finally {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  }
  const pid = hub.pid;
  const running = hub;
  inspector = await inspectHub(() => running.output());
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
