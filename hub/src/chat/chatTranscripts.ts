import crypto from 'node:crypto';
import { chatMessageSchema, conversationIdSchema, type ChatMessage } from '../../../shared/hub/chatApi';
import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import type { ChatTranscripts } from './chatPorts';

export const TRANSCRIPT_KEY_BYTES = 32;
const HOUR_MS = 3_600_000;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// The first byte of every sealed message, so a later format (or key) can be told apart.
const FORMAT_V1 = 1;

/** The transcript key is missing or malformed: the hub does not start (or the CLI stops). */
export class TranscriptKeyError extends Error {
  override name = 'TranscriptKeyError';
}

/**
 * Transcripts, only when the policy keeps them (`keepTranscriptHours` > 0, an audited loosening):
 * each message sealed with AES-256-GCM under the hub's transcript key (HUB_CHAT_TRANSCRIPT_KEY,
 * kept outside the database), bound to its conversation and place (the AAD), deleted at
 * `expires_at`. Off (the default), nothing is written and no key is needed.
 */
export function createChatTranscripts(context: HubContext, key: Buffer | null): ChatTranscripts {
  const hours = context.policy.chat.keepTranscriptHours;
  const enabled = hours > 0;
  if (enabled && (key === null || key.length !== TRANSCRIPT_KEY_BYTES)) {
    throw new TranscriptKeyError(
      `the policy keeps chat transcripts (chat.keepTranscriptHours ${hours}) but HUB_CHAT_TRANSCRIPT_KEY ${key === null ? 'is not set' : `is ${key.length} bytes, not ${TRANSCRIPT_KEY_BYTES}`}`,
    );
  }
  return {
    enabled,
    async keep(conversationId, message) {
      if (!enabled || !key) throw new Error('chat transcripts: the policy keeps none');
      if (!conversationIdSchema.safeParse(conversationId).success) throw new Error('chat transcripts: the conversation id is not a UUID');
      const parsed = chatMessageSchema.parse(message);
      const now = context.now();
      // A message resent after a reconnect has the same seq: kept once.
      await context.db.query(
        `INSERT INTO chat_transcripts (conversation_id, seq, sealed, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (conversation_id, seq) DO NOTHING`,
        [conversationId, parsed.seq, sealMessage(key, conversationId, parsed), now, new Date(now.getTime() + hours * HOUR_MS)],
      );
    },
    // With or without the policy on now: rows kept under an earlier policy still expire.
    purge: (now) => purgeChatTranscripts(context.db, now),
  };
}

/** Deletes every kept message past its time; how many went. */
export async function purgeChatTranscripts(db: Queryable, now: Date): Promise<number> {
  return (await db.query('DELETE FROM chat_transcripts WHERE expires_at <= $1', [now])).rowCount;
}

/**
 * The messages kept of one conversation at `now`, in order (the admin CLI). A wrong key or an
 * altered row fails as a whole: nothing half-read is shown as the transcript.
 */
export async function readTranscript(db: Queryable, key: Buffer, conversationId: string, now: Date = new Date()): Promise<ChatMessage[]> {
  if (key.length !== TRANSCRIPT_KEY_BYTES) throw new TranscriptKeyError(`the transcript key must be ${TRANSCRIPT_KEY_BYTES} bytes`);
  if (!conversationIdSchema.safeParse(conversationId).success) throw new Error('the conversation id is not a UUID');
  const { rows } = await db.query<{ seq: number; sealed: Uint8Array }>('SELECT seq, sealed FROM chat_transcripts WHERE conversation_id = $1 AND expires_at > $2 ORDER BY seq', [
    conversationId,
    now,
  ]);
  return rows.map((row) => openMessage(key, conversationId, row.seq, Buffer.from(row.sealed)));
}

/**
 * HUB_CHAT_TRANSCRIPT_KEY: 32 random bytes in base64 (`openssl rand -base64 32`); unset or
 * empty: null. Anything else is refused without quoting it.
 */
export function transcriptKeyFrom(text: string | undefined, name = 'HUB_CHAT_TRANSCRIPT_KEY'): Buffer | null {
  if (text === undefined || text.trim() === '') return null;
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== TRANSCRIPT_KEY_BYTES || key.toString('base64') !== trimmed) {
    throw new TranscriptKeyError(`${name} must be ${TRANSCRIPT_KEY_BYTES} random bytes in base64 (e.g. from \`openssl rand -base64 32\`)`);
  }
  return key;
}

function additionalData(conversationId: string, seq: number): Buffer {
  return Buffer.from(`${conversationId}:${seq}`, 'utf8');
}

function sealMessage(key: Buffer, conversationId: string, message: ChatMessage): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(conversationId, message.seq));
  const body = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
}

function openMessage(key: Buffer, conversationId: string, seq: number, sealed: Buffer): ChatMessage {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) throw new Error(`transcript message ${seq}: unknown format`);
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(additionalData(conversationId, seq));
  decipher.setAuthTag(tag);
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`transcript message ${seq} does not open: a wrong HUB_CHAT_TRANSCRIPT_KEY, or the row was altered`);
  }
  return chatMessageSchema.parse(JSON.parse(plain));
}
