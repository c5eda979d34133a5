import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SESSION_PATH, SESSIONS_PATH, loginResponseSchema } from '../../../shared/hub/accountsApi';
import type { HubErrorBody } from '../../../shared/hub/hubErrors';
import { bearer, createTestUser, testHubContext, totpNow } from '../../testing/testAccounts';
import { createPostgresDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { verifyAuditChain } from '../audit/auditChain';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { openPgliteDatabase } from '../db/pgliteDatabase';
import { openPostgresDatabase } from '../db/postgresDatabase';
import { CLI_TEST_MS, runAdminCli } from './testing/adminCliKit';

const secretIn = (output: string): string => /^totp-secret: ([A-Z2-7]+)$/m.exec(output)?.[1] ?? '';

describe.each(hubDatabaseEngines)('admin CLI on %s', (engine) => {
  let target: Record<string, string>;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (engine === 'pglite') {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-cli-'));
      // A directory that does not exist yet: the CLI makes it, as on a fresh install.
      target = { HUB_DATA_DIR: path.join(dataDir, 'hub-data') };
    } else {
      target = { DATABASE_URL: await createPostgresDatabase() };
    }
  });
  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The hub on what the CLI wrote; closed again before the next CLI run (PGlite allows one process). */
  async function withHub<T>(work: (app: FastifyInstance, db: Database) => Promise<T>): Promise<T> {
    const db = target.DATABASE_URL ? await openPostgresDatabase(target.DATABASE_URL) : await openPgliteDatabase(target.HUB_DATA_DIR);
    const app = await buildHub(testHubContext(db));
    try {
      return await work(app, db);
    } finally {
      await app.close();
      await db.close();
    }
  }
  let client = 0;
  const login = (app: FastifyInstance, payload: object) => app.inject({ method: 'POST', url: SESSIONS_PATH, payload, remoteAddress: `127.5.0.${++client}` });
  const cliAudit = async (db: Database) =>
    (await db.query<{ action: string; actor_id: string | null }>(`SELECT action, actor_id::text AS actor_id FROM audit_log WHERE action LIKE 'cli.%' ORDER BY seq`)).rows;

  it('creates the first administrator (password from stdin), who then logs in over HTTP', async () => {
    const created = await runAdminCli(['create-admin', '--username', 'Anna', '--display-name', 'Anna Andersen'], target, 'first admin password\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const secret = secretIn(created.stdout);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(created.stdout).toMatch(/^otpauth-uri: otpauth:\/\/totp\/Tavs:anna\?/m);
    expect(created.stdout).not.toContain('first admin password');

    await withHub(async (app, db) => {
      const response = await login(app, { username: 'anna', password: 'first admin password', totp: totpNow(secret) });
      expect(response.statusCode).toBe(200);
      const { token, user } = loginResponseSchema.parse(response.json());
      expect(user).toMatchObject({ username: 'anna', displayName: 'Anna Andersen', role: 'administrator' });
      expect((await app.inject({ method: 'GET', url: CURRENT_SESSION_PATH, headers: bearer(token) })).statusCode).toBe(200);
      expect(await cliAudit(db)).toEqual([{ action: 'cli.create-admin', actor_id: null }]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    });

    const again = await runAdminCli(['create-admin', '--username', 'ANNA', '--display-name', 'Anna 2'], target, 'first admin password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists/);
  }, CLI_TEST_MS);

  it('resets a password, enrols a new TOTP secret and disables a user, each audited', async () => {
    const user = await withHub((_app, db) => createTestUser(db, { role: 'supervisor', username: 'bo' }));

    const reset = await runAdminCli(['reset-password', '--username', 'bo'], { ...target, HUB_ADMIN_PASSWORD: 'bo has a new password' });
    expect(reset.code).toBe(0);
    const enrolled = await runAdminCli(['enrol-totp', '--username', 'Bo'], target);
    expect(enrolled.code).toBe(0);
    const secret = secretIn(enrolled.stdout);
    expect(secret).not.toBe(user.totpSecret);

    await withHub(async (app) => {
      const oldPassword = await login(app, { username: 'bo', password: user.password, totp: totpNow(secret) });
      expect(oldPassword.json<HubErrorBody>().error).toBe('invalid-credentials');
      const oldSecret = await login(app, { username: 'bo', password: 'bo has a new password', totp: totpNow(user.totpSecret ?? '') });
      expect(oldSecret.json<HubErrorBody>().error).toBe('totp-invalid');
      expect((await login(app, { username: 'bo', password: 'bo has a new password', totp: totpNow(secret) })).statusCode).toBe(200);
    });

    expect((await runAdminCli(['disable', '--username', 'bo'], target)).code).toBe(0);
    await withHub(async (app, db) => {
      const disabled = await login(app, { username: 'bo', password: 'bo has a new password', totp: totpNow(secret, new Date(Date.now() + 30_000)) });
      expect(disabled.json<HubErrorBody>().error).toBe('invalid-credentials');
      expect((await cliAudit(db)).slice(-3)).toEqual([
        { action: 'cli.reset-password', actor_id: null },
        { action: 'cli.enrol-totp', actor_id: null },
        { action: 'cli.disable', actor_id: null },
      ]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    });
  }, CLI_TEST_MS);

  it('refuses a short password, a missing name, an unknown command and an unknown user', async () => {
    const short = await runAdminCli(['create-admin', '--username', 'cecilie', '--display-name', 'C'], { ...target, HUB_ADMIN_PASSWORD: 'too short' });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password/);
    expect((await runAdminCli(['reset-password'], target, 'long enough password\n')).code).toBe(2);
    expect((await runAdminCli(['promote', '--username', 'cecilie'], target)).code).toBe(2);
    const unknown = await runAdminCli(['disable', '--username', 'nobody-here'], target);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no user nobody-here/);
  }, CLI_TEST_MS);
});
