import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { createAuditLog } from '../audit/auditLog';
import type { Database } from '../db/database';
import { retentionSteps } from '../startHub';
import { runRetention } from './retentionJob';

describe.each(hubDatabaseEngines)('the retention job on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db.close());

  it('runs every step, audits what each removed, and goes on past a failing step', async () => {
    const context = testHubContext(db);
    const audit = createAuditLog(context);
    const failing = { name: 'broken', run: () => Promise.reject(new Error('disk on fire')) };
    const outcome = await runRetention(context, audit, [failing, ...retentionSteps]);
    expect(outcome.broken).toBe('failed');
    expect(Object.keys(outcome)).toEqual(['broken', 'records', 'contacts', 'sessions', 'chat-escrow', 'chat-transcripts']);
    const { rows } = await db.query<{ target: string }>(`SELECT target FROM audit_log WHERE action = 'retention.run' ORDER BY seq`);
    expect(rows.map((row) => row.target)).toEqual(['records', 'contacts', 'sessions', 'chat-escrow', 'chat-transcripts']);
    expect(context.log.lines.join('\n')).toContain('"step":"broken"');
    expect(context.log.lines.join('\n')).not.toContain('disk on fire');
  });
});
