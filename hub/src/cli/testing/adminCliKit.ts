// Running the real admin CLI (hub/src/cli/admin.ts under tsx) in tests, on a database of its own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Database, DatabaseEngine } from '../../db/database';
import { migrate } from '../../db/migrate';
import { openPgliteDatabase } from '../../db/pgliteDatabase';
import { openPostgresDatabase } from '../../db/postgresDatabase';
import { createPostgresDatabase } from '../../../testing/testDatabases';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'hub/src/cli/admin.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** Each run starts tsx and opens the database (seconds for PGlite), more on a busy machine. */
export const CLI_TEST_MS = 180_000;
/** What the CLI reads from its environment: only ever what a test gives it, never the test run's own. */
const CLI_VARIABLES = ['DATABASE_URL', 'HUB_DATA_DIR', 'HUB_ADMIN_PASSWORD', 'HUB_POLICY', 'HUB_CHAT_TRANSCRIPT_KEY'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One CLI run with `env` (and `stdin` piped in, if given): its exit code and output. */
export function runAdminCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const inherited = { ...process.env };
  for (const name of CLI_VARIABLES) delete inherited[name];
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...inherited, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  // Pipes (spawn's types cannot tell with stdin chosen per run, hence `?.`).
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (stdin !== undefined) child.stdin?.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Where the CLI works for `engine`: a PGlite directory in `dir` that does not exist yet (the CLI
 * makes it, as on a fresh install), or a new database on the test PostgreSQL server.
 */
export async function cliTarget(engine: DatabaseEngine, dir: string): Promise<Record<string, string>> {
  return engine === 'pglite' ? { HUB_DATA_DIR: path.join(dir, 'hub-data') } : { DATABASE_URL: await createPostgresDatabase() };
}

/** The database the CLI uses, opened (and migrated) here between its runs: PGlite allows one process. */
export async function withCliDatabase<T>(target: Record<string, string>, work: (db: Database) => Promise<T>): Promise<T> {
  const db = target.DATABASE_URL ? await openPostgresDatabase(target.DATABASE_URL) : await openPgliteDatabase(target.HUB_DATA_DIR);
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}
