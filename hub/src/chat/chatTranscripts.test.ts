import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/hub/chatApi';
import { testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { hubConfigFromEnv } from '../hubConfig';
import { defaultHubPolicy, type HubPolicy } from '../policy/hubPolicy';
import { TranscriptKeyError, createChatTranscripts, readTranscript, transcriptKeyFrom } from './chatTranscripts';

const HOUR_MS = 3_600_000;
const SECRET_TEXT = 'mit hemmelige navn er Kanariefugl';

function keeping(hours: number): HubPolicy {
  return { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, keepTranscriptHours: hours } };
}

function message(seq: number, from: ChatMessage['from'], text: string, notice: ChatMessage['notice'] = null): ChatMessage {
  return { seq, from, text, notice, sentAt: new Date(Date.UTC(2026, 5, 10, 8, 0, seq)).toISOString() };
}

describe('the transcript key', () => {
  it('is 32 bytes of base64 from HUB_CHAT_TRANSCRIPT_KEY, refused clearly (and unquoted) otherwise', () => {
    const key = crypto.randomBytes(32);
    expect(transcriptKeyFrom(key.toString('base64'))?.equals(key)).toBe(true);
    expect(transcriptKeyFrom(undefined)).toBeNull();
    expect(transcriptKeyFrom('')).toBeNull();
    for (const bad of [crypto.randomBytes(16).toString('base64'), crypto.randomBytes(33).toString('base64'), 'not base64 at all!!', key.toString('hex'), `${key.toString('base64')}x`]) {
      expect(() => transcriptKeyFrom(bad)).toThrow(TranscriptKeyError);
      try {
        transcriptKeyFrom(bad);
      } catch (error) {
        expect((error as Error).message).toMatch(/HUB_CHAT_TRANSCRIPT_KEY must be 32 random bytes in base64/);
        expect((error as Error).message).not.toContain(bad);
      }
    }
    const config = hubConfigFromEnv({ HUB_CHAT_TRANSCRIPT_KEY: key.toString('base64') });
    expect(config.chatTranscriptKey?.equals(key)).toBe(true);
    expect(hubConfigFromEnv({}).chatTranscriptKey).toBeNull();
    expect(() => hubConfigFromEnv({ HUB_CHAT_TRANSCRIPT_KEY: 'short' })).toThrow(/HUB_CHAT_TRANSCRIPT_KEY must be 32 random bytes/);
  });
});

describe.each(hubDatabaseEngines)('chat transcripts on %s', (engine) => {
  let db: Database;
  const key = crypto.randomBytes(32);
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());

  const rows = async () => (await db.query<{ conversation_id: string; seq: number; sealed: Uint8Array }>('SELECT conversation_id::text AS conversation_id, seq, sealed FROM chat_transcripts ORDER BY conversation_id, seq')).rows;

  it('are off by default: not enabled, nothing to keep, no key needed', async () => {
    const transcripts = createChatTranscripts(testHubContext(db), null);
    expect(transcripts.enabled).toBe(false);
    await expect(transcripts.keep(crypto.randomUUID(), message(1, 'visitor', SECRET_TEXT))).rejects.toThrow(/keeps none/);
    // A key given while the policy keeps none changes nothing.
    expect(createChatTranscripts(testHubContext(db), key).enabled).toBe(false);
    expect(await rows()).toEqual([]);
  });

  it('refuse to start when the policy keeps them and there is no proper key', () => {
    expect(() => createChatTranscripts(testHubContext(db, keeping(24)), null)).toThrow(TranscriptKeyError);
    expect(() => createChatTranscripts(testHubContext(db, keeping(24)), null)).toThrow(/chat.keepTranscriptHours 24.*HUB_CHAT_TRANSCRIPT_KEY is not set/);
    expect(() => createChatTranscripts(testHubContext(db, keeping(24)), crypto.randomBytes(16))).toThrow(/is 16 bytes, not 32/);
  });

  it('when kept, hold each message encrypted (no plaintext in the table) and the key reads them back in order', async () => {
    const context = testHubContext(db, keeping(24));
    const transcripts = createChatTranscripts(context, key);
    expect(transcripts.enabled).toBe(true);
    const conversationId = crypto.randomUUID();
    const other = crypto.randomUUID();
    const messages = [message(1, 'visitor', SECRET_TEXT), message(2, 'system', '', 'counsellor-joined'), message(3, 'counsellor', 'Hej, jeg er her.\nFortæl.')];
    for (const kept of [messages[2], messages[0], messages[1]]) await transcripts.keep(conversationId, kept as ChatMessage);
    // The same seq again (a resend) is kept once.
    await transcripts.keep(conversationId, messages[0] as ChatMessage);
    await transcripts.keep(other, message(1, 'visitor', 'en anden samtale'));

    const stored = await rows();
    expect(stored).toHaveLength(4);
    const dump = stored.map((row) => Buffer.from(row.sealed).toString('latin1')).join('|');
    for (const fragment of ['Kanariefugl', 'hemmelige', 'counsellor-joined', 'visitor', 'anden samtale']) expect(dump).not.toContain(fragment);
    // A random IV each: the same text twice does not give the same bytes.
    await transcripts.keep(other, message(2, 'visitor', 'en anden samtale'));
    const [first, second] = (await rows()).filter((row) => row.conversation_id === other).map((row) => Buffer.from(row.sealed).subarray(29).toString('hex'));
    expect(first).not.toBe(second);

    expect(await readTranscript(db, key, conversationId, context.now())).toEqual(messages);
    expect((await readTranscript(db, key, other, context.now())).map((kept) => kept.text)).toEqual(['en anden samtale', 'en anden samtale']);
    expect(await readTranscript(db, key, crypto.randomUUID(), context.now())).toEqual([]);
    await expect(readTranscript(db, crypto.randomBytes(32), conversationId, context.now())).rejects.toThrow(/does not open: a wrong HUB_CHAT_TRANSCRIPT_KEY/);
    // A row moved to another conversation or place (the AAD) does not open either.
    await db.query('UPDATE chat_transcripts SET seq = 9 WHERE conversation_id = $1 AND seq = 2', [other]);
    await expect(readTranscript(db, key, other, context.now())).rejects.toThrow(/message 9 does not open/);
    expect(context.log.lines.join('\n')).not.toContain('Kanariefugl');
    await db.query('DELETE FROM chat_transcripts');
  });

  it('are purged once the hub clock passes keepTranscriptHours, and not read after it', async () => {
    const context = testHubContext(db, keeping(2));
    const transcripts = createChatTranscripts(context, key);
    const conversationId = crypto.randomUUID();
    await transcripts.keep(conversationId, message(1, 'visitor', SECRET_TEXT));
    context.moveClock(HOUR_MS);
    await transcripts.keep(conversationId, message(2, 'counsellor', 'svar'));
    expect(await transcripts.purge(context.now())).toBe(0);

    context.moveClock(HOUR_MS + 1_000);
    expect((await readTranscript(db, key, conversationId, context.now())).map((kept) => kept.seq)).toEqual([2]);
    expect(await transcripts.purge(context.now())).toBe(1);
    expect((await rows()).map((row) => row.seq)).toEqual([2]);
    context.moveClock(HOUR_MS);
    // Purged under a policy that keeps none now, too.
    expect(await createChatTranscripts({ ...context, policy: defaultHubPolicy }, null).purge(context.now())).toBe(1);
    expect(await rows()).toEqual([]);
  });
});
