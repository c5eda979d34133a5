import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildHub } from '../../hub/src/buildHub';
import type { Database } from '../../hub/src/db/database';
import { hubPolicySchema } from '../../hub/src/policy/hubPolicy';
import { createTestUser, testHubContext, type TestUser } from '../../hub/testing/testAccounts';
import { freshDatabase } from '../../hub/testing/testDatabases';
import type { HubRole } from '../../shared/hub/hubRoles';

export interface HubUnderTest {
  app: FastifyInstance;
  db: Database;
  context: ReturnType<typeof testHubContext>;
  /** http://127.0.0.1:<port> */
  url: string;
  /** A user; counsellors without a second factor unless `totp` (the policy here makes it optional for them). */
  user(role: HubRole, options?: { totp?: boolean }): Promise<TestUser>;
  /** The records the hub holds: id → content hash. */
  records(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/**
 * The real hub, in this process, on a fresh PGlite database, listening on loopback: what the
 * workstation's services are tested against. `loginAttemptsPerMinute` defaults high, since every
 * workstation in a test logs in from 127.0.0.1.
 */
export async function startHub(options: { loginAttemptsPerMinute?: number } = {}): Promise<HubUnderTest> {
  const db = await freshDatabase('pglite');
  const policy = hubPolicySchema.parse({
    accounts: { counsellorTotp: 'optional', sessionHours: 12, loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 100 },
  });
  const context = testHubContext(db, policy);
  const app = await buildHub(context);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    db,
    context,
    url: `http://127.0.0.1:${port}`,
    user: (role, userOptions = {}) => createTestUser(db, { role, totp: userOptions.totp ?? role !== 'counsellor' }),
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
