import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SESSIONS_PATH, type LoginResponse } from '../../shared/hub/accountsApi';
import type { HubRole } from '../../shared/hub/hubRoles';
import { hashPassword } from '../src/accounts/passwords';
import { TOTP_PERIOD_MS, newTotpEnrolment, totpCodeAt, totpStepOf } from '../src/accounts/totp';
import type { Database, Queryable } from '../src/db/database';
import type { HubContext } from '../src/hubContext';
import { createMemoryHubLogger } from '../src/hubLogger';
import { defaultHubPolicy, type HubPolicy } from '../src/policy/hubPolicy';

/** A hub user made for a test, with what it takes to log in. */
export interface TestUser {
  id: string;
  username: string;
  role: HubRole;
  password: string;
  /** Null for a user made with `totp: false`. */
  totpSecret: string | null;
}

/**
 * Inserts an enabled user straight into the database (no audit entry). By default with a TOTP
 * secret, as every role needs one under the default policy.
 */
export async function createTestUser(db: Queryable, options: { role: HubRole; password?: string; totp?: boolean; username?: string }): Promise<TestUser> {
  const id = crypto.randomUUID();
  const username = options.username ?? `test-${options.role}-${crypto.randomBytes(4).toString('hex')}`;
  const password = options.password ?? `pw-${crypto.randomBytes(12).toString('base64url')}`;
  const totpSecret = options.totp === false ? null : newTotpEnrolment(username).secret;
  await db.query(
    `INSERT INTO users (id, username, display_name, role, password_hash, totp_secret, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [id, username, `Test ${options.role}`, options.role, await hashPassword(password), totpSecret],
  );
  return { id, username, role: options.role, password, totpSecret };
}

/** The user's current one-time code (of the step `date` falls in). */
export function totpNow(secret: string, date: Date = new Date()): string {
  return totpCodeAt(secret, date);
}

// The hub accepts each TOTP step once per user, up to one step ahead of its clock: so a user can
// log in twice per 30 s (the current step, then the next). Remembered per user id across calls.
// (Starting one step back would allow a third, but fails when the clock crosses a step meanwhile.)
const lastStepUsed = new Map<string, number>();
let clientCounter = 0;

/**
 * Logs the user in over HTTP and returns the bearer token. `now` must be the hub's clock
 * (context.now()) if the test moved it. Each call comes from its own loopback address, so the
 * per-client login rate limit does not trip a test that logs in many users.
 */
export async function loginToken(app: FastifyInstance, user: TestUser, now: Date = new Date()): Promise<string> {
  const payload: { username: string; password: string; totp?: string } = { username: user.username, password: user.password };
  if (user.totpSecret) {
    const current = totpStepOf(now);
    const step = Math.max(current, (lastStepUsed.get(user.id) ?? -Infinity) + 1);
    if (step > current + 1) throw new Error(`loginToken: ${user.username} already logged in twice in this 30 s step; use another test user or move the clock`);
    lastStepUsed.set(user.id, step);
    payload.totp = totpCodeAt(user.totpSecret, new Date(step * TOTP_PERIOD_MS));
  }
  clientCounter += 1;
  const remoteAddress = `127.${(clientCounter >> 16) & 255}.${(clientCounter >> 8) & 255}.${clientCounter & 255}`;
  const response = await app.inject({ method: 'POST', url: SESSIONS_PATH, payload, remoteAddress });
  if (response.statusCode !== 200) throw new Error(`loginToken: login of ${user.username} answered ${response.statusCode} ${response.body}`);
  return response.json<LoginResponse>().token;
}

/** `Authorization` header for app.inject. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** A hub context on `db` whose clock runs with real time and can be moved ahead (or back). */
export function testHubContext(db: Database, policy: HubPolicy = defaultHubPolicy): HubContext & { log: ReturnType<typeof createMemoryHubLogger>; moveClock(ms: number): void } {
  let offset = 0;
  return {
    db,
    policy,
    log: createMemoryHubLogger(),
    now: () => new Date(Date.now() + offset),
    moveClock: (ms) => {
      offset += ms;
    },
  };
}
