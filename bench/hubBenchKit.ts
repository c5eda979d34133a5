// Shared by the hub benchmarks: a throwaway PostgreSQL server, hub databases with counsellor
// accounts made before the real hub process starts on them (or, for thousands, counsellors already
// logged in and on shift), logging in over HTTP, and counting what reached the hub.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSIONS_PATH, loginResponseSchema } from '../shared/hub/accountsApi';
import type { ContactRecord } from '../shared/records/recordModel';
import { tokenHashOf } from '../hub/src/accounts/sessionStore';
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

/** Counsellors on shift now, written straight to a hub's database: their bearer tokens, and one supervisor's. */
export interface CounsellorsOnShift {
  counsellorTokens: string[];
  supervisorToken: string;
}

/**
 * `counsellors` counsellors (`bench-0001`…, the number `nameDigits` wide) on shift now, each
 * logged in to the hub and to the shift (presence offline), and one supervisor logged in, written
 * to the PGlite hub database in `dataDir` before the hub starts on it (no password hashing for
 * thousands of accounts; the hub only checks the session tokens).
 */
export async function seedCounsellorsOnShift(dataDir: string, counsellors: number, nameDigits: number): Promise<CounsellorsOnShift> {
  const db = await openPgliteDatabase(dataDir);
  try {
    await migrate(db);
    const now = new Date();
    const hour = 3_600_000;
    const sessions: unknown[][] = [];
    const newSession = (userId: string): { token: string; id: string } => {
      const token = crypto.randomBytes(32).toString('base64url');
      const id = crypto.randomUUID();
      sessions.push([id, userId, tokenHashOf(token), now, new Date(now.getTime() + 10 * hour)]);
      return { token, id };
    };
    const insert = async (table: string, columns: string[], rows: unknown[][]): Promise<void> => {
      for (let from = 0; from < rows.length; from += 500) {
        const params: unknown[] = [];
        const tuples = rows.slice(from, from + 500).map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
        await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
      }
    };
    const users: unknown[][] = [];
    const shifts: unknown[][] = [];
    const logins: unknown[][] = [];
    const presence: unknown[][] = [];
    const counsellorTokens: string[] = [];
    for (let index = 0; index < counsellors; index++) {
      const userId = crypto.randomUUID();
      const name = String(index + 1).padStart(nameDigits, '0');
      users.push([userId, `bench-${name}`, `Rådgiver ${name}`, 'counsellor', 'not-a-password-hash', now]);
      const session = newSession(userId);
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

export function temporaryWorkDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tavs-bench-${name}-`));
}
