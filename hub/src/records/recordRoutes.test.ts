import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubErrorBodySchema } from '../../../shared/hub/hubErrors';
import { SYNC_BATCH_MAX_RECORDS, SYNC_BATCH_PATH, syncBatchResponseSchema } from '../../../shared/hub/syncApi';
import { RECORD_SCHEMA_VERSION, type ContactRecord } from '../../../shared/records/recordModel';
import { bearer, createTestUser, loginToken, testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub, HUB_BODY_LIMIT_BYTES } from '../buildHub';
import type { Database } from '../db/database';
import { PROCESSING_RECORD_PATH } from '../retention/processingRecordRoute';

function record(): ContactRecord {
  return {
    id: crypto.randomUUID(),
    schemaVersion: RECORD_SCHEMA_VERSION,
    channel: 'phone',
    startedAt: '2026-11-25T09:00:00Z',
    durationMinutes: 4,
    shiftId: 'shift',
    returningContact: true,
    contactType: 'silent',
    topics: [],
    ageBand: 'unknown',
    gender: 'unknown',
    outcome: 'caller-ended',
    referral: 'none',
    emergency: { flagged: false, providerCallReference: null },
    summary: '',
  };
}

describe.each(hubDatabaseEngines)('record sync endpoint on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let counsellorToken: string;
  let context: ReturnType<typeof testHubContext>;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db);
    app = await buildHub(context);
    counsellorToken = await loginToken(app, await createTestUser(db, { role: 'counsellor' }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const send = (body: unknown, token = counsellorToken) =>
    app.inject({ method: 'POST', url: SYNC_BATCH_PATH, headers: bearer(token), payload: body as Record<string, unknown> });

  it('answers per record and audits the batch by counts only', async () => {
    const records = [record(), record()];
    const batchId = crypto.randomUUID();
    const response = await send({ batchId, records });
    expect(response.statusCode).toBe(200);
    expect(syncBatchResponseSchema.parse(response.json()).results.map((result) => result.status)).toEqual(['stored', 'stored']);
    expect(syncBatchResponseSchema.parse((await send({ batchId, records })).json()).results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);

    const { rows } = await db.query<{ action: string; target: string; details: Record<string, unknown> }>(
      `SELECT action, target, details FROM audit_log WHERE action = 'records.batch' AND target = $1 ORDER BY seq`,
      [batchId],
    );
    expect(rows.map((row) => row.details)).toEqual([
      { stored: 2, duplicate: 0, rejected: 0 },
      { stored: 0, duplicate: 2, rejected: 0 },
    ]);
  });

  it('refuses a batch without a session, a malformed batch and an oversized body, with the hub error format', async () => {
    expect((await send({ batchId: crypto.randomUUID(), records: [record()] }, 'x'.repeat(43))).json()).toMatchObject({ error: 'unauthenticated' });
    const malformed = await send({ batchId: 'not-a-uuid', records: [] });
    expect(malformed.statusCode).toBe(400);
    const refusal = hubErrorBodySchema.parse(malformed.json());
    expect(refusal.error).toBe('invalid-request');
    expect(refusal.issues?.map((issue) => issue.path)).toContain('batchId');
    const tooMany = await send({ batchId: crypto.randomUUID(), records: Array.from({ length: SYNC_BATCH_MAX_RECORDS + 1 }, record) });
    expect(tooMany.statusCode).toBe(400);
    const huge = await send({ batchId: crypto.randomUUID(), records: [{ ...record(), summary: 'x'.repeat(HUB_BODY_LIMIT_BYTES) }] });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toEqual({ error: 'too-large', message: 'request body too large' });
    const notJson = await app.inject({ method: 'POST', url: SYNC_BATCH_PATH, headers: { ...bearer(counsellorToken), 'content-type': 'application/json' }, payload: '{"batchId":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: 'invalid-request' });
  });

  it('gives the record of processing activities to administrators only', async () => {
    const admin = await createTestUser(db, { role: 'administrator' });
    const document = await app.inject({ method: 'GET', url: PROCESSING_RECORD_PATH, headers: bearer(await loginToken(app, admin)) });
    expect(document.statusCode).toBe(200);
    expect(document.headers['content-type']).toContain('text/markdown');
    expect(document.body).toContain('Fortegnelse over behandlingsaktiviteter');
    expect((await app.inject({ method: 'GET', url: PROCESSING_RECORD_PATH, headers: bearer(counsellorToken) })).statusCode).toBe(403);
  });
});
