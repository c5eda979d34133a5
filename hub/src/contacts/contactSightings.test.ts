import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openPostgresDatabase } from '../db/postgresDatabase';
import { currentContactKeys, toContactKey } from './contactKeys';
import { registerSighting } from './contactSightings';
import { contextWithClock, hashesFor } from './testing/contactTestKit';

const START = new Date('2025-05-01T08:00:00Z');

describe.each(hubDatabaseEngines)('contact sightings on %s', (engine) => {
  // Two hub processes on one PostgreSQL are two pools on one database; PGlite is one process.
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    if (engine === 'pglite') {
      a = b = await freshDatabase(engine);
    } else {
      const url = await createPostgresDatabase();
      [a, b] = [await openPostgresDatabase(url), await openPostgresDatabase(url)];
      await migrate(a);
    }
  }, 60_000);
  afterAll(async () => {
    await a.close();
    if (b !== a) await b.close();
  });

  it('gives each of a caller’s simultaneous contacts its own count, on either hub process', async () => {
    const keys = (await currentContactKeys(contextWithClock(a, START).context)).map(toContactKey);
    const hashes = hashesFor(keys, 'caller-at-once');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        registerSighting(contextWithClock(i % 2 === 0 ? a : b, START).context, { contactId: crypto.randomUUID(), hashes }),
      ),
    );
    expect(answers.map((answer) => answer.contactsInWindow).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const { rows } = await a.query<{ n: number }>('SELECT contacts_in_window AS n FROM contact_sightings ORDER BY n');
    expect(rows.map((row) => row.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
