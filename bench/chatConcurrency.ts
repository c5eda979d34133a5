// Concurrent chats on one hub process (issue 8 point 7): the real hub process (hub/src/main.ts) on
// PGlite with CHAT_COUNSELLORS counsellors (sessions, shifts and shift logins written before it
// starts, by the bench kit's seedCounsellorsOnShift), each with a chat socket from this process that is
// accepting and takes every offer at once; CHAT_CONVERSATIONS visitor sockets, each from its own
// loopback address (127.0.x.y, so the per-source abuse limits stay at the policy's defaults and
// count one visitor each, as on the internet), each opening a conversation. Once all are active,
// every visitor sends one warm-up message (not measured), then one message every
// CHAT_SEND_EVERY_MS for CHAT_STEADY_SECONDS (starts spread over the interval), the send time in
// the text; the counsellor side acks each message and takes the time it arrived. Printed: the
// time for all conversations to be routed (and hello → "counsellor joined" per visitor), visitor →
// counsellor latency p50/p99/max, the visitor's own echo, messages per second, the hub's CPU (user + system, from /proc, over the steady phase) and memory (VmRSS
// before the visitors, peak, with all of them, after all ended; JS heap after a full collection via
// its inspector, per conversation), and what the supervisor board shows. The peer, in the same
// run: the same clients and load through a bare `ws` relay process speaking the same frames
// (bench/chatRelayPeer.ts), so the broker's own cost shows as a ratio.
// Checked, or the run fails: every message arrived at the counsellor exactly once and in order
// per conversation (the bench's own counter and the hub's seq), each conversation belongs to one
// visitor, every visitor got its echoes, no error frame and no socket closed unasked, and every
// conversation ended cleanly at the end; and no visitor address is in the hub's log (invariant I1).
//   npx tsx bench/chatConcurrency.ts
// Sizes: CHAT_CONVERSATIONS (500), CHAT_COUNSELLORS (100), CHAT_SEND_EVERY_MS (2000),
// CHAT_STEADY_SECONDS (20).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import {
  CHAT_COUNSELLOR_SOCKET_PATH,
  CHAT_VISITOR_SOCKET_PATH,
  counsellorEventSchema,
  visitorEventSchema,
  type ChatMessage,
  type CounsellorMessage,
  type VisitorMessage,
} from '../shared/hub/chatApi';
import { BOARD_PATH, boardSnapshotSchema } from '../shared/hub/presenceApi';
import { startHubProcess, type HubProcess } from '../e2e/stack/hubProcess';
import { seedCounsellorsOnShift, sizeFromEnv, temporaryWorkDir } from './hubBenchKit';
import { cpuSeconds, inspectProcess, sampleRss, vmRssBytes, withChildInspector, type ProcessInspector } from './processProbe';
import { percentile, summary } from './stats';

const CONVERSATIONS = sizeFromEnv('CHAT_CONVERSATIONS', 500);
const COUNSELLORS = sizeFromEnv('CHAT_COUNSELLORS', 100);
const SEND_EVERY_MS = sizeFromEnv('CHAT_SEND_EVERY_MS', 2_000);
const STEADY_SECONDS = sizeFromEnv('CHAT_STEADY_SECONDS', 20);
const MESSAGES_EACH = Math.max(1, Math.floor((STEADY_SECONDS * 1000) / SEND_EVERY_MS));
/** Every counsellor holds an equal share: the policy's capacity is raised to it. */
const PARALLEL = Math.ceil(CONVERSATIONS / COUNSELLORS);
/** Visitor sockets opened at a time. */
const OPENING_AT_ONCE = 50;
/** How long routing and draining may take before the run counts as failed. */
const ROUTE_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 15_000;

if (PARALLEL > 10) throw new Error(`${CONVERSATIONS} conversations need more than 10 per counsellor (the policy's most): raise CHAT_COUNSELLORS`);
if (CONVERSATIONS > 250 * 250) throw new Error('at most 62,500 visitors (one loopback address each)');

/** The bench policy: capacity for the load, and a message rate with room above the send rate; all else default. */
const benchPolicy = {
  chat: {
    maxParallelChats: PARALLEL,
    messagesPerMinute: Math.min(600, Math.ceil((2 * 60_000) / SEND_EVERY_MS)),
  },
};

/** Where the clients connect: the hub, or the bare relay. */
interface Target {
  name: string;
  pid: number;
  counsellorUrl: string;
  counsellorHeaders(index: number): Record<string, string>;
  visitorUrl: string;
  /** The hub ends conversations on the counsellor's `end`; the bare relay does not know `end`. */
  endsConversations: boolean;
  /** The hub's inspector, for heap figures after a full collection. */
  inspector?: ProcessInspector;
  /** What the supervisor board says: waiting and active conversations. */
  board?: () => Promise<{ waiting: number; active: number; queueChats: number | null; ms: number }>;
}

interface Memory {
  rss: number;
  heapUsed: number | null;
}

interface Figures {
  routeSeconds: number;
  routeCpuPercent: number;
  joinMs: number[];
  latencyMs: number[];
  echoMs: number[];
  sent: number;
  delivered: number;
  messagesPerSecond: number;
  steadyCpuPercent: number;
  rssPeak: number;
  before: Memory;
  withAll: Memory;
  afterEnded: Memory;
  offersWithdrawn: number;
  board: Awaited<ReturnType<NonNullable<Target['board']>>> | null;
  problems: string[];
}

const TEXT_PATTERN = /^v(\d+) n(\d+) t(\d+\.\d+)$/;

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function memoryOf(target: Target): Promise<Memory> {
  if (!target.inspector) return { rss: vmRssBytes(target.pid), heapUsed: null };
  await target.inspector.collectGarbage();
  return { rss: vmRssBytes(target.pid), heapUsed: (await target.inspector.memoryUsage()).heapUsed };
}

/** The whole load against one target: counsellors, visitors, routing, steady messages, ending. */
async function runLoad(target: Target): Promise<Figures> {
  const problems: string[] = [];
  const problem = (text: string): void => void problems.push(text);
  const sockets: WebSocket[] = [];
  let finishing = false;

  // ---- Counsellor side ----
  const owner = new Map<string, WebSocket>();
  const conversationOfVisitor = new Map<number, string>();
  const visitorOfConversation = new Map<string, number>();
  const lastSeq = new Map<string, number>();
  const lastN = new Array<number>(CONVERSATIONS).fill(0);
  const latencyMs: number[] = [];
  let delivered = 0;
  let lastDeliveredAt = 0;
  let routed = 0;
  let lastRoutedAt = 0;
  let offersWithdrawn = 0;
  let measuring = false;

  const counsellorSend = (ws: WebSocket, message: CounsellorMessage): void => ws.send(JSON.stringify(message));
  const fromVisitor = (ws: WebSocket, conversationId: string, message: ChatMessage): void => {
    const previous = lastSeq.get(conversationId) ?? 0;
    if (message.seq <= previous) problem(`seq ${message.seq} after ${previous} in one conversation`);
    lastSeq.set(conversationId, Math.max(previous, message.seq));
    counsellorSend(ws, { type: 'ack', conversationId, seq: message.seq });
    if (message.from !== 'visitor') return;
    const at = performance.now();
    const match = TEXT_PATTERN.exec(message.text);
    if (!match) return problem('a visitor message arrived changed');
    const visitor = Number(match[1]);
    const n = Number(match[2]);
    const bound = visitorOfConversation.get(conversationId);
    if (bound === undefined) {
      if (conversationOfVisitor.has(visitor)) problem(`visitor ${visitor} arrived in two conversations`);
      visitorOfConversation.set(conversationId, visitor);
      conversationOfVisitor.set(visitor, conversationId);
    } else if (bound !== visitor) problem(`visitors ${bound} and ${visitor} in one conversation`);
    if (n <= (lastN[visitor] ?? 0)) problem(`visitor ${visitor}'s message ${n} arrived again or late`);
    else if (n !== (lastN[visitor] ?? 0) + 1) problem(`visitor ${visitor}'s message ${n} arrived before ${(lastN[visitor] ?? 0) + 1}`);
    lastN[visitor] = Math.max(lastN[visitor] ?? 0, n);
    delivered += 1;
    lastDeliveredAt = at;
    if (measuring) latencyMs.push(at - Number(match[3]));
  };

  const connectCounsellor = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(target.counsellorUrl, { headers: target.counsellorHeaders(index) });
      sockets.push(ws);
      ws.on('message', (data: Buffer) => {
        const parsed = counsellorEventSchema.safeParse(JSON.parse(data.toString('utf8')));
        if (!parsed.success) return problem('a counsellor frame did not match the protocol');
        const event = parsed.data;
        switch (event.type) {
          case 'welcome':
            counsellorSend(ws, { type: 'accepting', accepting: true });
            resolve();
            return;
          case 'offer':
            counsellorSend(ws, { type: 'accept', offerId: event.offer.offerId });
            return;
          case 'offer-withdrawn':
            offersWithdrawn += 1;
            return;
          case 'conversation': {
            const { conversationId, state, messages } = event.conversation;
            if (state === 'active') {
              if (!owner.has(conversationId)) {
                owner.set(conversationId, ws);
                routed += 1;
                lastRoutedAt = performance.now();
              }
            } else if (state !== 'ended' || !finishing) problem(`a conversation went ${state}`);
            for (const message of messages) fromVisitor(ws, conversationId, message);
            return;
          }
          case 'message':
            fromVisitor(ws, event.conversationId, event.message);
            return;
          case 'released':
            if (!finishing || event.reason !== 'ended') problem(`a conversation was released (${event.reason})`);
            return;
          case 'error':
            problem(`counsellor got error ${event.code}`);
            return;
          case 'typing':
            return;
          default: {
            const unexpected: never = event;
            return problem(`unexpected counsellor event ${String(unexpected)}`);
          }
        }
      });
      ws.on('close', (code) => {
        if (!finishing) problem(`a counsellor socket closed (${code})`);
      });
      ws.on('error', reject);
    });

  // ---- Visitor side ----
  interface Visitor {
    ws: WebSocket;
    helloAt: number;
    joined: boolean;
    sent: number;
    echoes: number;
    ended: boolean;
    closed: boolean;
  }
  const visitors: Visitor[] = [];
  const joinMs: number[] = [];
  const echoMs: number[] = [];
  let joined = 0;

  const connectVisitor = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const localAddress = `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
      const ws = new WebSocket(target.visitorUrl, { localAddress });
      const visitor: Visitor = { ws, helloAt: 0, joined: false, sent: 0, echoes: 0, ended: false, closed: false };
      visitors[index] = visitor;
      const send = (message: VisitorMessage): void => ws.send(JSON.stringify(message));
      ws.on('open', () => {
        visitor.helloAt = performance.now();
        send({ type: 'hello', token: null });
      });
      ws.on('message', (data: Buffer) => {
        const parsed = visitorEventSchema.safeParse(JSON.parse(data.toString('utf8')));
        if (!parsed.success) return problem('a visitor frame did not match the protocol');
        const event = parsed.data;
        switch (event.type) {
          case 'welcome':
            resolve();
            return;
          case 'message': {
            const { message } = event;
            send({ type: 'ack', seq: message.seq });
            if (message.notice === 'counsellor-joined' && !visitor.joined) {
              visitor.joined = true;
              joined += 1;
              joinMs.push(performance.now() - visitor.helloAt);
            } else if (message.from === 'visitor') {
              visitor.echoes += 1;
              const match = TEXT_PATTERN.exec(message.text);
              if (match?.[1] !== String(index) || event.clientId !== `m${match[2]}`) problem('a visitor got an echo that is not its own');
              else if (measuring) echoMs.push(performance.now() - Number(match[3]));
            }
            return;
          }
          case 'ended':
            visitor.ended = true;
            if (!finishing) problem(`a conversation ended (${event.by})`);
            return;
          case 'closed':
            problem('chat is closed (opening hours)');
            return;
          case 'error':
            problem(`visitor got error ${event.code}`);
            return;
          case 'queue':
          case 'typing':
            return;
          default: {
            const unexpected: never = event;
            return problem(`unexpected visitor event ${String(unexpected)}`);
          }
        }
      });
      ws.on('close', (code) => {
        visitor.closed = true;
        if (!finishing) problem(`a visitor socket closed (${code})`);
      });
      ws.on('error', reject);
    });

  const sendFrom = (index: number): void => {
    const visitor = visitors[index];
    if (!visitor) return;
    visitor.sent += 1;
    const message: VisitorMessage = { type: 'message', clientId: `m${visitor.sent}`, text: `v${index} n${visitor.sent} t${performance.now().toFixed(3)}` };
    visitor.ws.send(JSON.stringify(message));
  };

  try {
    await Promise.all(Array.from({ length: COUNSELLORS }, (_, index) => connectCounsellor(index)));
    const before = await memoryOf(target);

    // Routing: visitors open OPENING_AT_ONCE at a time; counsellors take every offer at once.
    const routeRss = sampleRss(target.pid);
    const routeCpu = cpuSeconds(target.pid);
    const routeStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: OPENING_AT_ONCE }, async () => {
        for (let index = next++; index < CONVERSATIONS; index = next++) await connectVisitor(index);
      }),
    );
    await until(() => routed >= CONVERSATIONS, ROUTE_TIMEOUT_MS, `${CONVERSATIONS} conversations routed (${routed} so far)`);
    const routeSeconds = (lastRoutedAt - routeStarted) / 1000;
    const routeCpuPercent = ((cpuSeconds(target.pid) - routeCpu) / ((performance.now() - routeStarted) / 1000)) * 100;
    await until(() => joined >= CONVERSATIONS, 5_000, `every visitor told the counsellor joined (${joined} so far)`);

    // Every visitor sends MESSAGES_EACH messages every SEND_EVERY_MS from its own offset in the interval.
    const sendRounds = (count: number, from: number): Promise<unknown> =>
      Promise.all(
        visitors.map(async (_, index) => {
          const offset = Math.random() * SEND_EVERY_MS;
          for (let k = 0; k < count; k++) {
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, from + offset + k * SEND_EVERY_MS - performance.now())));
            sendFrom(index);
          }
        }),
      );
    // A warm-up round, not measured (both sides' code compiled and warm, as in a running service).
    await sendRounds(1, performance.now());
    await until(() => delivered >= CONVERSATIONS, DRAIN_TIMEOUT_MS, `the warm-up round delivered (${delivered} of ${CONVERSATIONS})`);

    // Steady phase.
    measuring = true;
    const deliveredBefore = delivered;
    const steadyCpu = cpuSeconds(target.pid);
    const steadyStarted = performance.now();
    const lastSendAt = steadyStarted + SEND_EVERY_MS * MESSAGES_EACH;
    await sendRounds(MESSAGES_EACH, steadyStarted);
    const sent = visitors.reduce((sum, visitor) => sum + visitor.sent, 0);
    await until(() => delivered >= sent, DRAIN_TIMEOUT_MS, `every message delivered (${delivered} of ${sent})`).catch((error: unknown) =>
      problem(error instanceof Error ? error.message : String(error)),
    );
    await until(() => visitors.every((visitor) => visitor.echoes >= visitor.sent), DRAIN_TIMEOUT_MS, 'every echo').catch(() => problem('a visitor missed an echo'));
    const steadySeconds = (Math.max(lastDeliveredAt, lastSendAt) - steadyStarted) / 1000;
    const steadyCpuPercent = ((cpuSeconds(target.pid) - steadyCpu) / ((performance.now() - steadyStarted) / 1000)) * 100;
    measuring = false;
    const rssPeak = routeRss.stop();
    const board = target.board ? await target.board() : null;
    const withAll = await memoryOf(target);

    // Ending: the counsellor ends every conversation (the relay: the visitors leave).
    finishing = true;
    if (target.endsConversations) {
      for (const [conversationId, ws] of owner) counsellorSend(ws, { type: 'end', conversationId });
      await until(() => visitors.every((visitor) => visitor.ended && visitor.closed), DRAIN_TIMEOUT_MS, 'every conversation ended').catch((error: unknown) =>
        problem(error instanceof Error ? error.message : String(error)),
      );
    } else {
      for (const visitor of visitors) visitor.ws.close();
      await until(() => visitors.every((visitor) => visitor.closed), DRAIN_TIMEOUT_MS, 'every visitor gone');
    }
    // The client sees the close frame before the hub has run its own close handlers.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const afterEnded = await memoryOf(target);

    for (let index = 0; index < CONVERSATIONS; index++) {
      const visitor = visitors[index];
      if (visitor && lastN[index] !== visitor.sent) problem(`visitor ${index}: ${lastN[index] ?? 0} of ${visitor.sent} messages arrived`);
    }
    return {
      routeSeconds,
      routeCpuPercent,
      joinMs,
      latencyMs,
      echoMs,
      sent,
      delivered,
      messagesPerSecond: (delivered - deliveredBefore) / steadySeconds,
      steadyCpuPercent,
      rssPeak,
      before,
      withAll,
      afterEnded,
      offersWithdrawn,
      board,
      problems,
    };
  } finally {
    finishing = true;
    for (const ws of sockets) ws.terminate();
    for (const visitor of visitors) visitor.ws.terminate();
  }
}

/** The bare relay process (bench/chatRelayPeer.ts) on a free loopback port. */
async function startRelay(): Promise<{ pid: number; port: number; stop(): Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chatRelayPeer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /relay listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
  });
  return {
    pid: child.pid ?? -1,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ratio = (hub: number, peer: number): string => `${(hub / peer).toFixed(2)}×`;
const line = (label: string, text: string): string => `${label.padEnd(44)} ${text}`;
const withMax = (label: string, samples: readonly number[]): string => `${summary(label, samples)}  max=${Math.max(...samples).toFixed(3)} ms`;

const workDir = temporaryWorkDir('chat');
let hub: HubProcess | undefined;
let inspector: ProcessInspector | undefined;
let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
try {
  const dataDir = path.join(workDir, 'hub');
  fs.mkdirSync(dataDir);
  const seeded = await seedCounsellorsOnShift(dataDir, COUNSELLORS, 4);
  const policyFile = path.join(workDir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify(benchPolicy));
  hub = await withChildInspector(() => startHubProcess({ dataDir, policyFile }));
  const running = hub;
  inspector = await inspectProcess(() => running.output());
  const wsBase = hub.url.replace(/^http/, 'ws');
  const hubFigures = await runLoad({
    name: 'hub',
    pid: hub.pid,
    counsellorUrl: wsBase + CHAT_COUNSELLOR_SOCKET_PATH,
    counsellorHeaders: (index) => ({ authorization: `Bearer ${seeded.counsellorTokens[index] ?? ''}` }),
    visitorUrl: wsBase + CHAT_VISITOR_SOCKET_PATH,
    endsConversations: true,
    inspector,
    board: async () => {
      const started = performance.now();
      const response = await fetch(running.url + BOARD_PATH, { headers: { authorization: `Bearer ${seeded.supervisorToken}` } });
      const board = boardSnapshotSchema.parse(await response.json());
      return { waiting: board.chat?.waiting ?? -1, active: board.chat?.active ?? -1, queueChats: board.queue.chats, ms: performance.now() - started };
    },
  });
  inspector.close();
  inspector = undefined;
  await hub.stop();
  // Invariant I1 in passing: the visitors came from 127.0.1.1 upwards; none of those in the hub's log.
  const addressesLogged = (hub.output().match(/\b127\.0\.(?!0\.)\d+\.\d+\b/g) ?? []).length;
  const logLines = hub.output().split('\n').length;
  hub = undefined;

  relay = await startRelay();
  const relayBase = `ws://127.0.0.1:${relay.port}`;
  const relayFigures = await runLoad({
    name: 'bare ws relay',
    pid: relay.pid,
    counsellorUrl: `${relayBase}/counsellor`,
    counsellorHeaders: () => ({}),
    visitorUrl: `${relayBase}/visitor`,
    endsConversations: false,
  });
  await relay.stop();
  relay = undefined;

  const h = hubFigures;
  const r = relayFigures;
  console.log(
    `${CONVERSATIONS} concurrent chats on one hub process (PGlite, ${COUNSELLORS} counsellors × ${PARALLEL} parallel chats, ` +
      `a message from every visitor every ${SEND_EVERY_MS / 1000} s for ${STEADY_SECONDS} s; peer: a bare ws relay process, same clients and load)`,
  );
  console.log(line('all conversations routed (hub)', `${h.routeSeconds.toFixed(2)} s from the first visitor socket (${OPENING_AT_ONCE} opened at a time; ${h.offersWithdrawn} offers withdrawn), hub CPU ${h.routeCpuPercent.toFixed(0)} %`));
  console.log(line('all conversations paired (bare relay)', `${r.routeSeconds.toFixed(2)} s`));
  console.log(summary('hello -> counsellor joined (hub)', h.joinMs));
  console.log(summary('hello -> counsellor joined (bare ws relay)', r.joinMs));
  console.log(withMax('visitor -> counsellor (hub)', h.latencyMs));
  console.log(withMax('visitor -> counsellor (bare ws relay)', r.latencyMs));
  console.log(line('  hub / relay', `p50 ${ratio(percentile(h.latencyMs, 50), percentile(r.latencyMs, 50))}, p99 ${ratio(percentile(h.latencyMs, 99), percentile(r.latencyMs, 99))}`));
  console.log(withMax('visitor -> own echo (hub)', h.echoMs));
  console.log(withMax('visitor -> own echo (bare ws relay)', r.echoMs));
  console.log(line('messages delivered', `hub ${h.delivered} of ${h.sent} (${h.messagesPerSecond.toFixed(0)}/s), relay ${r.delivered} of ${r.sent} (${r.messagesPerSecond.toFixed(0)}/s)`));
  console.log(
    line(
      'CPU during the steady phase',
      `hub ${h.steadyCpuPercent.toFixed(1)} % of one core, relay ${r.steadyCpuPercent.toFixed(1)} % (${ratio(h.steadyCpuPercent, r.steadyCpuPercent)}); ` +
        `hub ${((h.steadyCpuPercent * 10) / h.messagesPerSecond).toFixed(2)} ms CPU per message`,
    ),
  );
  console.log(line('hub VmRSS before / peak / with all / ended', `${mib(h.before.rss)} / ${mib(h.rssPeak)} / ${mib(h.withAll.rss)} / ${mib(h.afterEnded.rss)}`));
  if (h.before.heapUsed !== null && h.withAll.heapUsed !== null && h.afterEnded.heapUsed !== null) {
    const perConversation = (h.withAll.heapUsed - h.before.heapUsed) / CONVERSATIONS;
    console.log(
      line(
        'hub JS heap (after GC) before / all / ended',
        `${mib(h.before.heapUsed)} / ${mib(h.withAll.heapUsed)} / ${mib(h.afterEnded.heapUsed)} (${(perConversation / 1024).toFixed(1)} KiB per conversation, its visitor socket included)`,
      ),
    );
  }
  console.log(line('relay VmRSS before / peak / with all', `${mib(r.before.rss)} / ${mib(r.rssPeak)} / ${mib(r.withAll.rss)}`));
  if (h.board) console.log(line('board with all active', `waiting ${h.board.waiting}, active ${h.board.active}, queue.chats ${String(h.board.queueChats)} (answered in ${h.board.ms.toFixed(0)} ms)`));
  const problems = [...h.problems.map((text) => `hub: ${text}`), ...r.problems.map((text) => `relay: ${text}`)];
  console.log(line('visitor addresses in the hub log', `${addressesLogged} (${logLines} lines)`));
  if (addressesLogged > 0) problems.push(`hub: ${addressesLogged} visitor addresses in its log`);
  if (h.board && (h.board.active !== CONVERSATIONS || h.board.waiting !== 0)) problems.push(`hub: the board showed ${h.board.active} active, ${h.board.waiting} waiting`);
  console.log(
    line(
      'exactly once, in order',
      problems.length === 0
        ? `yes: ${h.delivered} messages in ${CONVERSATIONS} conversations, each once and in order (bench counter and hub seq), every echo back, all ended cleanly`
        : `NO: ${problems.length} problems`,
    ),
  );
  if (problems.length > 0) {
    for (const text of problems.slice(0, 20)) console.log(`  ${text}`);
    throw new Error(`${problems.length} problems`);
  }
} finally {
  inspector?.close();
  await hub?.stop();
  await relay?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
