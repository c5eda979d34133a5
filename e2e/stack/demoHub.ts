import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSIONS_PATH, USERS_PATH, type CreateUserResponse, type LoginResponse } from '../../shared/hub/accountsApi';
import type { HubRole } from '../../shared/hub/hubRoles';
import { SHIFTS_PATH, type Shift, type ShiftInput, type ShiftResponse } from '../../shared/hub/shiftsApi';
import { totpCodeAt } from '../../hub/src/accounts/totp';
import { startHubProcess, type HubProcess, type HubProcessOptions } from './hubProcess';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A hub account made by the stack, with everything it takes to log in. */
export interface HubAccount {
  username: string;
  password: string;
  role: HubRole;
  totpSecret: string;
}

export interface DemoHub {
  hub: HubProcess;
  admin: HubAccount;
  /** Creates a user through the administrator's API, as a real service would. */
  createUser(role: HubRole, username: string, password?: string): Promise<HubAccount>;
  /** Logs in over HTTP (with a fresh one-time code) and returns the bearer token. */
  login(account: HubAccount): Promise<string>;
  /** Puts a shift for `account` in the plan through the administrator's API, as a service would. */
  createShift(account: Pick<HubAccount, 'username'>, startsAt: Date, endsAt: Date): Promise<Shift>;
  /**
   * A one-time code the hub has not yet seen for this account: each code is accepted once, so a
   * second login within the same 30 s gets the next step's code (the hub accepts one step ahead).
   */
  freshCode(account: HubAccount): string;
  stop(): Promise<void>;
}

/** The one-time code of `account` now (and of the next step, for a second login within 30 s). */
export function totpFor(account: Pick<HubAccount, 'totpSecret'>, date = new Date()): string {
  return totpCodeAt(account.totpSecret, date);
}

/**
 * A hub process set up the way a service sets one up: the first administrator from the `admin`
 * CLI, every other account and shift through the administrator's API. `policy` is written to the
 * hub's policy file (e.g. the demo's optional TOTP for counsellors, which the hub audits as
 * loosened). With `sip` (a SipStack's jsonrpcUrl and domain) the hub issues per-shift SIP
 * credentials to that Kamailio.
 */
export async function startDemoHub(options: HubProcessOptions & { policy?: object; admin?: HubAccount } = {}): Promise<DemoHub> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-'));
  fs.mkdirSync(dataDir, { recursive: true });
  let policyFile = options.policyFile;
  if (options.policy) {
    policyFile = path.join(dataDir, 'hub-policy.json');
    fs.writeFileSync(policyFile, JSON.stringify(options.policy, null, 2));
  }
  // `admin`: the data directory already holds this administrator (a copy of a prepared one).
  const admin = options.admin ?? (await createFirstAdministrator(dataDir, options.databaseUrl));
  const hub = await startHubProcess({ ...options, dataDir, ...(policyFile ? { policyFile } : {}) });
  const lastStep = new Map<string, number>();

  const freshCode = (account: HubAccount): string => {
    const step = Math.max(Math.floor(Date.now() / 30_000), (lastStep.get(account.username) ?? 0) + 1);
    lastStep.set(account.username, step);
    return totpCodeAt(account.totpSecret, new Date(step * 30_000));
  };
  const login = async (account: HubAccount): Promise<string> => {
    const response = await fetch(`${hub.url}${SESSIONS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password, totp: freshCode(account) }),
    });
    if (!response.ok) throw new Error(`login of ${account.username} failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as LoginResponse).token;
  };

  let adminToken: string | null = null;
  /** A POST as the administrator (logged in once, on first use). */
  const asAdmin = async (urlPath: string, body: object): Promise<Response> => {
    adminToken ??= await login(admin);
    return fetch(`${hub.url}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(body),
    });
  };
  return {
    hub,
    admin,
    login,
    freshCode,
    async createUser(role, username, password = `${username}-demo-kode`) {
      const response = await asAdmin(USERS_PATH, { username, displayName: displayNameFor(role, username), role, password });
      if (!response.ok) throw new Error(`creating ${username} failed: ${response.status} ${await response.text()}`);
      const created = (await response.json()) as CreateUserResponse;
      return { username, password, role, totpSecret: created.totp.secret };
    },
    async createShift(account, startsAt, endsAt) {
      const input: ShiftInput = { username: account.username, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
      const response = await asAdmin(SHIFTS_PATH, input);
      if (!response.ok) throw new Error(`creating a shift for ${account.username} failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as ShiftResponse).shift;
    },
    stop: () => hub.stop(),
  };
}

function displayNameFor(role: HubRole, username: string): string {
  const title = { counsellor: 'Rådgiver', supervisor: 'Supervisor', administrator: 'Administrator' }[role];
  return `${title} ${username}`;
}

/** Runs `admin create-admin` against the hub's database before the hub holds it open. */
export async function createFirstAdministrator(dataDir: string, databaseUrl: string | undefined): Promise<HubAccount> {
  const password = 'admin-demo-kode';
  const env: NodeJS.ProcessEnv = { ...process.env, HUB_DATA_DIR: dataDir, HUB_ADMIN_PASSWORD: password };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const cli = path.join(root, 'hub', 'src', 'cli', 'admin.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'create-admin', '--username', 'admin', '--display-name', 'Administrator'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const secret = /^totp-secret: (\S+)$/m.exec(output)?.[1];
  if (code !== 0 || !secret) throw new Error(`admin create-admin failed (${code}):\n${output}`);
  return { username: 'admin', password, role: 'administrator', totpSecret: secret };
}
