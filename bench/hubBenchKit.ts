// Shared by the hub benchmarks: a throwaway PostgreSQL server, hub databases with counsellor
// accounts made before the real hub process starts on them, logging in over HTTP, and counting
// what reached the hub.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSIONS_PATH, loginResponseSchema } from '../shared/hub/accountsApi';
import type { ContactRecord } from '../shared/records/recordModel';
import { totpCodeAt } from '../hub/src/accounts/totp';
import type { Database, DatabaseEngine } from '../hub/src/db/database';
import { migrate } from '../hub/src/db/migrate';
import { openPgliteDatabase } from '../hub/src/db/pgliteDatabase';
import { openPostgresDatabase } from '../hub/src/db/postgresDatabase';
import { contentHashOf } from '../hub/src/records/recordIngest';
import { createDatabaseOn, startPostgresServer, type PostgresServer } from '../hub/testing/postgresServer';
import { createTestUser, type TestUser } from '../hub/testing/testAccounts';
import { startHubProcess, type HubProcess } from '../e2e/stack/hubProcess';

export const engines: readonly DatabaseEngine[] = ['pglite', 'postgres'];
export const engineName: Record<DatabaseEngine, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** A whole number from the environment (a benchmark's size), or the default. */
export function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${raw}`);
  return value;
}

export interface BenchPostgres {
  server: PostgresServer;
  /** A new, empty database on the server; returns its connection string. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

let databaseCounter = 0;

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const server = await startPostgresServer();
  return {
    server,
    createDatabase: () => createDatabaseOn(server.url, `bench_${process.pid}_${++databaseCounter}`),
    stop: () => server.stop(),
  };
}

/** Where a hub process keeps its data: a PGlite directory, or a database on the bench server. */
export type HubStorage = { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; databaseUrl: string };

/** A migrated, empty hub database for `engine`, with `counsellors` accounts (TOTP, as the default policy requires). */
export async function prepareHubStorage(engine: DatabaseEngine, postgres: BenchPostgres, workDir: string, counsellors: number): Promise<{ storage: HubStorage; users: TestUser[] }> {
  const storage: HubStorage =
    engine === 'pglite' ? { engine, dataDir: fs.mkdtempSync(path.join(workDir, 'hub-pglite-')) } : { engine, databaseUrl: await postgres.createDatabase() };
  const db = await openStorage(storage);
  try {
    await migrate(db);
    const users: TestUser[] = [];
    for (let index = 0; index < counsellors; index++) users.push(await createTestUser(db, { role: 'counsellor' }));
    return { storage, users };
  } finally {
    await db.close();
  }
}

/** Opens the hub's database from this process (for PGlite only while no hub process has it open). */
export function openStorage(storage: HubStorage): Promise<Database> {
  return storage.engine === 'pglite' ? openPgliteDatabase(storage.dataDir) : openPostgresDatabase(storage.databaseUrl);
}

export function startHubOn(storage: HubStorage): Promise<HubProcess> {
  return startHubProcess(storage.engine === 'pglite' ? { dataDir: storage.dataDir } : { databaseUrl: storage.databaseUrl });
}

/** Password and the current one-time code over the real HTTP API: the session's bearer token. */
export async function loginOverHttp(hubUrl: string, user: TestUser): Promise<string> {
  const response = await fetch(hubUrl + SESSIONS_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password, ...(user.totpSecret ? { totp: totpCodeAt(user.totpSecret, new Date()) } : {}) }),
  });
  if (response.status !== 200) throw new Error(`login of ${user.username} answered ${response.status}: ${await response.text()}`);
  return loginResponseSchema.parse(await response.json()).token;
}

/**
 * How the sent records stand on the hub: rows in total, and how many of `sent` are there with
 * exactly the content sent (its content hash). Exactly once: all three numbers equal.
 */
export async function recordsOnHub(db: Database, sent: readonly ContactRecord[]): Promise<{ total: number; present: number; sameContent: number }> {
  const { rows: total } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
  const stored = new Map<string, string>();
  const ids = sent.map((record) => record.id);
  for (let from = 0; from < ids.length; from += 5_000) {
    const { rows } = await db.query<{ id: string; content_hash: string }>('SELECT id::text, content_hash FROM records WHERE id = ANY($1::uuid[])', [ids.slice(from, from + 5_000)]);
    for (const row of rows) stored.set(row.id, row.content_hash);
  }
  return {
    total: total[0]?.n ?? 0,
    present: stored.size,
    sameContent: sent.filter((record) => stored.get(record.id) === contentHashOf(record)).length,
  };
}

export function temporaryWorkDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tavs-bench-${name}-`));
}
