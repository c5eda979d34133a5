import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/hub/chatApi';
import { testHubContext } from '../../testing/testAccounts';
import { hubDatabaseEngines } from '../../testing/testDatabases';
import { verifyAuditChain } from '../audit/auditChain';
import { createChatEscrow } from '../chat/chatEscrow';
import { createChatTranscripts } from '../chat/chatTranscripts';
import type { Database } from '../db/database';
import { defaultHubPolicy } from '../policy/hubPolicy';
import { CLI_TEST_MS, cliTarget, runAdminCli, withCliDatabase } from './testing/adminCliKit';

const HOUR_MS = 3_600_000;
const CANARY_ADDRESS = '198.51.100.23';


describe.each(hubDatabaseEngines)('admin CLI chat commands on %s', (engine) => {
  let target: Record<string, string>;
  let dir: string;
  const escrowKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const escrowPolicy = { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, escrowPublicKey: escrowKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
  const transcriptKey = crypto.randomBytes(32);
  const transcriptPolicy = { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, keepTranscriptHours: 24 } };

  const audited = (db: Database, action: string) =>
    db.query<{ actor_id: string | null; target: string | null; details: object }>('SELECT actor_id::text AS actor_id, target, details FROM audit_log WHERE action = $1 ORDER BY seq', [action]).then(({ rows }) => rows);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-cli-chat-'));
    target = await cliTarget(engine, dir);
  }, CLI_TEST_MS);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists sealed escrow rows by time only and exports one for the key holder, audited', async () => {
    const empty = await runAdminCli(['chat', 'escrow', 'list'], target);
    expect(empty).toMatchObject({ code: 0, stdout: 'no sealed escrow rows\n', stderr: '' });

    const conversationId = crypto.randomUUID();
    const { live, at } = await withCliDatabase(target, async (db) => {
      const context = testHubContext(db, escrowPolicy);
      const escrow = createChatEscrow(context);
      // Sealed 13 hours ago: past its time, not yet purged; neither listed nor exported.
      await escrow.seal(crypto.randomUUID(), CANARY_ADDRESS, new Date(context.now().getTime() - 13 * HOUR_MS));
      const sealedAt = context.now();
      return { live: await escrow.seal(conversationId, CANARY_ADDRESS, sealedAt), at: sealedAt };
    });

    const list = await runAdminCli(['chat', 'escrow', 'list'], target);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(`${live}  created ${at.toISOString()}  expires ${new Date(at.getTime() + 12 * HOUR_MS).toISOString()}\n`);

    const exported = await runAdminCli(['chat', 'escrow', 'export', live], target);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(CANARY_ADDRESS);
    const sealed = Buffer.from(exported.stdout.trim(), 'base64');
    const opened = crypto.privateDecrypt({ key: escrowKeys.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sealed);
    expect(JSON.parse(opened.toString('utf8'))).toEqual({ address: CANARY_ADDRESS, at: at.toISOString(), conversationId });

    const unknown = await runAdminCli(['chat', 'escrow', 'export', crypto.randomUUID()], target);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no sealed escrow row .* \(unknown, or expired and deleted\)/);
    expect((await runAdminCli(['chat', 'escrow', 'open', live], target)).code).toBe(2);

    await withCliDatabase(target, async (db) => {
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
    await withCliDatabase(target, async (db) => {
      const transcripts = createChatTranscripts(testHubContext(db, transcriptPolicy), transcriptKey);
      for (const message of messages) await transcripts.keep(conversationId, message);
    });

    const keyless = await runAdminCli(['chat', 'transcript', conversationId], target);
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain('set HUB_CHAT_TRANSCRIPT_KEY');
    const wrongKey = await runAdminCli(['chat', 'transcript', conversationId], { ...target, HUB_CHAT_TRANSCRIPT_KEY: crypto.randomBytes(32).toString('base64') });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('does not open: a wrong HUB_CHAT_TRANSCRIPT_KEY');
    expect(wrongKey.stdout).toBe('');

    const read = await runAdminCli(['chat', 'transcript', conversationId], { ...target, HUB_CHAT_TRANSCRIPT_KEY: transcriptKey.toString('base64') });
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
    const none = await runAdminCli(['chat', 'transcript', crypto.randomUUID()], { ...target, HUB_CHAT_TRANSCRIPT_KEY: transcriptKey.toString('base64') });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('(none was kept, or it expired)');

    await withCliDatabase(target, async (db) => {
      expect(await audited(db, 'cli.chat-transcript')).toEqual([{ actor_id: null, target: conversationId, details: { messages: 3 } }]);
    });
  }, CLI_TEST_MS);
});
