import crypto from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { conversationIdSchema } from '../../../shared/hub/chatApi';
import type { Queryable } from '../db/database';
import type { HubContext } from '../hubContext';
import type { ChatEscrow } from './chatPorts';

/** Smaller RSA keys can be factored by a determined party; the address must stay sealed. */
export const ESCROW_MIN_MODULUS_BITS = 2048;
const HOUR_MS = 3_600_000;
const escrowIdSchema = z.uuid();
// OAEP with SHA-256 spends 2 × 32 + 2 bytes of the modulus on padding.
const OAEP_SHA256_OVERHEAD_BYTES = 66;

/** The policy's escrow key is unusable: the hub does not start with it. */
export class EscrowKeyError extends Error {
  override name = 'EscrowKeyError';
}

/**
 * Emergency escrow: for an escalated chat only, the visitor's address and the time, sealed with
 * RSA-OAEP (SHA-256) to the provider's or authority's public key from the policy. The service
 * holds no private key, so it cannot open what it keeps; it only hands the blob over (admin CLI)
 * and deletes it at `expires_at`, `escrowHours` (12 at most) after the escalation.
 */
export function createChatEscrow(context: HubContext): ChatEscrow {
  const pem = context.policy.chat.escrowPublicKey;
  const key = pem === null ? null : escrowPublicKeyOf(pem);
  return {
    enabled: key !== null,
    async seal(conversationId, address, at) {
      if (!key) throw new Error('chat escrow: the policy names no escrow key');
      if (!conversationIdSchema.safeParse(conversationId).success) throw new Error('chat escrow: the conversation id is not a UUID');
      // Never quoted in the error: the address is what must not reach a log.
      if (net.isIP(address) === 0) throw new Error('chat escrow: the address is not an IP address');
      const plain = Buffer.from(JSON.stringify({ address, at: at.toISOString(), conversationId }), 'utf8');
      const capacity = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8 - OAEP_SHA256_OVERHEAD_BYTES;
      if (plain.length > capacity) throw new Error('chat escrow: the sealed record is too long for the key');
      const sealed = crypto.publicEncrypt({ key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plain);
      plain.fill(0);
      const id = crypto.randomUUID();
      const expiresAt = new Date(at.getTime() + context.policy.chat.escrowHours * HOUR_MS);
      await context.db.query('INSERT INTO chat_escrow (id, conversation_id, sealed, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        id,
        conversationId,
        sealed,
        at,
        expiresAt,
      ]);
      return id;
    },
    // Runs with or without a key: rows sealed before the key left the policy still expire.
    purge: (now) => purgeChatEscrow(context.db, now),
  };
}

/**
 * The policy's PEM as an RSA public key of at least ESCROW_MIN_MODULUS_BITS, or EscrowKeyError.
 * A private key is refused: whoever holds it can open the escrow, and the service must not.
 */
export function escrowPublicKeyOf(pem: string): crypto.KeyObject {
  if (isPrivateKey(pem)) throw new EscrowKeyError('chat.escrowPublicKey holds a private key: give the hub only the public key (the key holder keeps the private one)');
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new EscrowKeyError('chat.escrowPublicKey is not a PEM public key (expected -----BEGIN PUBLIC KEY-----)');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new EscrowKeyError(`chat.escrowPublicKey must be an RSA key (RSA-OAEP), not ${key.asymmetricKeyType ?? 'unknown'}`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < ESCROW_MIN_MODULUS_BITS) throw new EscrowKeyError(`chat.escrowPublicKey has ${bits} bits; at least ${ESCROW_MIN_MODULUS_BITS} are required`);
  return key;
}

function isPrivateKey(pem: string): boolean {
  try {
    crypto.createPrivateKey({ key: pem, format: 'pem' });
    return true;
  } catch {
    return false;
  }
}

/** Deletes every sealed row past its time; how many went. */
export async function purgeChatEscrow(db: Queryable, now: Date): Promise<number> {
  return (await db.query('DELETE FROM chat_escrow WHERE expires_at <= $1', [now])).rowCount;
}

export interface EscrowEntry {
  id: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The rows still kept at `now`, oldest first: when, never what. */
export async function listChatEscrow(db: Queryable, now: Date): Promise<EscrowEntry[]> {
  const { rows } = await db.query<{ id: string; created_at: Date | string; expires_at: Date | string }>(
    'SELECT id::text AS id, created_at, expires_at FROM chat_escrow WHERE expires_at > $1 ORDER BY created_at, id',
    [now],
  );
  return rows.map((row) => ({ id: row.id, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) }));
}

/** The sealed blob of one row still kept at `now`, for the key holder; null if none. */
export async function sealedChatEscrow(db: Queryable, id: string, now: Date): Promise<Buffer | null> {
  if (!escrowIdSchema.safeParse(id).success) return null;
  const { rows } = await db.query<{ sealed: Uint8Array }>('SELECT sealed FROM chat_escrow WHERE id = $1 AND expires_at > $2', [id, now]);
  const row = rows[0];
  return row ? Buffer.from(row.sealed) : null;
}
