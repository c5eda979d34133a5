import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHub, type HubOptions } from '../../hub/src/buildHub';
import type { Database } from '../../hub/src/db/database';
import { hubPolicySchema, type HubPolicy } from '../../hub/src/policy/hubPolicy';
import { createTestUser, testHubContext, type TestUser } from '../../hub/testing/testAccounts';
import { freshDatabase } from '../../hub/testing/testDatabases';
import type { HubRole } from '../../shared/hub/hubRoles';

export interface HubUnderTest {
  app: FastifyInstance;
  db: Database;
  context: ReturnType<typeof testHubContext>;
  /** http://127.0.0.1:<port> */
  url: string;
  /**
   * A user; counsellors without a second factor unless `totp` (the policy here makes it optional
   * for them), and with a shift from an hour ago to eleven hours ahead unless `shift: false`.
   */
  user(role: HubRole, options?: { totp?: boolean; shift?: boolean }): Promise<TestUser>;
  /** Puts a shift of `userId` in the plan; returns its id. */
  addShift(userId: string, startsAt: Date, endsAt: Date): Promise<string>;
  /** The records the hub holds: id → content hash. */
  records(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/**
 * The real hub, in this process, on a fresh PGlite database, listening on loopback: what the
 * workstation's services are tested against. `loginAttemptsPerMinute` defaults high, since every
 * workstation in a test logs in from 127.0.0.1.
 */
export async function startHub(
  options: { loginAttemptsPerMinute?: number; shifts?: Partial<HubPolicy['shifts']>; chat?: Partial<HubPolicy['chat']>; hub?: HubOptions } = {},
): Promise<HubUnderTest> {
  const db = await freshDatabase('pglite');
  const policy = hubPolicySchema.parse({
    accounts: { counsellorTotp: 'optional', sessionHours: 12, loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 100 },
    shifts: options.shifts ?? {},
    chat: options.chat ?? {},
  });
  const context = testHubContext(db, policy);
  const app = await buildHub(context, options.hub);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const addShift = async (userId: string, startsAt: Date, endsAt: Date): Promise<string> => {
    const id = crypto.randomUUID();
    await db.query(`INSERT INTO shifts (id, user_id, starts_at, ends_at, created_at) VALUES ($1, $2, $3, $4, now())`, [id, userId, startsAt, endsAt]);
    return id;
  };
  return {
    app,
    db,
    context,
    url: `http://127.0.0.1:${port}`,
    user: async (role, userOptions = {}) => {
      const user = await createTestUser(db, { role, totp: userOptions.totp ?? role !== 'counsellor' });
      if (role === 'counsellor' && userOptions.shift !== false) await addShift(user.id, new Date(Date.now() - 3_600_000), new Date(Date.now() + 11 * 3_600_000));
      return user;
    },
    addShift,
    records: async () => {
      const { rows } = await db.query<{ id: string; content_hash: string }>('SELECT id::text, content_hash FROM records');
      return new Map(rows.map((row) => [row.id, row.content_hash]));
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/**
 * A second process of `hub` (same database) speaking TLS, with a certificate for 127.0.0.1 from
 * a private CA; `hubJson` is a hub.json naming it and that CA (caCertificate). `close` also
 * removes the directory holding both.
 */
export async function startTlsHub(hub: HubUnderTest): Promise<{ url: string; hubJson: string; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-tls-hub-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=Tavs test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', file('hub.key'), '-out', file('hub.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(file('san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file('hub.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('hub.pem'),
    '-days', '2', '-extfile', file('san.cnf'));
  const tlsHub = await buildHub(hub.context, { tls: { cert: fs.readFileSync(file('hub.pem'), 'utf8'), key: fs.readFileSync(file('hub.key'), 'utf8') } });
  await tlsHub.listen({ host: '127.0.0.1', port: 0 });
  const url = `https://127.0.0.1:${(tlsHub.server.address() as AddressInfo).port}`;
  fs.writeFileSync(file('hub.json'), JSON.stringify({ url, caCertificate: 'ca.pem' }));
  return {
    url,
    hubJson: file('hub.json'),
    close: async () => {
      await tlsHub.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
