import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_PATH, auditPageResponseSchema } from '../../../shared/hub/auditApi';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { defaultHubPolicy, hubPolicySchema } from '../policy/hubPolicy';
import { openPostgresDatabase } from '../db/postgresDatabase';
import { GENESIS_HASH, entryHash, verifyAuditChain } from './auditChain';
import { createAuditLog, type AuditLog } from './auditLog';
import type { AuditEntryInput } from './auditTrail';
import { auditLoosenedPolicy } from './policyAudit';

// A fresh PGlite takes seconds, many more on a busy machine.
const DATABASE_SETUP_MS = 60_000;

/** Behind the append-only trigger, as only a superuser or the table's owner could: the attack the chain exists for. */
async function behindTheTrigger(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await tx.query(sql, params);
    await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}

describe.each(hubDatabaseEngines)('audit log on %s', (engine) => {
  let db: Database;
  let context: ReturnType<typeof testHubContext>;
  let audit: AuditLog;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db);
    audit = createAuditLog(context);
  }, DATABASE_SETUP_MS);
  beforeEach(() => behindTheTrigger(db, 'DELETE FROM audit_log'));
  afterAll(async () => {
    await db.close();
  });

  const appendSome = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) await audit.append({ actorId: null, action: 'test.entry', target: `t${i}`, details: { i, even: i % 2 === 0, note: null } });
  };

  it('chains entries: each one names the hash of the one before', async () => {
    await appendSome(3);
    const entries = await audit.entries(0, 10);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(entries[2]?.details).toEqual({ i: 2, even: true, note: null });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 3, headHash: entries[2]?.hash });
    expect(await verifyAuditChain(db)).toEqual(await audit.verify());
  });

  it('verifies an empty log and one longer than a page of the walk', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH });
    await db.transaction(async (tx) => {
      for (let i = 0; i < 1005; i++) await audit.append({ actorId: null, action: 'test.bulk' }, tx);
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 1005 });
  }, 120_000);

  it('keeps details that jsonb reorders or reformats verifiable', async () => {
    await audit.append({ actorId: crypto.randomUUID(), action: 'test.awkward', target: 'æøå ✓ 𝄞', details: { zeta: 1e21, alpha: 0.1, Mixed: -0, emoji: '😀 é', quote: '"\\\n' } });
    await appendSome(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('refuses entries that could not be stored faithfully or are not short primitives', async () => {
    const bad: AuditEntryInput[] = [
      { actorId: null, action: 'NoDots' },
      { actorId: null, action: 'test.ok', details: { text: 'nul \u0000 inside' } },
      { actorId: null, action: 'test.ok', details: { number: Number.NaN } },
      { actorId: null, action: 'test.ok', details: { nested: { a: 1 } as unknown as string } },
      { actorId: null, action: 'test.ok', target: 'x'.repeat(201) },
      { actorId: null, action: 'test.ok', details: { lone: '\ud800' } },
    ];
    for (const entry of bad) await expect(audit.append(entry), JSON.stringify(entry)).rejects.toThrow(/audit/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 0 });
  });

  it("commits and rolls back with the caller's transaction", async () => {
    await db.transaction(async (tx) => audit.append({ actorId: null, action: 'test.kept' }, tx));
    await expect(
      db.transaction(async (tx) => {
        await audit.append({ actorId: null, action: 'test.rolled-back' }, tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await audit.append({ actorId: null, action: 'test.after' });
    expect((await audit.entries(0, 10)).map((entry) => [entry.seq, entry.action])).toEqual([
      [1, 'test.kept'],
      [2, 'test.after'],
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('keeps one chain when many appends race (and on PostgreSQL, from two pools like two hub processes)', async () => {
    const otherPool = engine === 'postgres' ? await secondPoolOn(db) : null;
    const second = otherPool ? createAuditLog({ ...context, db: otherPool }) : audit;
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? audit : second).append({ actorId: null, action: 'test.race', details: { i } })));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 30 });
    } finally {
      await otherPool?.close();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await appendSome(2);
    await expect(db.query(`UPDATE audit_log SET action = 'test.rewritten' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('finds the entry changed behind the trigger', async () => {
    await appendSome(5);
    await behindTheTrigger(db, `UPDATE audit_log SET details = '{"i": 99, "even": true, "note": null}' WHERE seq = 3`);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, brokenAtSeq: 3 });
  });

  it('finds a rewritten entry even when its own hash was recomputed: the next entry no longer fits', async () => {
    await appendSome(5);
    const [third] = await audit.entries(2, 1);
    if (!third) throw new Error('no entry 3');
    // A forger recomputes entry 3's hash for the changed actor; entry 4 still names the old hash.
    const forged = { ...third, at: new Date(third.at), actorId: '11111111-1111-4111-8111-111111111111' };
    await behindTheTrigger(db, 'UPDATE audit_log SET actor_id = $1, hash = $2 WHERE seq = 3', [forged.actorId, entryHash(forged)]);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, brokenAtSeq: 4 });
  });

  it('finds a removed entry and an inserted one', async () => {
    await appendSome(4);
    await behindTheTrigger(db, 'DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyAuditChain(db)).toEqual({ ok: false, brokenAtSeq: 3 });

    await behindTheTrigger(db, 'DELETE FROM audit_log');
    await appendSome(2);
    await behindTheTrigger(db, `INSERT INTO audit_log SELECT seq + 1, at, actor_id, action, target, details, prev_hash, hash FROM audit_log WHERE seq = 2`);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, brokenAtSeq: 3 });
  });

  it('records each loosened policy setting at start, and nothing for the defaults', async () => {
    expect(await auditLoosenedPolicy(audit, defaultHubPolicy)).toEqual([]);
    const loose = hubPolicySchema.parse({ accounts: { counsellorTotp: 'optional' }, statistics: { minimumCellSize: 3 } });
    expect(await auditLoosenedPolicy(audit, loose)).toEqual(['statistics.minimumCellSize', 'accounts.counsellorTotp']);
    expect((await audit.entries(0, 10)).map((entry) => [entry.actorId, entry.action, entry.target, entry.details])).toEqual([
      [null, 'policy.loosened', 'statistics.minimumCellSize', { value: 3 }],
      [null, 'policy.loosened', 'accounts.counsellorTotp', { value: 'optional' }],
    ]);
  });
});

describe.each(hubDatabaseEngines)('GET /api/v1/audit on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let adminToken: string;
  let supervisorToken: string;
  let adminId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    app = await buildHub(testHubContext(db));
    const admin = await createTestUser(db, { role: 'administrator' });
    adminId = admin.id;
    adminToken = await loginToken(app, admin);
    supervisorToken = await loginToken(app, await createTestUser(db, { role: 'supervisor' }));
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const read = (query: string, token = adminToken) => app.inject({ method: 'GET', url: `${AUDIT_PATH}${query}`, headers: bearer(token) });

  it('gives administrators the entries page by page, with the actor and the chain status', async () => {
    const first = auditPageResponseSchema.parse((await read('?limit=1')).json());
    expect(first.entries).toHaveLength(1);
    expect(first.entries[0]).toMatchObject({ seq: 1, action: 'session.login', actorId: adminId, actorUsername: expect.stringMatching(/^test-administrator-/) as unknown });
    expect(first.chain).toMatchObject({ ok: true });
    const rest = auditPageResponseSchema.parse((await read('?afterSeq=1&limit=1000')).json());
    expect(rest.entries[0]?.seq).toBe(2);
    expect(rest.entries[0]?.prevHash).toBe(first.entries[0]?.hash);
    expect(rest.chain).toEqual(first.chain.ok ? { ...first.chain, entries: rest.entries.length + 1, headHash: rest.entries.at(-1)?.hash } : null);
  });

  it('refuses other roles and malformed queries', async () => {
    expect((await read('', supervisorToken)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: AUDIT_PATH })).statusCode).toBe(401);
    for (const query of ['?limit=0', '?limit=1001', '?afterSeq=-1', '?afterSeq=abc', '?colour=red']) {
      const response = await read(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<HubErrorBody>().error).toBe('invalid-request');
    }
  });

  it('reports a broken chain to the administrator', async () => {
    await behindTheTrigger(db, `UPDATE audit_log SET at = at + interval '1 second' WHERE seq = 2`);
    const page = auditPageResponseSchema.parse((await read('')).json());
    expect(page.chain).toEqual({ ok: false, brokenAtSeq: 2 });
  });
});

/** Another connection pool on the same PostgreSQL database, as a second hub process would have. */
async function secondPoolOn(db: Database): Promise<Database> {
  const { rows } = await db.query<{ name: string; port: number }>(`SELECT current_database() AS name, current_setting('port')::integer AS port`);
  return openPostgresDatabase(`postgres://postgres@127.0.0.1:${rows[0]?.port}/${rows[0]?.name}`);
}
