import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { defaultHubPolicy, type HubPolicy } from '../policy/hubPolicy';
import { EscrowKeyError, createChatEscrow, escrowPublicKeyOf, listChatEscrow, sealedChatEscrow } from './chatEscrow';

const HOUR_MS = 3_600_000;
// Addresses a test plants and then looks for (they must be found nowhere but sealed).
const CANARY_V4 = '203.0.113.77';
const CANARY_V6 = '2001:db8:ab:cd::4242';

function rsaKeys(bits: number): { publicPem: string; privateKey: crypto.KeyObject } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

function withEscrow(publicPem: string | null, escrowHours = 12): HubPolicy {
  return { ...defaultHubPolicy, chat: { ...defaultHubPolicy.chat, escrowPublicKey: publicPem, escrowHours } };
}

function opened(privateKey: crypto.KeyObject, sealed: Buffer): unknown {
  return JSON.parse(crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sealed).toString('utf8'));
}

describe('the escrow key in the policy', () => {
  it('is refused, so the hub does not start, unless it is an RSA public key of at least 2048 bits', () => {
    expect(escrowPublicKeyOf(rsaKeys(2048).publicPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    const weak = rsaKeys(1024).publicPem;
    expect(() => escrowPublicKeyOf(weak)).toThrow(EscrowKeyError);
    expect(() => escrowPublicKeyOf(weak)).toThrow(/1024 bits; at least 2048/);
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => escrowPublicKeyOf(ec)).toThrow(/must be an RSA key/);
    expect(() => escrowPublicKeyOf('')).toThrow(/not a PEM public key/);
    expect(() => escrowPublicKeyOf('-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n')).toThrow(/not a PEM public key/);
    // The private key would let the service open the escrow itself.
    const privatePem = rsaKeys(2048).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => escrowPublicKeyOf(privatePem)).toThrow(/holds a private key/);
  });
});

describe.each(hubDatabaseEngines)('emergency escrow on %s', (engine) => {
  let db: Database;
  const keys = rsaKeys(2048);
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());

  const rows = async () =>
    (await db.query<{ id: string; conversation_id: string; sealed: Uint8Array; created_at: Date; expires_at: Date }>('SELECT id::text AS id, conversation_id::text AS conversation_id, sealed, created_at, expires_at FROM chat_escrow ORDER BY created_at'))
      .rows;

  it('makes createChatEscrow throw at creation, and no key means escrow is off', async () => {
    const context = (policy: HubPolicy) => testHubContext(db, policy);
    expect(() => createChatEscrow(context(withEscrow(rsaKeys(1024).publicPem)))).toThrow(EscrowKeyError);
    expect(() => createChatEscrow(context(withEscrow('not a key')))).toThrow(EscrowKeyError);
    const off = createChatEscrow(context(withEscrow(null)));
    expect(off.enabled).toBe(false);
    await expect(off.seal(crypto.randomUUID(), CANARY_V4, new Date())).rejects.toThrow(/no escrow key/);
  });

  it('seals the address and time so only the private key opens them; nothing of the address is in the row', async () => {
    const context = testHubContext(db, withEscrow(keys.publicPem));
    const escrow = createChatEscrow(context);
    expect(escrow.enabled).toBe(true);
    const conversationId = crypto.randomUUID();
    const at = context.now();
    const id = await escrow.seal(conversationId, CANARY_V4, at);
    const id6 = await escrow.seal(conversationId, CANARY_V6, at);

    const stored = await rows();
    expect(stored.map((row) => row.id).sort()).toEqual([id, id6].sort());
    const dump = JSON.stringify(
      (await db.query('SELECT * FROM chat_escrow')).rows.map((row) => Object.values(row).map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value)))),
    );
    for (const canary of [CANARY_V4, CANARY_V6, '203.0.113', '2001:db8']) expect(dump).not.toContain(canary);
    for (const row of stored) {
      const sealed = Buffer.from(row.sealed);
      expect(sealed.length).toBe(256);
      expect(sealed.toString('latin1')).not.toContain(CANARY_V4);
      expect(sealed.toString('hex')).not.toContain(Buffer.from(CANARY_V4).toString('hex'));
    }
    const blob = await sealedChatEscrow(db, id, context.now());
    expect(blob).not.toBeNull();
    expect(opened(keys.privateKey, blob ?? Buffer.alloc(0))).toEqual({ address: CANARY_V4, at: at.toISOString(), conversationId });
    expect(opened(keys.privateKey, (await sealedChatEscrow(db, id6, context.now())) ?? Buffer.alloc(0))).toMatchObject({ address: CANARY_V6 });
    // Another key does not open it.
    expect(() => opened(rsaKeys(2048).privateKey, blob ?? Buffer.alloc(0))).toThrow();
    // Nothing of it went to the log either.
    expect(context.log.lines.join('\n')).not.toContain('203.0.113');
    await db.query('DELETE FROM chat_escrow');
  });

  it('keeps a sealed row escrowHours (12 at most) and purges it once the hub clock passes that', async () => {
    const context = testHubContext(db, withEscrow(keys.publicPem, 12));
    const escrow = createChatEscrow(context);
    const twelve = await escrow.seal(crypto.randomUUID(), CANARY_V4, context.now());
    const shortContext = testHubContext(db, withEscrow(keys.publicPem, 2));
    const two = await createChatEscrow(shortContext).seal(crypto.randomUUID(), CANARY_V4, shortContext.now());
    for (const row of await rows()) expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBeLessThanOrEqual(12 * HOUR_MS);
    expect((await listChatEscrow(db, context.now())).map((entry) => entry.id).sort()).toEqual([twelve, two].sort());

    expect(await escrow.purge(context.now())).toBe(0);
    context.moveClock(2 * HOUR_MS + 1_000);
    expect(await escrow.purge(context.now())).toBe(1);
    expect((await rows()).map((row) => row.id)).toEqual([twelve]);
    context.moveClock(10 * HOUR_MS);
    // Past its time but not purged yet: no longer listed or handed out.
    expect(await listChatEscrow(db, context.now())).toEqual([]);
    expect(await sealedChatEscrow(db, twelve, context.now())).toBeNull();
    expect(await escrow.purge(context.now())).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it('still purges rows sealed before the key left the policy', async () => {
    const context = testHubContext(db, withEscrow(keys.publicPem, 1));
    await createChatEscrow(context).seal(crypto.randomUUID(), CANARY_V4, context.now());
    const off = createChatEscrow({ ...context, policy: withEscrow(null) });
    context.moveClock(HOUR_MS + 1_000);
    expect(await off.purge(context.now())).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it('refuses to seal what is not an IP address or a conversation id, without quoting it', async () => {
    const escrow = createChatEscrow(testHubContext(db, withEscrow(keys.publicPem)));
    await expect(escrow.seal(crypto.randomUUID(), 'visitor.example.org', new Date())).rejects.toThrow('chat escrow: the address is not an IP address');
    await expect(escrow.seal('not-a-uuid', CANARY_V4, new Date())).rejects.toThrow(/not a UUID/);
    expect(await rows()).toEqual([]);
  });

  it('is refused by the database beyond 12 hours, whatever the code says', async () => {
    await expect(
      db.query('INSERT INTO chat_escrow (id, conversation_id, sealed, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        crypto.randomUUID(),
        crypto.randomUUID(),
        Buffer.from('x'),
        new Date('2026-06-01T00:00:00Z'),
        new Date('2026-06-01T12:00:01Z'),
      ]),
    ).rejects.toThrow();
  });
});
