import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../testing/testAccounts';
import { hubDatabaseEngines } from '../../testing/testDatabases';
import { verifyAuditChain } from '../audit/auditChain';
import type { Database } from '../db/database';
import { CLI_TEST_MS, cliTarget, runAdminCli, withCliDatabase } from './testing/adminCliKit';



describe.each(hubDatabaseEngines)('admin CLI shift import on %s', (engine) => {
  let target: Record<string, string>;
  let dir: string;

  const shifts = (db: Database) =>
    db.query<{ username: string; starts_at: Date; created_by: string | null }>('SELECT u.username, s.starts_at, s.created_by FROM shifts s JOIN users u ON u.id = s.user_id ORDER BY s.starts_at, u.username').then(({ rows }) =>
      rows.map((row) => ({ ...row, starts_at: new Date(row.starts_at).toISOString() })),
    );

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-cli-shifts-'));
    target = await cliTarget(engine, dir);
    await withCliDatabase(target, async (db) => {
      await createTestUser(db, { role: 'counsellor', username: 'anna', totp: false });
      await createTestUser(db, { role: 'counsellor', username: 'bo', totp: false });
    });
  }, CLI_TEST_MS);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a spreadsheet export with local times in the policy file’s time zone, audited', async () => {
    const policy = path.join(dir, 'policy.json');
    fs.writeFileSync(policy, JSON.stringify({ statistics: { timeZone: 'America/New_York' } }));
    const file = path.join(dir, 'vagtplan.csv');
    fs.writeFileSync(file, '\ufeffbrugernavn;start;slut\r\nanna;2026-07-01 08:00;2026-07-01 16:00\r\nBo;2026-07-01T08:00:00+02:00;2026-07-01T16:00:00+02:00\r\n');

    const run = await runAdminCli(['shifts', 'import', file], { ...target, HUB_POLICY: policy });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('imported 2 shifts\n');
    await withCliDatabase(target, async (db) => {
      expect(await shifts(db)).toEqual([
        { username: 'bo', starts_at: '2026-07-01T06:00:00.000Z', created_by: null },
        { username: 'anna', starts_at: '2026-07-01T12:00:00.000Z', created_by: null },
      ]);
      const { rows } = await db.query<{ actor_id: string | null; details: object }>(`SELECT actor_id::text AS actor_id, details FROM audit_log WHERE action = 'cli.shift-import'`);
      expect(rows).toEqual([{ actor_id: null, details: { count: 2 } }]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    });
  }, CLI_TEST_MS);

  it('refuses a file with a bad line as a whole and names the line', async () => {
    const file = path.join(dir, 'forkert.csv');
    fs.writeFileSync(file, 'username,start,end\nanna,2026-08-01 08:00,2026-08-01 16:00\nnobody,2026-08-01 08:00,2026-08-01 16:00\n');
    const run = await runAdminCli(['shifts', 'import', file], target);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 3: unknown-user\n');
    expect(run.stderr).toContain('1 line(s) refused; nothing imported');
    await withCliDatabase(target, async (db) => expect(await shifts(db)).toHaveLength(2));

    expect((await runAdminCli(['shifts', 'import'], target)).code).toBe(2);
    expect((await runAdminCli(['shifts', 'export', file], target)).code).toBe(2);
  }, CLI_TEST_MS);
});
