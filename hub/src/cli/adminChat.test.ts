import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/hub/chatApi';
import { testHubContext } from '../../testing/testAccounts';
import { createPostgresDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { verifyAuditChain } from '../audit/auditChain';
import { createChatEscrow } from '../chat/chatEscrow';
import { createChatTranscripts } from '../chat/chatTranscripts';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openPgliteDatabase } from '../db/pgliteDatabase';
import { openPostgresDatabase } from '../db/postgresDatabase';
import { defaultHubPolicy } from '../policy/hubPolicy';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'hub/src/cli/admin.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
// Each run starts tsx and opens the database (seconds for PGlite), more on a busy machine.
const CLI_TEST_MS = 180_000;
const HOUR_MS = 3_600_000;
const CANARY_ADDRESS = '198.51.100.23';

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = { ...process.env };
  for (const name of ['DATABASE_URL', 'HUB_DATA_DIR', 'HUB_ADMIN_PASSWORD', 'HUB_POLICY', 'HUB_CHAT_TRANSCRIPT_KEY']) delete inherited[name];
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(hubDatabaseEngines)('admin CLI chat commands on %s', (engine) => {
  let target: Record<string, string>;
  let dir: string;
  const escrowKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const escrowPolicy = { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, escrowPublicKey: escrowKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
  const transcriptKey = crypto.randomBytes(32);
  const transcriptPolicy = { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, keepTranscriptHours: 24 } };

  /** The database the CLI uses, opened here between its runs (PGlite allows one process). */
  async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const db = target.DATABASE_URL ? await openPostgresDatabase(target.DATABASE_URL) : await openPgliteDatabase(target.HUB_DATA_DIR);
    try {
      await migrate(db);
      return await work(db);
    } finally {
      await db.close();
    }
  }
  const audited = (db: Database, action: string) =>
    db.query<{ actor_id: string | null; target: string | null; details: object }>('SELECT actor_id::text AS actor_id, target, details FROM audit_log WHERE action = $1 ORDER BY seq', [action]).then(({ rows }) => rows);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-cli-chat-'));
    target = engine === 'pglite' ? { HUB_DATA_DIR: path.join(dir, 'hub-data') } : { DATABASE_URL: await createPostgresDatabase() };
  }, CLI_TEST_MS);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists sealed escrow rows by time only and exports one for the key holder, audited', async () => {
    const empty = await runCli(['chat', 'escrow', 'list'], target);
    expect(empty).toMatchObject({ code: 0, stdout: 'no sealed escrow rows\n', stderr: '' });

    const conversationId = crypto.randomUUID();
    const { live, at } = await withDatabase(async (db) => {
      const context = testHubContext(db, escrowPolicy);
      const escrow = createChatEscrow(context);
      // Sealed 13 hours ago: past its time, not yet purged; neither listed nor exported.
      await escrow.seal(crypto.randomUUID(), CANARY_ADDRESS, new Date(context.now().getTime() - 13 * HOUR_MS));
      const sealedAt = context.now();
      return { live: await escrow.seal(conversationId, CANARY_ADDRESS, sealedAt), at: sealedAt };
    });

    const list = await runCli(['chat', 'escrow', 'list'], target);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(`${live}  created ${at.toISOString()}  expires ${new Date(at.getTime() + 12 * HOUR_MS).toISOString()}\n`);

    const exported = await runCli(['chat', 'escrow', 'export', live], target);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(CANARY_ADDRESS);
    const sealed = Buffer.from(exported.stdout.trim(), 'base64');
    const opened = crypto.privateDecrypt({ key: escrowKeys.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sealed);
    expect(JSON.parse(opened.toString('utf8'))).toEqual({ address: CANARY_ADDRESS, at: at.toISOString(), conversationId });

    const unknown = await runCli(['chat', 'escrow', 'export', crypto.randomUUID()], target);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no sealed escrow row .* \(unknown, or expired and deleted\)/);
    expect((await runCli(['chat', 'escrow', 'open', live], target)).code).toBe(2);

    await withDatabase(async (db) => {
      expect(await audited(db, 'cli.chat-escrow-export')).toEqual([{ actor_id: null, target: live, details: {} }]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    });
  }, CLI_TEST_MS);

  it('prints a kept transcript with the transcript key only, audited, its text unable to drive the terminal', async () => {
    const conversationId = crypto.randomUUID();
    const messages: ChatMessage[] = [
      { seq: 1, from: 'visitor', text: 'Hej\nkan I hjælpe? \u001b[31mrød\u001b[0m', notice: null, sentAt: '2026-06-10T08:00:01.000Z' },
      { seq: 2, from: 'system', text: '', notice: 'counsellor-joined', sentAt: '2026-06-10T08:00:05.000Z' },
      { seq: 3, from: 'counsellor', text: 'Ja, fortæl.', notice: null, sentAt: '2026-06-10T08:00:09.000Z' },
    ];
    await withDatabase(async (db) => {
      const transcripts = createChatTranscripts(testHubContext(db, transcriptPolicy), transcriptKey);
      for (const message of messages) await transcripts.keep(conversationId, message);
    });

    const keyless = await runCli(['chat', 'transcript', conversationId], target);
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain('set HUB_CHAT_TRANSCRIPT_KEY');
    const wrongKey = await runCli(['chat', 'transcript', conversationId], { ...target, HUB_CHAT_TRANSCRIPT_KEY: crypto.randomBytes(32).toString('base64') });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('does not open: a wrong HUB_CHAT_TRANSCRIPT_KEY');
    expect(wrongKey.stdout).toBe('');

    const read = await runCli(['chat', 'transcript', conversationId], { ...target, HUB_CHAT_TRANSCRIPT_KEY: transcriptKey.toString('base64') });
    expect(read.stderr).toBe('');
    expect(read.code).toBe(0);
    expect(read.stdout).toBe(
      [
        '#1 2026-06-10T08:00:01.000Z visitor: Hej',
        '    kan I hjælpe? \ufffd[31mrød\ufffd[0m',
        '#2 2026-06-10T08:00:05.000Z system: [counsellor-joined]',
        '#3 2026-06-10T08:00:09.000Z counsellor: Ja, fortæl.',
        '',
      ].join('\n'),
    );
    const none = await runCli(['chat', 'transcript', crypto.randomUUID()], { ...target, HUB_CHAT_TRANSCRIPT_KEY: transcriptKey.toString('base64') });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('(none was kept, or it expired)');

    await withDatabase(async (db) => {
      expect(await audited(db, 'cli.chat-transcript')).toEqual([{ actor_id: null, target: conversationId, details: { messages: 3 } }]);
    });
  }, CLI_TEST_MS);
});
