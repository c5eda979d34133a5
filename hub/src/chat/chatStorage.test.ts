import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { createAccounts } from '../accounts/accounts';
import { createAuditLog } from '../audit/auditLog';
import type { Database } from '../db/database';
import { hubConfigFromEnv } from '../hubConfig';
import type { HubContext } from '../hubContext';
import { createMemoryHubLogger } from '../hubLogger';
import { installErrorHandler } from '../http/httpError';
import { startHub } from '../startHub';
import { defaultHubPolicy, type HubPolicy } from '../policy/hubPolicy';
import { CHAT_SCHEDULE_PATH, chatScheduleViewSchema } from '../../../shared/hub/chatApi';
import { EscrowKeyError } from './chatEscrow';
import { installChatStorage } from './chatStorage';
import { TranscriptKeyError } from './chatTranscripts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function chatPolicy(chat: Partial<HubPolicy['chat']>): HubPolicy {
  return { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, ...chat } };
}

function bareApp(context: HubContext): { app: FastifyInstance; deps: Omit<Parameters<typeof installChatStorage>[2], 'transcriptKey'> } {
  const app = Fastify({ logger: false }) as unknown as FastifyInstance;
  app.decorateRequest('principal', null);
  installErrorHandler(app, context.log);
  const audit = createAuditLog(context);
  return { app, deps: { sessions: createAccounts(context, audit).sessions, audit } };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(hubDatabaseEngines)('chat storage installed in the hub on %s', (engine) => {
  let db: Database;
  const transcriptKey = crypto.randomBytes(32);
  const escrowKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const escrowPem = escrowKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const counts = async () => ({
    escrow: Number((await db.query<{ n: number | string }>('SELECT count(*) AS n FROM chat_escrow')).rows[0]?.n),
    transcripts: Number((await db.query<{ n: number | string }>('SELECT count(*) AS n FROM chat_transcripts')).rows[0]?.n),
  });
  const purgeAudits = async () => (await db.query<{ details: object }>(`SELECT details FROM audit_log WHERE action = 'chat.purge' ORDER BY seq`)).rows.map((row) => row.details);

  it('refuses to start with a weak or malformed escrow key, or kept transcripts without a key', () => {
    const weak = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const [policy, key, error] of [
      [chatPolicy({ escrowPublicKey: weak }), null, EscrowKeyError],
      [chatPolicy({ escrowPublicKey: '-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----' }), null, EscrowKeyError],
      [chatPolicy({ keepTranscriptHours: 24 }), null, TranscriptKeyError],
    ] as const) {
      const context = testHubContext(db, policy);
      const { app, deps } = bareApp(context);
      expect(() => installChatStorage(app, context, { ...deps, transcriptKey: key })).toThrow(error);
    }
  });

  it('hands the broker its ports: by default escrow and transcripts off, open around the clock', async () => {
    const context = testHubContext(db);
    const { app, deps } = bareApp(context);
    const ports = installChatStorage(app, context, { ...deps, transcriptKey: null });
    await app.ready();
    expect(ports.escrow.enabled).toBe(false);
    expect(ports.transcripts.enabled).toBe(false);
    expect(await ports.openingHours.view(context.now())).toMatchObject({ open: true, nextChange: null });
    await app.close();
  });

  it('purges expired escrow and transcript rows every minute by the hub clock, audited, and stops when the app closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const context = testHubContext(db, chatPolicy({ escrowPublicKey: escrowPem, escrowHours: 1, keepTranscriptHours: 2 }));
    const { app, deps } = bareApp(context);
    const { escrow, transcripts } = installChatStorage(app, context, { ...deps, transcriptKey });
    await app.ready();
    expect(escrow.enabled && transcripts.enabled).toBe(true);
    const conversationId = crypto.randomUUID();
    await escrow.seal(conversationId, '192.0.2.10', context.now());
    await transcripts.keep(conversationId, { seq: 1, from: 'visitor', text: 'hej', notice: null, sentAt: context.now().toISOString() });
    // The first purge (at install) ran before these existed; nothing has expired yet.
    await vi.advanceTimersByTimeAsync(MINUTE_MS);
    expect(await counts()).toEqual({ escrow: 1, transcripts: 1 });

    // A tick while a purge is still under way is skipped, so the test lets minutes pass until one ran.
    const minutesPassUntil = (check: () => Promise<boolean>, what: string) =>
      until(async () => {
        await vi.advanceTimersByTimeAsync(MINUTE_MS);
        return check();
      }, what);
    context.moveClock(HOUR_MS + 1_000);
    await minutesPassUntil(async () => (await counts()).escrow === 0 && (await purgeAudits()).length === 1, 'the escrow purge');
    expect((await counts()).transcripts).toBe(1);
    context.moveClock(HOUR_MS);
    await minutesPassUntil(async () => (await counts()).transcripts === 0 && (await purgeAudits()).length === 2, 'the transcript purge');
    expect(await purgeAudits()).toEqual([
      { escrowDeleted: 1, transcriptMessagesDeleted: 0 },
      { escrowDeleted: 0, transcriptMessagesDeleted: 1 },
    ]);

    await app.close();
    await escrow.seal(crypto.randomUUID(), '192.0.2.11', new Date(context.now().getTime() - HOUR_MS - 1_000));
    await vi.advanceTimersByTimeAsync(5 * MINUTE_MS);
    expect((await counts()).escrow).toBe(1);
    await db.query('DELETE FROM chat_escrow');
  });

  it('purges what expired while the hub was down as soon as it starts', async () => {
    const context = testHubContext(db, chatPolicy({ escrowPublicKey: escrowPem, escrowHours: 1 }));
    const first = bareApp(context);
    const { escrow } = installChatStorage(first.app, context, { ...first.deps, transcriptKey: null });
    await escrow.seal(crypto.randomUUID(), '192.0.2.12', context.now());
    await first.app.close();
    expect((await counts()).escrow).toBe(1);

    context.moveClock(HOUR_MS);
    const second = bareApp(context);
    installChatStorage(second.app, context, { ...second.deps, transcriptKey: null });
    await until(async () => (await counts()).escrow === 0, 'the purge at start');
    await second.app.close();
  });

  it('makes the hub refuse to start on a bad escrow key or a missing transcript key, and start with good ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-chat-keys-'));
    const policyFile = path.join(dir, 'policy.json');
    const weak = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const attempt = async (chat: object, env: Record<string, string> = {}) => {
      fs.writeFileSync(policyFile, JSON.stringify({ chat }));
      const database = await freshDatabase(engine, { migrated: false });
      try {
        const hub = await startHub(hubConfigFromEnv({ HUB_PORT: '0', HUB_POLICY: policyFile, ...env }), createMemoryHubLogger(), { database, retention: false });
        const response = await fetch(`${hub.url}${CHAT_SCHEDULE_PATH}`);
        const view = chatScheduleViewSchema.parse(await response.json());
        const { rows } = await database.query<{ target: string; details: { value: unknown } }>(`SELECT target, details FROM audit_log WHERE action = 'policy.loosened' ORDER BY seq`);
        await hub.stop();
        return { view, loosened: rows };
      } finally {
        await database.close().catch(() => undefined);
      }
    };
    try {
      await expect(attempt({ escrowPublicKey: weak })).rejects.toThrow(/chat.escrowPublicKey has 1024 bits; at least 2048/);
      await expect(attempt({ keepTranscriptHours: 24 })).rejects.toThrow(/HUB_CHAT_TRANSCRIPT_KEY is not set/);
      const started = await attempt({ keepTranscriptHours: 24, escrowPublicKey: escrowPem }, { HUB_CHAT_TRANSCRIPT_KEY: transcriptKey.toString('base64') });
      expect(started.view).toMatchObject({ open: true });
      // Both loosenings are audited at start; the key by its fingerprint (a PEM does not fit an entry).
      expect(started.loosened).toEqual([
        { target: 'chat.keepTranscriptHours', details: { value: 24 } },
        { target: 'chat.escrowPublicKey', details: { value: `sha256:${crypto.createHash('sha256').update(escrowPem).digest('hex')}` } },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
