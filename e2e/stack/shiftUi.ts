import { expect, type Browser, type Page } from '@playwright/test';
import type pg from 'pg';
import type { LogoutMode, LogoutReason, PresenceState } from '../../shared/hub/presenceApi';
import type { HubAccount } from './demoHub';

/**
 * Shifts through the real UI: staff log in with their hub accounts (counsellors without a
 * one-time code where the policy makes it optional), a supervisor works the board ("Vagten"),
 * and what only the hub knows (user ids, a shift's SIP user name) is read from its PostgreSQL
 * database — never from the screen, which must not show a SIP user name.
 */

/** A fresh browser context on a workstation's page, showing its login form. */
export async function openWorkstationPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await expect(page.getByLabel('Brugernavn')).toBeVisible();
  return page;
}

/** Fills in and sends the login form; `code` is the one-time code, if the account needs one. */
export async function submitLogin(page: Page, account: Pick<HubAccount, 'username' | 'password'>, code = ''): Promise<void> {
  await page.getByLabel('Brugernavn').fill(account.username);
  await page.getByLabel('Adgangskode').fill(account.password);
  await page.getByLabel('Engangskode').fill(code);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/**
 * A counsellor on shift: logged in (the shift login happens behind it) and registered at the SIP
 * server. `code`: the one-time code (an enrolled counsellor needs one even where it is optional).
 */
export async function counsellorOnShift(page: Page, account: HubAccount, code: string): Promise<void> {
  await submitLogin(page, account, code);
  await expect(page.getByTestId('counsellor-workspace')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('softphone-status')).toHaveAttribute('data-state', 'registered', { timeout: 15_000 });
}

/** A supervisor logged in (with a fresh one-time code), on the board. */
export async function supervisorOnBoard(page: Page, account: HubAccount, code: string): Promise<void> {
  await submitLogin(page, account, code);
  await expect(page.getByTestId('supervisor-board')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('supervisor-nav-shift').click();
  await expect(page.getByTestId('board')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
}

/**
 * The board's line for a counsellor is in `state` within `timeout` (default 3 s: the board is
 * live, pushed by the hub, well inside its 5 s fallback refresh).
 */
export async function expectBoardState(board: Page, userId: string, state: PresenceState, timeout = 3_000): Promise<void> {
  await expect(board.getByTestId(`board-state-${userId}`)).toHaveAttribute('data-state', state, { timeout });
}

/** The supervisor logs a counsellor out through the board's dialog (a reason is required). */
export async function logoutFromBoard(board: Page, userId: string, reason: LogoutReason, mode: LogoutMode, note = ''): Promise<void> {
  await board.getByTestId(`board-logout-${userId}`).click();
  const dialog = board.getByTestId('logout-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('logout-reason').selectOption(reason);
  if (note !== '') await dialog.getByTestId('logout-note').fill(note);
  await dialog.getByTestId(`logout-mode-${mode}`).check();
  await dialog.getByTestId('logout-confirm').click();
  await expect(dialog).toHaveCount(0);
}

/** The hub's id of a user (the board's test ids carry it). */
export async function userIdOf(db: pg.Pool, username: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT id::text FROM users WHERE username = $1', [username]);
  const id = rows[0]?.id;
  if (!id) throw new Error(`no user ${username} at the hub`);
  return id;
}

/** The SIP user name of the counsellor's live shift login, as the hub issued it. */
export async function liveSipUser(db: pg.Pool, userId: string): Promise<string> {
  const { rows } = await db.query<{ sip_username: string | null }>('SELECT sip_username FROM shift_logins WHERE user_id = $1 AND ended_at IS NULL', [userId]);
  const user = rows[0]?.sip_username;
  if (!user) throw new Error('the counsellor has no live shift login with a SIP user');
  return user;
}

export interface ShiftLoginRow {
  sip_username: string | null;
  ended_at: Date | null;
  end_reason: string | null;
  sip_revoked_at: Date | null;
}

/** The counsellor's shift logins, newest first. */
export async function shiftLoginsOf(db: pg.Pool, userId: string): Promise<ShiftLoginRow[]> {
  const { rows } = await db.query<ShiftLoginRow>(
    'SELECT sip_username, ended_at, end_reason, sip_revoked_at FROM shift_logins WHERE user_id = $1 ORDER BY started_at DESC',
    [userId],
  );
  return rows;
}

export interface CommandRow {
  kind: string;
  acknowledged_at: Date | null;
  forced_at: Date | null;
}

/** The supervisors' commands to the counsellor, newest first. */
export async function commandsOf(db: pg.Pool, userId: string): Promise<CommandRow[]> {
  const { rows } = await db.query<CommandRow>('SELECT kind, acknowledged_at, forced_at FROM presence_commands WHERE user_id = $1 ORDER BY issued_at DESC', [userId]);
  return rows;
}
