import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openPostgresDatabase } from '../db/postgresDatabase';
import { defaultHubPolicy } from '../policy/hubPolicy';
import { currentContactKeys, toContactKey } from './contactKeys';
import { contextWithClock, DAY_MS } from './testing/contactTestKit';

const START = new Date('2025-05-01T08:00:00Z');
const WINDOW_MS = defaultHubPolicy.retention.contactWindowDays * DAY_MS;

describe.each(hubDatabaseEngines)('contact key rotation on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE contact_keys CASCADE');
  });

  it('creates one key valid for one window and hands the same key out until it expires', async () => {
    const { context, clock } = contextWithClock(db, START);
    const [first, ...rest] = await currentContactKeys(context);
    expect(rest).toEqual([]);
    expect(first?.validFrom).toEqual(START);
    expect(first?.validUntil).toEqual(new Date(START.getTime() + WINDOW_MS));
    expect(first?.secret).toHaveLength(32);

    clock.advance(WINDOW_MS - 1);
    expect((await currentContactKeys(context)).map((key) => key.keyId)).toEqual([first?.keyId]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_keys');
    expect(rows[0]?.n).toBe(1);
  });

  it('rotates when the key expires and hands out the new and the previous key, newest first', async () => {
    const { context, clock } = contextWithClock(db, START);
    const [k1] = await currentContactKeys(context);
    clock.advance(WINDOW_MS + 3 * 60 * 60 * 1000);
    const keys = await currentContactKeys(context);
    expect(keys).toHaveLength(2);
    expect(keys[1]?.keyId).toBe(k1?.keyId);
    expect(keys[0]?.validFrom).toEqual(clock.now());
    expect(keys[0]?.secret.equals(k1?.secret ?? Buffer.alloc(0))).toBe(false);

    // Once the previous key's validity ended a whole window ago, it is no longer handed out.
    const k2 = keys[0];
    clock.set(new Date((k2?.validUntil.getTime() ?? 0) + 1));
    const later = await currentContactKeys(context);
    expect(later.map((key) => key.keyId)).toEqual([later[0]?.keyId, k2?.keyId]);
    expect(later.map((key) => key.keyId)).not.toContain(k1?.keyId);
  });

  it('after a long pause starts a fresh key and no longer hands out the stale one', async () => {
    const { context, clock } = contextWithClock(db, START);
    const [old] = await currentContactKeys(context);
    clock.advance(3 * WINDOW_MS);
    const keys = await currentContactKeys(context);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.keyId).not.toBe(old?.keyId);
  });

  it('hands keys out as the contract shapes them', async () => {
    const { context } = contextWithClock(db, START);
    const [key] = await currentContactKeys(context);
    if (!key) throw new Error('no key');
    const shaped = toContactKey(key);
    expect(Buffer.from(shaped.key, 'base64').equals(key.secret)).toBe(true);
    expect(shaped.validFrom).toBe(START.toISOString());
  });

  it('creates a single key when several requests (and on PostgreSQL two hub processes) ask at once', async () => {
    // Two hub processes on one PostgreSQL are two pools on one database; PGlite is one process.
    const url = engine === 'postgres' ? await createPostgresDatabase() : null;
    const [a, b] = url ? [await openPostgresDatabase(url), await openPostgresDatabase(url)] : [db, db];
    try {
      if (url) await migrate(a);
      for (let round = 0; round < 3; round++) {
        await a.exec('TRUNCATE contact_keys CASCADE');
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) => currentContactKeys(contextWithClock(i % 2 === 0 ? a : b, START).context)),
        );
        const ids = new Set(answers.map((keys) => keys.map((key) => key.keyId).join()));
        expect(ids.size).toBe(1);
        const { rows } = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_keys');
        expect(rows[0]?.n).toBe(1);
      }
    } finally {
      if (url) await Promise.all([a.close(), b.close()]);
    }
  });
});
