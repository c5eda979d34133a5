import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_SCHEMA_VERSION, type ContactRecord } from '../../../shared/records/recordModel';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { contentHashOf, ingestRecords } from './recordIngest';

const NOW = new Date('2026-11-25T12:00:00Z');

function record(overrides: Partial<ContactRecord> = {}): ContactRecord {
  return {
    id: crypto.randomUUID(),
    schemaVersion: RECORD_SCHEMA_VERSION,
    channel: 'phone',
    startedAt: '2026-11-25T10:15:00Z',
    durationMinutes: 12,
    shiftId: 'shift-1',
    returningContact: false,
    contactType: 'counselling',
    topics: ['loneliness', 'school'],
    ageBand: '13-15',
    gender: 'female',
    outcome: 'completed',
    referral: 'none',
    emergency: { flagged: false, providerCallReference: null },
    summary: 'Talte om skolen.',
    ...overrides,
  };
}

describe.each(hubDatabaseEngines)('record ingest on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());
  beforeEach(() => db.exec('TRUNCATE records'));

  const count = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM records')).rows[0]!.n;

  it('stores each record of a batch and answers stored per record, in order', async () => {
    const batch = [record(), record({ channel: 'chat', topics: [] })];
    const results = await ingestRecords(db, batch, NOW);
    expect(results).toEqual(batch.map((item) => ({ id: item.id, status: 'stored' })));
    const { rows } = await db.query<{ id: string; channel: string; topics: string[]; summary: string; started_at: Date }>(
      'SELECT id::text, channel, topics, summary, started_at FROM records ORDER BY channel DESC',
    );
    expect(rows.map((row) => [row.id, row.channel, row.topics, row.summary, row.started_at.toISOString()])).toEqual([
      [batch[0]!.id, 'phone', ['loneliness', 'school'], 'Talte om skolen.', '2026-11-25T10:15:00.000Z'],
      [batch[1]!.id, 'chat', [], 'Talte om skolen.', '2026-11-25T10:15:00.000Z'],
    ]);
  });

  it('answers a resent batch duplicate and keeps one copy of each record', async () => {
    const batch = [record(), record()];
    await ingestRecords(db, batch, NOW);
    const again = await ingestRecords(db, batch, NOW);
    expect(again.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    expect(await count()).toBe(2);
  });

  it('counts a record sent twice in one batch once', async () => {
    const twice = record();
    const results = await ingestRecords(db, [twice, { ...twice }], NOW);
    expect(results.map((result) => result.status)).toEqual(['stored', 'duplicate']);
    expect(await count()).toBe(1);
  });

  it('treats the same record with its keys in another order as the same record', async () => {
    const original = record();
    await ingestRecords(db, [original], NOW);
    const reordered = Object.fromEntries(Object.entries(original).reverse());
    expect(contentHashOf(reordered as ContactRecord)).toBe(contentHashOf(original));
    expect((await ingestRecords(db, [reordered], NOW))[0]?.status).toBe('duplicate');
  });

  it('refuses a different record under an id the hub already has, and keeps the first', async () => {
    const original = record();
    await ingestRecords(db, [original], NOW);
    const [result] = await ingestRecords(db, [{ ...original, summary: 'Noget andet.' }], NOW);
    expect(result).toMatchObject({ id: original.id, status: 'rejected', error: 'id-conflict' });
    const { rows } = await db.query<{ summary: string }>('SELECT summary FROM records');
    expect(rows).toEqual([{ summary: 'Talte om skolen.' }]);
  });

  it('rejects invalid records one by one, naming the field but not the value, and stores the valid ones', async () => {
    const good = record();
    const canary = 'CANARY-+4512345678';
    const results = await ingestRecords(db, [{ ...record(), channel: canary }, good, 'not a record', { ...record(), extra: canary }], NOW);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'stored', 'rejected', 'rejected']);
    expect(results[0]).toMatchObject({ error: 'invalid-record' });
    expect(results[0] && 'message' in results[0] ? results[0].message : '').toContain('channel');
    expect(results[2]).toMatchObject({ id: '#2', error: 'invalid-record' });
    expect(JSON.stringify(results)).not.toContain(canary);
    expect(await count()).toBe(1);
  });

  it('accepts a workstation clock an hour ahead but not a record from next week', async () => {
    const anHourAhead = record({ startedAt: '2026-11-25T13:00:00Z' });
    const nextWeek = record({ startedAt: '2026-12-02T12:00:00Z' });
    const results = await ingestRecords(db, [anHourAhead, nextWeek], NOW);
    expect(results.map((result) => result.status)).toEqual(['stored', 'rejected']);
    expect(results[1]).toMatchObject({ error: 'implausible-time' });
  });
});
