import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { createDatabaseOn, startPostgresServer, type PostgresServer } from '../hub/testing/postgresServer';
import { startFaultProxy, type FaultProxy } from '../integration/testing/faultProxy';
import type { SyncStatus } from '../shared/contract/schemas';
import { SYNC_BATCH_PATH } from '../shared/hub/syncApi';
import { BridgeClient } from './stack/bridgeClient';
import { startDemoHub, type DemoHub, type HubAccount } from './stack/demoHub';
import { startHubProcess, type HubProcess } from './stack/hubProcess';
import { startWorkstation } from './stack/workstation';

// Invariant I4 on real processes: the hub process (on PGlite and on PostgreSQL) and the
// workstation process (its real encrypted store, its key in the real keychain) are killed with
// SIGKILL mid-sync, or the workstation's clock is an hour off; each case ends with every record
// the counsellor finished on the hub exactly once, its content compared field by field. The
// faults the network causes (500, hanging, duplicates) are in integration/hubSync/.

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const engines = ['pglite', 'postgres'] as const;
let postgres: PostgresServer;

test.beforeAll(async () => {
  postgres = await startPostgresServer();
});
test.afterAll(async () => {
  await postgres?.stop();
});

interface Setup {
  demo: DemoHub;
  counsellor: HubAccount;
  databaseUrl?: string;
  dataDir: string;
}

let databaseCounter = 0;
async function setUp(engine: (typeof engines)[number]): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-faults-'));
  const databaseUrl = engine === 'postgres' ? await createDatabaseOn(postgres.url, `sync_faults_${process.pid}_${databaseCounter++}`) : undefined;
  const demo = await startDemoHub({ dataDir, ...(databaseUrl ? { databaseUrl } : {}), policy: { accounts: { counsellorTotp: 'optional', loginAttemptsPerMinute: 100 } } });
  const counsellor = await demo.createUser('counsellor', `raadgiver${databaseCounter}${engine}`);
  // Counsellors log in only during a shift (invariant I6).
  await demo.createShift(counsellor, new Date(Date.now() - 60_000), new Date(Date.now() + 4 * 3_600_000));
  return { demo, counsellor, dataDir, ...(databaseUrl ? { databaseUrl } : {}) };
}

/** What the hub holds, read from its database (PGlite: after the hub process has stopped). */
interface HubRow {
  id: string;
  summary: string;
  topics: string[];
  age_band: string;
  started_at: Date;
}

/** The records the hub holds, and how many resent records its audit log answered `duplicate`. */
async function hubRecords(setup: Setup, hub: HubProcess): Promise<{ rows: HubRow[]; duplicates: number }> {
  const recordsSql = 'SELECT id::text, summary, topics, age_band, started_at FROM records ORDER BY id';
  const duplicatesSql = `SELECT coalesce(sum((details->>'duplicate')::int), 0)::int AS n FROM audit_log WHERE action = 'records.batch'`;
  if (setup.databaseUrl) {
    const client = new pg.Client({ connectionString: setup.databaseUrl });
    await client.connect();
    const { rows } = await client.query<HubRow>(recordsSql);
    const duplicates = (await client.query<{ n: number }>(duplicatesSql)).rows[0]?.n ?? 0;
    await client.end();
    return { rows, duplicates };
  }
  await hub.stop();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(setup.dataDir);
  const { rows } = await db.query<HubRow>(recordsSql);
  const duplicates = (await db.query<{ n: number }>(duplicatesSql)).rows[0]?.n ?? 0;
  await db.close();
  return { rows, duplicates };
}

/** Resolves as soon as the proxy has passed a record batch on to the hub. */
async function firstBatch(proxy: FaultProxy): Promise<void> {
  while (!proxy.requests.some((request) => request.path.startsWith(SYNC_BATCH_PATH))) await new Promise((resolve) => setTimeout(resolve, 2));
}

async function login(client: BridgeClient, setup: Setup): Promise<void> {
  const result = await client.invoke('session:login', { username: setup.counsellor.username, password: setup.counsellor.password, totp: setup.demo.freshCode(setup.counsellor) });
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

/** Finishes `count` chat contacts through the real API; returns id → summary. */
async function finishContacts(client: BridgeClient, count: number, label: string, clockOffsetMs = 0): Promise<Map<string, string>> {
  const finished = new Map<string, string>();
  for (let index = 0; index < count; index++) {
    const endedAt = Date.now() + clockOffsetMs - index * 1000;
    const draft = await client.invoke('records:startDraft', { channel: 'chat', callId: null, startedAt: endedAt - 120_000, endedAt });
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    const summary = `${label} kontakt ${index}`;
    const stored = await client.invoke('records:submit', {
      draftId: draft.value.draftId,
      form: { contactType: 'counselling', topics: ['angst'], ageBand: '16-18', gender: 'not-disclosed', outcome: 'completed', referral: 'none', emergency: false, summary },
    });
    if (!stored.ok) throw new Error(JSON.stringify(stored));
    finished.set(stored.value.id, summary);
  }
  return finished;
}

async function syncStatus(client: BridgeClient): Promise<SyncStatus> {
  const status = await client.invoke('sync:status', {});
  if (!status.ok) throw new Error(JSON.stringify(status));
  return status.value;
}

async function expectAllSent(client: BridgeClient): Promise<void> {
  await expect.poll(async () => (await syncStatus(client)).pending, { timeout: 90_000, intervals: [200] }).toBe(0);
  expect((await syncStatus(client)).quarantined).toBe(0);
}

async function expectExactlyOnce(setup: Setup, hub: HubProcess, finished: Map<string, string>): Promise<{ rows: HubRow[]; duplicates: number }> {
  const held = await hubRecords(setup, hub);
  const { rows } = held;
  expect(rows).toHaveLength(finished.size);
  expect(new Map(rows.map((row) => [row.id, row.summary]))).toEqual(finished);
  for (const row of rows) expect([row.topics, row.age_band]).toEqual([['angst'], '16-18']);
  return held;
}

for (const engine of engines) {
  test(`hub killed with SIGKILL during a batch, on ${engine}: every record arrives exactly once after its restart`, async () => {
    const setup = await setUp(engine);
    let hub = setup.demo.hub;
    const proxy: FaultProxy = await startFaultProxy(hub.url);
    const workstation = await startWorkstation({ demo: false, hubUrl: proxy.url });
    const client = await BridgeClient.connect(workstation);
    try {
      await login(client, setup);
      // The first batch reaches the hub; the hub dies while it works on it.
      const finishing = finishContacts(client, 150, 'hubkill');
      await firstBatch(proxy);
      await hub.kill('SIGKILL');
      const finished = await finishing;
      expect((await syncStatus(client)).pending).toBeGreaterThan(0);
      hub = await startHubProcess({ dataDir: setup.dataDir, port: hub.port, ...(setup.databaseUrl ? { databaseUrl: setup.databaseUrl } : {}) });
      await expectAllSent(client);
      await expectExactlyOnce(setup, hub, finished);
    } finally {
      client.close();
      await workstation.stop();
      await proxy.close();
      await hub.stop();
    }
  });

  test(`workstation killed with SIGKILL after the hub stored its batch but before the answer, on ${engine}: resent, stored once`, async () => {
    const setup = await setUp(engine);
    const hub = setup.demo.hub;
    const proxy = await startFaultProxy(hub.url);
    const first = await startWorkstation({ demo: false, hubUrl: proxy.url });
    const dataDir = first.dataDir;
    let client = await BridgeClient.connect(first);
    let restarted: Awaited<ReturnType<typeof startWorkstation>> | null = null;
    try {
      await login(client, setup);
      // While the counsellor works, the hub answers "busy"; every record waits in the outbox.
      proxy.set({ kind: 'answer', status: 503, body: { error: 'internal', message: 'busy' } }, SYNC_BATCH_PATH);
      const finished = await finishContacts(client, 30, 'wskill');
      // Then the hub stores the next batch, and the workstation dies before the answer reaches it.
      const kill: { done: Promise<void> | null } = { done: null };
      proxy.beforeAnswer = async (request) => {
        if (request.path.startsWith(SYNC_BATCH_PATH)) kill.done ??= first.kill();
        await kill.done;
      };
      proxy.set({ kind: 'forward' });
      await expect.poll(() => kill.done !== null, { timeout: 60_000 }).toBe(true);
      await kill.done;
      client.close();
      proxy.beforeAnswer = null;

      restarted = await startWorkstation({ demo: false, hubUrl: proxy.url, dataDir });
      client = await BridgeClient.connect(restarted);
      await login(client, setup);
      await expectAllSent(client);
      // The batch the hub stored before the kill came again, and was recognised.
      expect((await expectExactlyOnce(setup, hub, finished)).duplicates).toBeGreaterThan(0);
    } finally {
      client.close();
      await first.stop();
      await restarted?.stop();
      await proxy.close();
      await hub.stop();
    }
  });

  test(`workstation clock an hour ahead, on ${engine}: every record arrives exactly once, with the time it was given`, async () => {
    const setup = await setUp(engine);
    const hub = setup.demo.hub;
    const workstation = await startWorkstation({ demo: false, hubUrl: hub.url, clockOffset: '+1h' });
    const client = await BridgeClient.connect(workstation);
    try {
      await login(client, setup);
      // The UI runs on the same machine, with the same wrong clock.
      const finished = await finishContacts(client, 20, 'clock', 60 * 60_000);
      await expectAllSent(client);
      const { rows } = await expectExactlyOnce(setup, hub, finished);
      // The record keeps the workstation's (wrong) minute: the hub takes it as given.
      for (const row of rows) expect(row.started_at.getTime()).toBeGreaterThan(Date.now() + 40 * 60_000);
    } finally {
      client.close();
      await workstation.stop();
      await hub.stop();
    }
  });
}
