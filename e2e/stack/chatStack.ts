import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { USERS_PATH, type UsersResponse } from '../../shared/hub/accountsApi';
import type { HubRole } from '../../shared/hub/hubRoles';
import { createFirstAdministrator, startDemoHub, type DemoHub, type HubAccount } from './demoHub';
import { startWorkstation } from './workstation';

/**
 * The chat specs' stack: the real hub process (PGlite) with a chat policy, staff made through the
 * administrator's API (counsellors with a shift around now), and one workstation process per
 * person (each workstation holds one session), its UI in its own Chromium context.
 */

export type WorkstationProcess = Awaited<ReturnType<typeof startWorkstation>>;

export interface Staff {
  account: HubAccount;
  /** The hub's user id (the desk's and the board's test ids carry it). */
  id: string;
  displayName: string;
}

export interface ChatHub {
  demo: DemoHub;
  /** The hub's log file (HUB_LOG). */
  logFile: string;
  addStaff(role: HubRole, username: string): Promise<Staff>;
}

let prepared: Promise<{ dataDir: string; admin: HubAccount }> | null = null;

/**
 * A migrated database with its first administrator, made once per test worker: each chat spec's
 * hub starts on a copy, which spares it the admin CLI and the migrations (most of a hub's start).
 */
function preparedDatabase(): Promise<{ dataDir: string; admin: HubAccount }> {
  prepared ??= (async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-template-'));
    return { dataDir, admin: await createFirstAdministrator(dataDir, undefined) };
  })();
  return prepared;
}

/** A hub whose policy is `chat` over the defaults, with many logins per minute (each spec logs several people in). */
export async function startChatHub(chat: object = {}, extra: object = {}): Promise<ChatHub> {
  const template = await preparedDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-chat-'));
  fs.cpSync(template.dataDir, dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'hub.log');
  const demo = await startDemoHub({
    dataDir,
    admin: template.admin,
    logFile,
    policy: { accounts: { loginAttemptsPerMinute: 100 }, chat, ...extra },
  });
  // One administrator session for the lookups: each login spends a one-time code.
  let adminToken: Promise<string> | null = null;
  return {
    demo,
    logFile,
    async addStaff(role, username) {
      const account = await demo.createUser(role, username);
      if (role === 'counsellor') await demo.createShift(account, new Date(Date.now() - 60 * 60_000), new Date(Date.now() + 3 * 60 * 60_000));
      adminToken ??= demo.login(demo.admin);
      const user = await userOf(demo, await adminToken, username);
      return { account, id: user.id, displayName: user.displayName };
    },
  };
}

async function userOf(demo: DemoHub, token: string, username: string): Promise<{ id: string; displayName: string }> {
  const response = await fetch(`${demo.hub.url}${USERS_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`listing users failed: ${response.status}`);
  const user = ((await response.json()) as UsersResponse).users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no user ${username} at the hub`);
  return { id: user.id, displayName: user.displayName };
}

/**
 * A workstation process for the hub at `hubUrl` and a page on it (its own browser context) at
 * the login form. `prepare` runs before the page loads, e.g. to record its bridge traffic.
 */
export async function openStation(browser: Browser, hubUrl: string, prepare?: (page: Page) => void): Promise<{ station: WorkstationProcess; page: Page }> {
  const station = await startWorkstation({ demo: false, hubUrl });
  const page = await (await browser.newContext()).newPage();
  prepare?.(page);
  await page.goto(station.url);
  await expect(page.getByLabel('Brugernavn')).toBeVisible();
  return { station, page };
}
