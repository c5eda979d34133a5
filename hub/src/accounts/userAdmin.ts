import crypto from 'node:crypto';
import type { HubUser, TotpEnrolment } from '../../../shared/hub/accountsApi';
import type { HubRole } from '../../../shared/hub/hubRoles';
import type { AuditTrail } from '../audit/auditTrail';
import type { Database, Queryable } from '../db/database';
import { HttpError } from '../http/httpError';
import { hashPassword } from './passwords';
import type { SessionStore } from './sessionStore';
import { newTotpEnrolment } from './totp';
import { disableUser, findUserById, hubUserOf, insertUser, setPasswordHash, setTotpSecret, type UserRow } from './userStore';

/**
 * The account changes an administrator makes, over HTTP or with the admin CLI. Each is one
 * transaction with its audit entry; the entry names the actor and the action it was done by
 * (`user.create` over HTTP, `cli.create-admin` from the CLI) and never a password or secret.
 */
export interface AccountAdminDeps {
  db: Database;
  now: () => Date;
  audit: AuditTrail;
  sessions: SessionStore;
}

export interface AuditedAs {
  actorId: string | null;
  action: string;
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: HubRole;
  password: string;
}

/** Creates the user with a TOTP secret, returned once. 409 if the name is taken. */
export async function createAccount(deps: AccountAdminDeps, account: NewAccount, as: AuditedAs): Promise<{ user: HubUser; totp: TotpEnrolment }> {
  const passwordHash = await hashPassword(account.password);
  const username = account.username.toLowerCase();
  const totp = newTotpEnrolment(username);
  return deps.db.transaction(async (tx) => {
    const row = await insertUser(tx, {
      id: crypto.randomUUID(), username, displayName: account.displayName, role: account.role, passwordHash, totpSecret: totp.secret, createdAt: deps.now(),
    });
    if (!row) throw new HttpError('conflict', 'a user with this name exists');
    await deps.audit.append({ actorId: as.actorId, action: as.action, target: row.id, details: { username: row.username, role: row.role } }, tx);
    return { user: hubUserOf(row), totp };
  });
}

/** Sets a new password and ends the user's sessions. */
export async function resetPassword(deps: AccountAdminDeps, userId: string, password: string, as: AuditedAs): Promise<void> {
  const passwordHash = await hashPassword(password);
  await deps.db.transaction(async (tx) => {
    await existingUser(tx, userId);
    await setPasswordHash(tx, userId, passwordHash);
    const revoked = await deps.sessions.revokeAllOf(userId, tx);
    await deps.audit.append({ actorId: as.actorId, action: as.action, target: userId, details: { sessionsRevoked: revoked } }, tx);
  });
}

/** Replaces the user's TOTP secret (a lost phone) and ends the user's sessions; the new secret is returned once. */
export async function enrolTotp(deps: AccountAdminDeps, userId: string, as: AuditedAs): Promise<TotpEnrolment> {
  return deps.db.transaction(async (tx) => {
    const user = await existingUser(tx, userId);
    const totp = newTotpEnrolment(user.username);
    await setTotpSecret(tx, userId, totp.secret);
    const revoked = await deps.sessions.revokeAllOf(userId, tx);
    await deps.audit.append({ actorId: as.actorId, action: as.action, target: userId, details: { sessionsRevoked: revoked } }, tx);
    return totp;
  });
}

/** Disables the user for good (users are never deleted) and ends the user's sessions. */
export async function disableAccount(deps: AccountAdminDeps, userId: string, as: AuditedAs): Promise<HubUser> {
  return deps.db.transaction(async (tx) => {
    await existingUser(tx, userId);
    const row = (await disableUser(tx, userId, deps.now())) as UserRow;
    const revoked = await deps.sessions.revokeAllOf(userId, tx);
    await deps.audit.append({ actorId: as.actorId, action: as.action, target: userId, details: { sessionsRevoked: revoked } }, tx);
    return hubUserOf(row);
  });
}

/** Ends every live session of the user (a forgotten laptop); returns how many. */
export async function revokeSessions(deps: AccountAdminDeps, userId: string, as: AuditedAs): Promise<number> {
  return deps.db.transaction(async (tx) => {
    await existingUser(tx, userId);
    const revoked = await deps.sessions.revokeAllOf(userId, tx);
    await deps.audit.append({ actorId: as.actorId, action: as.action, target: userId, details: { sessionsRevoked: revoked } }, tx);
    return revoked;
  });
}

async function existingUser(tx: Queryable, userId: string): Promise<UserRow> {
  const user = await findUserById(tx, userId);
  if (!user) throw new HttpError('not-found', 'no such user');
  return user;
}
