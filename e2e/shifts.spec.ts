import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { createDatabaseOn, startPostgresServer, type PostgresServer } from '../hub/testing/postgresServer';
import { startSipStack, type SipStack } from './sip/sipStack';
import { startDemoHub, type DemoHub, type HubAccount } from './stack/demoHub';
import { startHubProcess, type HubProcess } from './stack/hubProcess';
import {
  commandsOf,
  counsellorOnShift,
  expectBoardState,
  liveSipUser,
  logoutFromBoard,
  openWorkstationPage,
  shiftLoginsOf,
  submitLogin,
  supervisorOnBoard,
  userIdOf,
} from './stack/shiftUi';
import { answer, closeCaller, expectTwoWayAudio, finishWrapUp, openCaller, placeCall } from './stack/softphoneUi';
import { startSoftphoneStack, type SoftphoneStack } from './stack/softphoneStack';
import { startWorkstation } from './stack/workstation';

// Shifts, presence and the supervisor's logout on real parts (issue 7 point 7): the hub process
// on PostgreSQL issuing per-shift SIP credentials to a real Kamailio, a counsellor's workstation
// whose softphone has no SIP account of its own (only the shift's), a supervisor's workstation
// on the same hub (in the last case on a second hub process on the same database), real
// Chromium pages for both, and the caller simulator. Kamailio is asked directly whether the
// shift's SIP user is registered; the SIP user name comes from the hub's database, never from
// the screen. Media is checked with packet counters.

test.describe.configure({ mode: 'serial', timeout: 90_000 });
test.use({ timezoneId: 'Europe/Copenhagen', locale: 'da-DK' });

/** Short presence timers, so a lost workstation or an unconfirmed logout takes seconds. */
const policy = {
  shifts: { heartbeatSeconds: 1, lostAfterSeconds: 4, logoutConfirmSeconds: 2, endWarningMinutes: 1, loginGraceMinutes: 0 },
  accounts: { loginAttemptsPerMinute: 100 },
};
const minutes = (count: number): number => count * 60_000;

let postgres: PostgresServer;
let databaseUrl: string;
let db: pg.Pool;
let sip: SipStack;
let demo: DemoHub;
let hubDir: string;
/** The counsellor's workstation (per-shift SIP credentials only) with the caller pages. */
let phone: SoftphoneStack;
let supervisorStation: Awaited<ReturnType<typeof startWorkstation>>;
let counsellorPage: Page;
let board: Page;
let supervisor: HubAccount;
/** Counsellors on shift from an hour ago for three hours, and their hub user ids. */
const onShift = new Map<string, { account: HubAccount; id: string }>();
/** His shift starts in two hours: login refused. */
let otto: HubAccount;

test.beforeAll(async ({ browser }) => {
  postgres = await startPostgresServer();
  databaseUrl = await createDatabaseOn(postgres.url, `shifts_e2e_${process.pid}`);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  sip = await startSipStack({ profile: 'leaky', workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-sip-shifts-')) });
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-shifts-'));
  demo = await startDemoHub({ dataDir: hubDir, databaseUrl, policy, sip: { jsonrpcUrl: sip.jsonrpcUrl, domain: sip.domain } });
  supervisor = await demo.createUser('supervisor', 'sofie');
  const now = Date.now();
  // One counsellor per login where logins follow closely: each login takes a fresh one-time code.
  for (const username of ['carla', 'dina', 'emil', 'finn']) {
    const account = await demo.createUser('counsellor', username);
    await demo.createShift(account, new Date(now - minutes(60)), new Date(now + minutes(120)));
    onShift.set(username, { account, id: await userIdOf(db, username) });
  }
  otto = await demo.createUser('counsellor', 'otto');
  await demo.createShift(otto, new Date(now + minutes(120)), new Date(now + minutes(240)));

  phone = await startSoftphoneStack('leaky', { sip, hubUrl: demo.hub.url, perShiftCredentials: true });
  supervisorStation = await startWorkstation({ demo: false, hubUrl: demo.hub.url });
  counsellorPage = await openWorkstationPage(browser, phone.workstation.url);
  board = await openWorkstationPage(browser, supervisorStation.url);
  await supervisorOnBoard(board, supervisor, demo.freshCode(supervisor));
});

test.afterAll(async () => {
  await counsellorPage?.context().close();
  await board?.context().close();
  await supervisorStation?.stop();
  await phone?.stop();
  await demo?.stop();
  await sip?.stop();
  await db?.end();
  await postgres?.stop();
});

/** The counsellor's workstation, back at the login form (each case starts there). */
async function expectLoginForm(page: Page): Promise<void> {
  await expect(page.getByLabel('Brugernavn')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('counsellor-workspace')).toHaveCount(0);
}

function counsellor(username: string): { account: HubAccount; id: string } {
  const found = onShift.get(username);
  if (!found) throw new Error(`no counsellor ${username}`);
  return found;
}

/** Logged in, registered with the shift's SIP user, and available on the supervisor's board. */
async function loginOnShift(page: Page, supervisorBoard: Page, username: string): Promise<{ id: string; sipUser: string }> {
  const { account, id } = counsellor(username);
  await counsellorOnShift(page, account, demo.freshCode(account));
  const sipUser = await liveSipUser(db, id);
  expect(sipUser).toMatch(/^s[0-9a-f]{16}$/);
  expect(await sip.isRegistered(sipUser)).toBe(true);
  // The screen never shows the SIP user name (nor anything else of the SIP account).
  expect(await page.content()).not.toContain(sipUser);
  await expectBoardState(supervisorBoard, id, 'available');
  await expect(supervisorBoard.getByTestId(`board-state-${id}`)).toHaveText('Tilgængelig');
  return { id, sipUser };
}

async function expectUnregistered(sipUser: string): Promise<void> {
  await expect.poll(() => sip.isRegistered(sipUser), { timeout: 10_000 }).toBe(false);
  // Nobody is registered, so the helpline has nobody to ring.
  expect(await sip.testCall()).toBe(480);
}

async function expectSupervisorLogout(page: Page, reasonText: string): Promise<void> {
  await expectLoginForm(page);
  await expect(page.getByTestId('supervisor-logout')).toHaveText(`En supervisor har logget dig ud. Årsag: ${reasonText}.`);
}

test('a login outside the shift is refused, and no SIP user is ever registered', async () => {
  await submitLogin(counsellorPage, otto, demo.freshCode(otto));
  const error = counsellorPage.getByTestId('login-error');
  await expect(error).toHaveAttribute('data-code', 'outside-shift', { timeout: 15_000 });
  await expect(error).toHaveText(
    'Du har ingen vagt lige nu, så du kan ikke logge ind. Du kan logge ind kort før din vagt begynder. Mener du, at du har vagt nu, så kontakt en supervisor.',
  );
  await expect(counsellorPage.getByTestId('counsellor-workspace')).toHaveCount(0);
  // No shift login, so no SIP credentials were issued and nothing registered at Kamailio.
  expect(await shiftLoginsOf(db, await userIdOf(db, otto.username))).toEqual([]);
  expect(await sip.registeredAors()).toEqual([]);
  expect(await sip.testCall()).toBe(480);
});

test('a supervisor logs out an idle counsellor: a reason is required, the counsellor is locked out and unregistered', async () => {
  const { id: carlaId, sipUser } = await loginOnShift(counsellorPage, board, 'carla');

  // The counsellor's own changes reach the board at once: a break, then available again.
  await counsellorPage.getByTestId('presence-away').click();
  await counsellorPage.getByTestId('presence-away-reason').selectOption('meeting');
  await counsellorPage.getByTestId('presence-away-confirm').click();
  await expectBoardState(board, carlaId, 'away');
  await expect(board.getByTestId(`board-reason-${carlaId}`)).toHaveText('Møde');
  await counsellorPage.getByTestId('presence-available').click();
  await expectBoardState(board, carlaId, 'available');

  // Without a reason the dialog refuses, and nothing happens to the counsellor.
  await board.getByTestId(`board-logout-${carlaId}`).click();
  const dialog = board.getByTestId('logout-dialog');
  await dialog.getByTestId('logout-confirm').click();
  await expect(dialog.getByTestId('logout-reason-missing')).toBeVisible();
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('logout-cancel').click();
  expect(await commandsOf(db, carlaId)).toEqual([]);
  await expect(counsellorPage.getByTestId('counsellor-workspace')).toBeVisible();

  await logoutFromBoard(board, carlaId, 'forgot-logout', 'after-work');
  await expectSupervisorLogout(counsellorPage, 'Glemt at logge ud');
  await expectBoardState(board, carlaId, 'offline');
  await expectUnregistered(sipUser);
  // The workstation confirmed the command and logged itself out: nothing had to be forced.
  const [command] = await commandsOf(db, carlaId);
  expect(command?.acknowledged_at).not.toBeNull();
  expect(command?.forced_at).toBeNull();
});

test('a logout "after the call" waits for the call and its wrap-up; "now" ends the call at once', async ({ browser }) => {
  const caller = await openCaller(browser, phone);
  try {
    // After the call: the call goes on, with audio, while the logout waits.
    const { id: dinaId, sipUser } = await loginOnShift(counsellorPage, board, 'dina');
    const outcome = placeCall(caller, phone, { to: phone.callTarget });
    await answer(counsellorPage);
    expect(await outcome).toMatchObject({ outcome: 'established' });
    await expectTwoWayAudio(counsellorPage, caller);
    await expectBoardState(board, dinaId, 'in-call');

    await logoutFromBoard(board, dinaId, 'technical', 'after-work');
    const pending = counsellorPage.getByTestId('pending-logout');
    await expect(pending).toHaveAttribute('data-by', 'supervisor');
    await expect(pending).toHaveAttribute('data-mode', 'after-work');
    await expect(pending).toContainText('En supervisor har logget dig ud (årsag: Teknisk problem). Du logges ud, når samtalen og efterbehandlingen er færdig.');
    await expect(board.getByTestId(`board-pending-${dinaId}`)).toHaveAttribute('data-mode', 'after-work', { timeout: 3_000 });
    await expect(board.getByTestId(`board-pending-${dinaId}`)).toHaveText('Logges ud efter samtalen');
    await expectBoardState(board, dinaId, 'in-call');
    await expectTwoWayAudio(counsellorPage, caller);
    expect(await sip.isRegistered(sipUser)).toBe(true);

    await counsellorPage.getByTestId('hangup').click();
    await expect.poll(() => caller.evaluate(() => window.tavsCaller.state())).toBe('Terminated');
    // Wrap-up belongs to the call: still logged in until it is done.
    await expect(counsellorPage.getByTestId('wrap-up')).toBeVisible();
    await expectBoardState(board, dinaId, 'wrap-up');
    await finishWrapUp(counsellorPage);
    await expectSupervisorLogout(counsellorPage, 'Teknisk problem');
    await expectBoardState(board, dinaId, 'offline');
    await expectUnregistered(sipUser);

    // Now: logged out in the middle of the call, which ends for the caller too.
    const { id: emilId, sipUser: emilSipUser } = await loginOnShift(counsellorPage, board, 'emil');
    const second = placeCall(caller, phone, { to: phone.callTarget });
    await answer(counsellorPage);
    expect(await second).toMatchObject({ outcome: 'established' });
    await expectTwoWayAudio(counsellorPage, caller);
    await expectBoardState(board, emilId, 'in-call');
    await logoutFromBoard(board, emilId, 'other', 'now');
    await expectSupervisorLogout(counsellorPage, 'Andet');
    await expect.poll(() => caller.evaluate(() => window.tavsCaller.state()), { timeout: 10_000 }).toBe('Terminated');
    await expectBoardState(board, emilId, 'offline');
    await expectUnregistered(emilSipUser);
  } finally {
    await closeCaller(caller);
  }
});

test('at the end of the shift a call goes on; after it and its wrap-up the workstation locks and the SIP user is gone', async ({ browser }) => {
  const bo = await demo.createUser('counsellor', 'bo');
  const boId = await userIdOf(db, bo.username);
  const endsAt = new Date(Date.now() + 30_000);
  await demo.createShift(bo, new Date(Date.now() - minutes(60)), endsAt);
  const caller = await openCaller(browser, phone);
  try {
    await counsellorOnShift(counsellorPage, bo, demo.freshCode(bo));
    const sipUser = await liveSipUser(db, boId);
    expect(await sip.isRegistered(sipUser)).toBe(true);
    await expectBoardState(board, boId, 'available');
    // Less than endWarningMinutes left: warned at once.
    const warning = counsellorPage.getByTestId('shift-warning');
    await expect(warning).toBeVisible();
    await expect(warning).toHaveAttribute('data-ends-at', endsAt.toISOString());

    const outcome = placeCall(caller, phone, { to: phone.callTarget });
    await answer(counsellorPage);
    expect(await outcome).toMatchObject({ outcome: 'established' });
    await expectTwoWayAudio(counsellorPage, caller);

    // The end passes during the call: a pending logout, and the call goes on with audio.
    const pending = counsellorPage.getByTestId('pending-logout');
    await expect(pending).toHaveAttribute('data-by', 'shift-end', { timeout: 40_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime());
    await expect(pending).toContainText('Din vagt er slut. Du logges ud, når samtalen og efterbehandlingen er færdig.');
    await expectTwoWayAudio(counsellorPage, caller);
    await expectBoardState(board, boId, 'in-call');
    expect(await sip.isRegistered(sipUser)).toBe(true);

    await caller.evaluate(() => window.tavsCaller.hangup());
    await expect(counsellorPage.getByTestId('wrap-up')).toHaveAttribute('data-ended-by', 'caller', { timeout: 10_000 });
    await finishWrapUp(counsellorPage);
    await expectLoginForm(counsellorPage);
    await expect(counsellorPage.getByTestId('shift-ended')).toHaveText('Din vagt er slut, og du er logget ud. Tak for i dag.');
    await expectBoardState(board, boId, 'offline');
    await expectUnregistered(sipUser);
    expect((await shiftLoginsOf(db, boId))[0]?.ended_at).not.toBeNull();
  } finally {
    await closeCaller(caller);
  }
});

test('a workstation killed with kill -9 turns lost; the supervisor logs it out and the hub removes it at Kamailio', async ({ browser }) => {
  // A workstation of its own, to be killed.
  const doomed = await startSoftphoneStack('leaky', { sip, hubUrl: demo.hub.url, perShiftCredentials: true });
  const page = await openWorkstationPage(browser, doomed.workstation.url);
  try {
    const { id: finnId, sipUser } = await loginOnShift(page, board, 'finn');
    await doomed.workstation.kill();

    await expectBoardState(board, finnId, 'lost', 20_000);
    await expect(board.getByTestId(`board-state-${finnId}`)).toHaveText('Mistet forbindelse');
    // The dead workstation's registration is still at Kamailio: only the hub can remove it.
    expect(await sip.isRegistered(sipUser)).toBe(true);

    await logoutFromBoard(board, finnId, 'unreachable', 'after-work');
    await expectBoardState(board, finnId, 'offline', 10_000);
    await expectUnregistered(sipUser);
    // Forced by the hub, since nobody could confirm it.
    const [command] = await commandsOf(db, finnId);
    expect(command?.acknowledged_at).toBeNull();
    expect(command?.forced_at).not.toBeNull();
    const [login] = await shiftLoginsOf(db, finnId);
    expect(login).toMatchObject({ sip_username: sipUser, end_reason: 'forced' });
    expect(login?.sip_revoked_at).not.toBeNull();
  } finally {
    await page.context().close();
    await doomed.stop();
  }
});

test('two hub processes on one database: a supervisor on hub B watches and logs out a counsellor on hub A', async ({ browser }) => {
  const hubB: HubProcess = await startHubProcess({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-shifts-b-')),
    databaseUrl,
    policyFile: path.join(hubDir, 'hub-policy.json'),
    sip: { jsonrpcUrl: sip.jsonrpcUrl, domain: sip.domain },
  });
  const stationB = await startWorkstation({ demo: false, hubUrl: hubB.url });
  const boardB = await openWorkstationPage(browser, stationB.url);
  try {
    await supervisorOnBoard(boardB, supervisor, demo.freshCode(supervisor));
    const { id: carlaId, sipUser } = await loginOnShift(counsellorPage, boardB, 'carla');

    await counsellorPage.getByTestId('presence-away').click();
    await counsellorPage.getByTestId('presence-away-reason').selectOption('break');
    await counsellorPage.getByTestId('presence-away-confirm').click();
    await expectBoardState(boardB, carlaId, 'away');
    await expect(boardB.getByTestId(`board-reason-${carlaId}`)).toHaveText('Pause');
    await counsellorPage.getByTestId('presence-available').click();
    await expectBoardState(boardB, carlaId, 'available');

    await logoutFromBoard(boardB, carlaId, 'shift-over', 'after-work');
    await expectSupervisorLogout(counsellorPage, 'Vagten er slut');
    await expectBoardState(boardB, carlaId, 'offline');
    await expectUnregistered(sipUser);
    // Carried to hub A's socket and confirmed by the workstation, not forced.
    const [command] = await commandsOf(db, carlaId);
    expect(command?.acknowledged_at).not.toBeNull();
    expect(command?.forced_at).toBeNull();
  } finally {
    await boardB.context().close();
    await stationB.stop();
    await hubB.stop();
  }
});
