import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_SCHEMA_VERSION, type ContactRecord } from '../../../shared/records/recordModel';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import type { Database } from '../db/database';
import { defaultHubPolicy, hubPolicySchema } from '../policy/hubPolicy';
import { ingestRecords } from '../records/recordIngest';
import { processingRecordMarkdown } from './processingRecord';
import { applyRecordRetention } from './recordRetention';

const DAY_MS = 24 * 60 * 60 * 1000;

function recordStartedAt(startedAt: Date): ContactRecord {
  return {
    id: crypto.randomUUID(),
    schemaVersion: RECORD_SCHEMA_VERSION,
    channel: 'chat',
    startedAt: `${startedAt.toISOString().slice(0, 16)}:00Z`,
    durationMinutes: 5,
    shiftId: 'shift',
    returningContact: false,
    contactType: 'counselling',
    topics: ['family'],
    ageBand: '16-18',
    gender: 'male',
    outcome: 'completed',
    referral: 'none',
    emergency: { flagged: true, providerCallReference: 'provider-ref-1' },
    summary: 'Resumé',
  };
}

describe.each(hubDatabaseEngines)('record retention on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());
  beforeEach(() => db.exec('TRUNCATE records'));

  it('clears detail after the detail period and deletes whole records after the record period', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const policy = hubPolicySchema.parse({ retention: { recordDetailDays: 30, recordDays: 365 } });
    const ago = (days: number): Date => new Date(now.getTime() - days * DAY_MS);
    const fresh = recordStartedAt(ago(1));
    const oldDetail = recordStartedAt(ago(31));
    const expired = recordStartedAt(ago(366));
    // Each arrived at the hub when it was made.
    for (const record of [fresh, oldDetail, expired]) await ingestRecords(db, [record], new Date(record.startedAt));

    expect(await applyRecordRetention(db, policy, now)).toEqual({ detailsCleared: 1, recordsDeleted: 1 });
    const { rows } = await db.query<{ id: string; summary: string | null; emergency_reference: string | null; emergency_flagged: boolean }>(
      'SELECT id::text, summary, emergency_reference, emergency_flagged FROM records ORDER BY started_at',
    );
    expect(rows).toEqual([
      { id: oldDetail.id, summary: null, emergency_reference: null, emergency_flagged: true },
      { id: fresh.id, summary: 'Resumé', emergency_reference: 'provider-ref-1', emergency_flagged: true },
    ]);
    // Nothing older than the record period survives in any column.
    const old = await db.query('SELECT 1 FROM records WHERE started_at < $1', [ago(365)]);
    expect(old.rows).toHaveLength(0);
    // Running again removes nothing more.
    expect(await applyRecordRetention(db, policy, now)).toEqual({ detailsCleared: 0, recordsDeleted: 0 });
  });

  it('keeps a record sent late for its full detail period, counted from its arrival', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const late = recordStartedAt(new Date(now.getTime() - 40 * DAY_MS));
    await ingestRecords(db, [late], new Date(now.getTime() - DAY_MS));
    expect(await applyRecordRetention(db, defaultHubPolicy, now)).toEqual({ detailsCleared: 0, recordsDeleted: 0 });
  });
});

describe('record of processing activities', () => {
  it('states the periods and the controller of the policy in force', () => {
    const policy = hubPolicySchema.parse({
      controller: { name: 'Børnetelefonen Test', dataProtectionOfficer: 'dpo@example.invalid' },
      retention: { recordDetailDays: 45, recordDays: 730, contactWindowDays: 7 },
      statistics: { minimumCellSize: 10 },
    });
    const document = processingRecordMarkdown(policy, new Date('2026-11-25T00:00:00Z'));
    expect(document).toContain('Navn: Børnetelefonen Test');
    expect(document).toContain('dpo@example.invalid');
    expect(document).toContain('| Resumé og nødreference i kontaktregistreringer | 45 dage efter modtagelse |');
    expect(document).toContain('| Kontaktregistreringer (grundlaget for statistik) | 2 år efter henvendelsen |');
    expect(document).toContain('nøgler efter 14 dage');
    expect(document).toContain('mindst 10');
    expect(processingRecordMarkdown(defaultHubPolicy, new Date())).toContain('| 90 dage efter modtagelse |');
  });
});
