// Record ingest throughput on the hub (issue 6, point 8), on PGlite and on PostgreSQL in the same
// run, with the ratios between them:
// - in process: ingestRecords (validation, content hash, idempotent insert, per-record answer) in
//   batches of 100, one transaction each as the route runs it, against a plain multi-row INSERT
//   of the same kind of batch without any of that: the ratio is our overhead;
// - over HTTP: the real hub process, batches of 100 posted to POST /api/v1/records/batches,
//   each sender a counsellor with its own session: against the in-process figure, the ratio is
//   the cost of HTTP, JSON, sessions and the audit entry per batch.
// All three with the same few concurrent senders taking batches from one queue.
// Every record sent over HTTP is then checked on the hub: there once, with the content sent.
//   npx tsx bench/hubIngest.ts
// Sizes: INGEST_RECORDS (over HTTP, default 20000), INGEST_DIRECT_RECORDS (per method, 10000),
// INGEST_SENDERS (4).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SYNC_BATCH_MAX_RECORDS, SYNC_BATCH_PATH, type SyncBatchResponse } from '../shared/hub/syncApi';
import type { ContactRecord } from '../shared/records/recordModel';
import type { Database, DatabaseEngine } from '../hub/src/db/database';
import { ingestRecords } from '../hub/src/records/recordIngest';
import { createRecordFactory } from '../hub/testing/recordFactory';
import {
  engineName,
  engines,
  loginOverHttp,
  openStorage,
  prepareHubStorage,
  recordsOnHub,
  sizeFromEnv,
  startBenchPostgres,
  startHubOn,
  temporaryWorkDir,
  type BenchPostgres,
} from './hubBenchKit';
import { percentile, summary } from './stats';

const HTTP_RECORDS = sizeFromEnv('INGEST_RECORDS', 20_000);
const DIRECT_RECORDS = sizeFromEnv('INGEST_DIRECT_RECORDS', 10_000);
const SENDERS = sizeFromEnv('INGEST_SENDERS', 4);
const BATCH = SYNC_BATCH_MAX_RECORDS;
const ROUNDS = 5;
/** Batches per sender before the clock starts: connections, JIT and the hub's caches warm up. */
const WARM_UP_BATCHES = 3;

const factory = createRecordFactory(6);
let sequence = 0;
/** Records as a shift produces them: the last week, two in five counselling contacts with a summary. */
function freshRecords(count: number): ContactRecord[] {
  const now = Date.now();
  return factory.records(count, { from: new Date(now - 7 * 86_400_000), to: new Date(now) }).map((record) => {
    sequence += 1;
    if (record.contactType !== 'counselling' || sequence % 5 >= 2) return record;
    return { ...record, summary: `Samtale ${sequence}: `.padEnd(150 + (sequence % 400), 'talte om skolen, venner og at sove dårligt; aftalte at ringe igen. ') };
  });
}

function batchesOf<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) batches.push(items.slice(start, start + BATCH));
  return batches;
}

const COLUMNS =
  'id, schema_version, channel, started_at, duration_minutes, shift_id, returning_contact, contact_type, topics, age_band, gender, outcome, referral, emergency_flagged, emergency_reference, summary, content_hash, received_at';

/** The baseline: the same rows in one plain INSERT, no validation, no hash, no conflict handling, no answer. */
async function plainInsert(db: Database, records: readonly ContactRecord[], now: Date): Promise<void> {
  const params: unknown[] = [];
  const tuples = records.map((record) => {
    const values = [
      record.id, record.schemaVersion, record.channel, record.startedAt, record.durationMinutes, record.shiftId, record.returningContact,
      record.contactType, record.topics, record.ageBand, record.gender, record.outcome, record.referral, record.emergency.flagged,
      record.emergency.providerCallReference, record.summary, '', now,
    ];
    return `(${values.map((value) => `$${params.push(value)}`).join(', ')})`;
  });
  await db.query(`INSERT INTO records (${COLUMNS}) VALUES ${tuples.join(', ')}`, params);
}

/** As the route runs it: one transaction per batch, every record answered. */
async function ingestBatch(db: Database, records: readonly ContactRecord[], now: Date): Promise<void> {
  const results = await db.transaction((tx) => ingestRecords(tx, records, now));
  if (results.some((result) => result.status !== 'stored')) throw new Error('a benchmark record was not stored');
}

interface Rate {
  /** Records per second of each round. */
  rates: number[];
  /** Milliseconds per batch. */
  batchMs: number[];
}

/** `SENDERS` callers take batches from one queue until it is empty, as the HTTP senders do. */
async function concurrently<T>(queue: T[], work: (item: T, sender: number) => Promise<void>, batchMs: number[]): Promise<void> {
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        const begin = performance.now();
        await work(item, sender);
        batchMs.push(performance.now() - begin);
      }
    }),
  );
}

async function timedBatches(records: readonly ContactRecord[], send: (batch: readonly ContactRecord[]) => Promise<void>, into: Rate): Promise<void> {
  const started = performance.now();
  await concurrently(batchesOf(records), (batch) => send(batch), into.batchMs);
  into.rates.push(records.length / ((performance.now() - started) / 1000));
}

interface DirectResult {
  plain: Rate;
  ingest: Rate;
}

/** In process: plain INSERT and ingestRecords take turns round by round on one table. */
async function direct(engine: DatabaseEngine, postgres: BenchPostgres, workDir: string): Promise<DirectResult> {
  const { storage } = await prepareHubStorage(engine, postgres, workDir, 0);
  const db = await openStorage(storage);
  try {
    const plain: Rate = { rates: [], batchMs: [] };
    const ingest: Rate = { rates: [], batchMs: [] };
    await timedBatches(freshRecords(WARM_UP_BATCHES * BATCH * SENDERS), (batch) => ingestBatch(db, batch, new Date()), { rates: [], batchMs: [] });
    const perRound = Math.max(BATCH, Math.round(DIRECT_RECORDS / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      await timedBatches(freshRecords(perRound), (batch) => plainInsert(db, batch, new Date()), plain);
      await timedBatches(freshRecords(perRound), (batch) => ingestBatch(db, batch, new Date()), ingest);
    }
    return { plain, ingest };
  } finally {
    await db.close();
  }
}

interface HttpResult {
  recordsPerSecond: number;
  batchMs: number[];
  seconds: number;
  onHub: { total: number; present: number; sameContent: number };
  sent: number;
}

/** The real hub process; SENDERS counsellors post batches concurrently, each its own session. */
async function overHttp(engine: DatabaseEngine, postgres: BenchPostgres, workDir: string): Promise<HttpResult> {
  const { storage, users } = await prepareHubStorage(engine, postgres, workDir, SENDERS);
  const hub = await startHubOn(storage);
  const sent: ContactRecord[] = [];
  let measured: Omit<HttpResult, 'onHub' | 'sent'>;
  try {
    const tokens = await Promise.all(users.map((user) => loginOverHttp(hub.url, user)));
    // Bodies serialised before the clock starts: the figure is the hub's, not this client's.
    const bodies = (count: number): { body: string; size: number }[] =>
      batchesOf(freshRecords(count)).map((records) => {
        sent.push(...records);
        return { body: JSON.stringify({ batchId: randomUUID(), records }), size: records.length };
      });
    const post = async (token: string, batch: { body: string; size: number }): Promise<void> => {
      const response = await fetch(hub.url + SYNC_BATCH_PATH, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: batch.body });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${text}`);
      const { results } = JSON.parse(text) as SyncBatchResponse;
      if (results.length !== batch.size || results.some((result) => result.status !== 'stored')) throw new Error(`batch not stored: ${text.slice(0, 300)}`);
    };
    const run = (queue: { body: string; size: number }[], batchMs: number[]): Promise<void> =>
      concurrently(queue, (batch, sender) => post(tokens[sender] as string, batch), batchMs);
    await run(bodies(WARM_UP_BATCHES * BATCH * SENDERS), []);
    const queue = bodies(HTTP_RECORDS);
    const batchMs: number[] = [];
    const started = performance.now();
    await run(queue, batchMs);
    const seconds = (performance.now() - started) / 1000;
    measured = { recordsPerSecond: HTTP_RECORDS / seconds, batchMs, seconds };
  } finally {
    await hub.stop();
  }
  // Counted after the hub stopped: PGlite lets one process at a time into its directory.
  const db = await openStorage(storage);
  try {
    return { ...measured, onHub: await recordsOnHub(db, sent), sent: sent.length };
  } finally {
    await db.close();
  }
}

interface EngineResult {
  direct: DirectResult;
  http: HttpResult;
}

const workDir = temporaryWorkDir('ingest');
const postgres = await startBenchPostgres();
try {
  const results = new Map<DatabaseEngine, EngineResult>();
  for (const engine of engines) results.set(engine, { direct: await direct(engine, postgres, workDir), http: await overHttp(engine, postgres, workDir) });
  const resultOf = (engine: DatabaseEngine): EngineResult => results.get(engine) as EngineResult;

  const median = (values: readonly number[]): number => percentile(values, 50);
  const rate = (value: number): string => `${value.toFixed(0).padStart(6)} records/s`;
  console.log(
    `hub record ingest, batches of ${BATCH} from ${SENDERS} concurrent senders: in process ${ROUNDS} alternating rounds of ${Math.round(DIRECT_RECORDS / ROUNDS)} records per method; ` +
      `over HTTP ${HTTP_RECORDS} records, each sender a counsellor with its own session`,
  );
  for (const engine of engines) {
    const { direct: d, http } = resultOf(engine);
    const name = engineName[engine];
    console.log(summary(`plain INSERT per batch, ${name}`, d.plain.batchMs));
    console.log(summary(`ingestRecords per batch, ${name}`, d.ingest.batchMs));
    console.log(summary(`POST ${SYNC_BATCH_PATH}, ${name}`, http.batchMs));
    const [plainRate, ingestRate] = [median(d.plain.rates), median(d.ingest.rates)];
    console.log(`${name.padEnd(10)} plain INSERT ${rate(plainRate)}, ingestRecords ${rate(ingestRate)} -> overhead ratio ${(plainRate / ingestRate).toFixed(2)}x`);
    console.log(`${name.padEnd(10)} over HTTP ${rate(http.recordsPerSecond)} (${http.seconds.toFixed(1)} s) -> ratio in process/HTTP ${(ingestRate / http.recordsPerSecond).toFixed(2)}x`);
    const { total, present, sameContent } = http.onHub;
    if (total !== http.sent || present !== http.sent || sameContent !== http.sent) {
      throw new Error(`${name}: ${http.sent} records sent, the hub holds ${total} rows, ${present} of the ids, ${sameContent} with the content sent`);
    }
    console.log(`${name.padEnd(10)} on the hub afterwards: ${total} rows = ${http.sent} records sent, each once with its content`);
  }
  const [lite, server] = [resultOf('pglite'), resultOf('postgres')];
  console.log(
    `ratio PostgreSQL/PGlite records/s: plain INSERT ${(median(server.direct.plain.rates) / median(lite.direct.plain.rates)).toFixed(2)}x, ` +
      `ingestRecords ${(median(server.direct.ingest.rates) / median(lite.direct.ingest.rates)).toFixed(2)}x, HTTP ${(server.http.recordsPerSecond / lite.http.recordsPerSecond).toFixed(2)}x`,
  );
} finally {
  await postgres.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
