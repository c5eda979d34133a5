import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTACT_KEYS_PATH, CONTACTS_PATH, contactKeysResponseSchema } from '../../../shared/hub/contactsApi';
import { hubErrorBodySchema } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, loginToken } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { contextWithClock, DAY_MS, hashesFor, HOUR_MS, type TestClock, type TestHubContext } from './testing/contactTestKit';
import { testWorkstation, type TestWorkstation } from './testing/testWorkstation';

const START = new Date('2025-05-01T08:00:00Z');
const WINDOW_MS = 7 * DAY_MS;

describe.each(hubDatabaseEngines)('returning contacts over HTTP on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let context: TestHubContext;
  let clock: TestClock;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const made = contextWithClock(db, START);
    context = made.context;
    clock = made.clock;
    app = await buildHub(context);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  beforeEach(async () => {
    clock.set(START);
    await db.exec('TRUNCATE contact_keys, contact_sightings, contact_daily_counts CASCADE');
  });

  async function workstation(): Promise<TestWorkstation> {
    return testWorkstation(app, context, await createTestUser(db, { role: 'counsellor' }));
  }

  async function rowCount(contactId?: string): Promise<number> {
    const { rows } = contactId
      ? await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_sightings WHERE contact_id = $1', [contactId])
      : await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_sightings');
    return rows[0]?.n ?? -1;
  }

  it('answers 1 for a new caller and n for its nth contact, callers kept apart', async () => {
    const station = await workstation();
    expect(await station.contact('caller-P')).toBe(1);
    expect(await station.contact('caller-P')).toBe(2);
    expect(await station.contact('caller-Q')).toBe(1);
    clock.advance(HOUR_MS);
    expect(await station.contact('caller-P')).toBe(3);
    expect(await station.contact('caller-Q')).toBe(2);
  });

  it('shares the counts between workstations (two counsellors, two sessions)', async () => {
    const [a, b] = [await workstation(), await workstation()];
    expect(await a.contact('caller-P')).toBe(1);
    expect(await b.contact('caller-P')).toBe(2);
    expect(await a.contact('caller-P')).toBe(3);
    expect(await b.contact('caller-Q')).toBe(1);
    expect(a.keys).toEqual(b.keys);
  });

  it('counts only the contacts inside the window', async () => {
    const station = await workstation();
    expect(await station.contact('caller-P')).toBe(1);
    clock.set(new Date(START.getTime() + WINDOW_MS - 1));
    expect(await station.contact('caller-P')).toBe(2);
    // Exactly one window after the first contact, the first has left the window.
    clock.set(new Date(START.getTime() + WINDOW_MS));
    expect(await station.contact('caller-P')).toBe(2);
    clock.set(new Date(START.getTime() + 2 * WINDOW_MS + HOUR_MS));
    expect(await station.contact('caller-P')).toBe(1);
  });

  it('recognises a caller across key rotations, and makes a workstation with stale keys refetch', async () => {
    const station = await workstation();
    const other = await workstation();
    await station.fetchKeys(); // the first key: valid from START for one window
    clock.set(new Date(START.getTime() + WINDOW_MS - HOUR_MS));
    expect(await station.contact('caller-P')).toBe(1);
    const [k1] = station.keys;

    // The first key expired at START + window: the next fetch makes a new one.
    clock.set(new Date(START.getTime() + WINDOW_MS + HOUR_MS));
    const stale = await station.send({ contactId: crypto.randomUUID(), hashes: hashesFor(station.keys, 'caller-P') });
    expect(stale.statusCode).toBe(400);
    expect(hubErrorBodySchema.parse(stale.json())).toMatchObject({ error: 'invalid-request', message: expect.stringContaining(CONTACT_KEYS_PATH) as unknown });
    expect(await station.contact('caller-P')).toBe(2);
    expect(station.keys.map((key) => key.keyId)).toEqual([station.keys[0]?.keyId, k1?.keyId]);
    const [k2] = station.keys;

    // Still the second key's window: linked to both earlier contacts.
    clock.set(new Date(START.getTime() + 2 * WINDOW_MS - 2 * HOUR_MS));
    expect(await other.contact('caller-P')).toBe(3);

    // A second rotation: the first contact is out, the last two are found through the second key.
    clock.set(new Date(START.getTime() + 2 * WINDOW_MS + 2 * HOUR_MS));
    expect(await other.contact('caller-P')).toBe(2);
    expect(other.keys.map((key) => key.keyId)).toEqual([other.keys[0]?.keyId, k2?.keyId]);
  });

  it('counts a resent contact once and refuses a contactId reused for another caller', async () => {
    const station = await workstation();
    const first = crypto.randomUUID();
    expect(await station.contact('caller-P', first)).toBe(1);
    expect(await station.contact('caller-P', first)).toBe(1);
    expect(await rowCount(first)).toBe(1);
    expect(await station.contact('caller-P')).toBe(2);
    clock.advance(HOUR_MS);
    expect(await station.contact('caller-P', first)).toBe(2);
    expect(await rowCount()).toBe(2);

    const reused = await station.send({ contactId: first, hashes: hashesFor(station.keys, 'caller-Q') });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: 'conflict' });
    expect(await rowCount()).toBe(2);
  });

  it('keeps a resent contact at its first time when it comes back after a rotation', async () => {
    const station = await workstation();
    const late = crypto.randomUUID();
    await station.fetchKeys();
    clock.set(new Date(START.getTime() + WINDOW_MS - HOUR_MS));
    expect(await station.contact('caller-P', late)).toBe(1);
    clock.set(new Date(START.getTime() + WINDOW_MS + HOUR_MS));
    expect(await station.contact('caller-P', late)).toBe(1);
    const { rows } = await db.query<{ seen_at: Date }>('SELECT DISTINCT seen_at FROM contact_sightings WHERE contact_id = $1', [late]);
    expect(rows.map((row) => new Date(row.seen_at).getTime())).toEqual([START.getTime() + WINDOW_MS - HOUR_MS]);
    expect(await rowCount(late)).toBe(2);
  });

  it('refuses an unknown, expired, repeated or missing key with 400, storing nothing', async () => {
    const station = await workstation();
    await station.fetchKeys();
    const [current] = station.keys;
    if (!current) throw new Error('no key');
    const hash = hashesFor([current], 'caller-P')[0]?.hash ?? '';
    const expectRefused = async (hashes: unknown[], path?: string): Promise<void> => {
      const response = await station.send({ contactId: crypto.randomUUID(), hashes });
      expect(response.statusCode).toBe(400);
      const body = hubErrorBodySchema.parse(response.json());
      expect(body.error).toBe('invalid-request');
      expect(body.message).toContain(CONTACT_KEYS_PATH);
      if (path) expect(body.issues?.map((issue) => issue.path)).toContain(path);
    };
    await expectRefused([{ keyId: crypto.randomUUID(), hash }], 'hashes.0.keyId');
    await expectRefused([{ keyId: current.keyId, hash }, { keyId: 'no-such-key', hash }], 'hashes.1.keyId');
    await expectRefused([{ keyId: current.keyId, hash }, { keyId: current.keyId, hash }], 'hashes.1.keyId');

    // Two rotations later the first key is neither current nor previous.
    clock.set(new Date(START.getTime() + WINDOW_MS + HOUR_MS));
    await station.fetchKeys();
    const [, previous] = station.keys;
    if (!previous) throw new Error('no previous key');
    await expectRefused(hashesFor([previous], 'caller-P')); // the current key's hash is missing
    clock.set(new Date(START.getTime() + 3 * WINDOW_MS));
    await station.fetchKeys();
    await expectRefused([...hashesFor(station.keys, 'caller-P').slice(0, 1), { keyId: current.keyId, hash }]);
    expect(await rowCount()).toBe(0);
  });

  it('refuses malformed sightings with 400, storing nothing', async () => {
    const station = await workstation();
    await station.fetchKeys();
    const [good] = hashesFor(station.keys, 'caller-P');
    if (!good) throw new Error('no key');
    const contactId = crypto.randomUUID();
    const bodies: unknown[] = [
      { contactId, hashes: [{ ...good, hash: good.hash.toUpperCase() }] },
      { contactId, hashes: [{ ...good, hash: good.hash.slice(1) }] },
      { contactId, hashes: [{ ...good, hash: `${good.hash.slice(1)}g` }] },
      { contactId, hashes: [{ keyId: good.keyId }] },
      { contactId, hashes: [{ ...good, pseudonym: 'caller-P' }] },
      { contactId, hashes: [] },
      { contactId, hashes: [good, good, good] },
      { contactId: 'not-a-uuid', hashes: [good] },
      { hashes: [good] },
      { contactId, hashes: [good], pseudonym: 'caller-P' },
      'caller-P',
    ];
    for (const body of bodies) {
      const response = await station.send(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid-request' });
    }
    expect(await rowCount()).toBe(0);
  });

  it('lets only counsellors fetch keys and register contacts, and keeps the keys out of caches', async () => {
    const supervisor = await createTestUser(db, { role: 'supervisor' });
    const supervisorToken = await loginToken(app, supervisor, context.now());
    for (const [method, url] of [['GET', CONTACT_KEYS_PATH], ['POST', CONTACTS_PATH]] as const) {
      expect((await app.inject({ method, url, payload: method === 'POST' ? {} : undefined })).statusCode).toBe(401);
      expect((await app.inject({ method, url, headers: bearer('x'.repeat(43)) })).statusCode).toBe(401);
      const refused = await app.inject({ method, url, headers: bearer(supervisorToken), payload: method === 'POST' ? {} : undefined });
      expect(refused.statusCode).toBe(403);
    }
    const station = await workstation();
    const response = await station.fetchKeys();
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = contactKeysResponseSchema.parse(response.json());
    expect(body.windowDays).toBe(7);
    expect(Buffer.from(body.keys[0]?.key ?? '', 'base64')).toHaveLength(32);
  });

  it('writes no hash, key, contact id or pseudonym to the log', async () => {
    const station = await workstation();
    const contactId = crypto.randomUUID();
    await station.contact('caller-canary-4711', contactId);
    clock.advance(WINDOW_MS + HOUR_MS);
    await station.contact('caller-canary-4711');
    const log = context.log.lines.join('\n');
    expect(log).toContain('contact key rotated');
    for (const secret of [contactId, 'caller-canary-4711', ...station.keys.map((key) => key.key), ...hashesFor(station.keys, 'caller-canary-4711').map((h) => h.hash)]) {
      expect(log).not.toContain(secret);
    }
  });
});
