import type { LoginRequest, LoginResponse } from '../../../shared/hub/accountsApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { HttpError } from '../http/httpError';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import type { SessionStore } from './sessionStore';
import { matchTotpStep } from './totp';
import { claimTotpStep, findUserByUsername, type UserRow } from './userStore';

/**
 * A login: password first, then the one-time code. The answer never says whether the name or
 * the password was wrong, and an unknown name costs the same hashing time as a known one. Only
 * after the right password does the hub say that a code is needed or wrong. Every refusal is
 * audited under the user's id if the user exists, else under no one: the typed name is never
 * recorded (it may be a password typed into the wrong field).
 */
export async function logIn(context: HubContext, audit: AuditTrail, sessions: SessionStore, request: LoginRequest): Promise<LoginResponse> {
  const user = await findUserByUsername(context.db, request.username);
  if (!user) {
    await verifyAgainstDummy(request.password);
    await refuse(audit, null, 'session.login-failed', 'unknown-user');
    throw invalidCredentials();
  }
  const passwordRight = await verifyPassword(user.password_hash, request.password);
  if (!passwordRight || user.disabled_at) {
    await refuse(audit, user.id, 'session.login-failed', user.disabled_at ? 'disabled' : 'password');
    throw invalidCredentials();
  }

  let step: number | null = null;
  if (needsTotp(context, user)) {
    if (!user.totp_secret) {
      await refuse(audit, user.id, 'session.login-failed', 'totp-not-enrolled');
      throw new HttpError('forbidden', 'this account has no second factor enrolled; an administrator must enrol one');
    }
    if (!request.totp) {
      await refuse(audit, user.id, 'session.login-failed', 'totp-missing');
      throw new HttpError('totp-required', 'a one-time code is required');
    }
    step = matchTotpStep(user.totp_secret, request.totp, context.now());
    if (step === null) {
      await refuse(audit, user.id, 'session.login-totp-failed', 'invalid');
      throw totpInvalid();
    }
  }

  const secret = user.totp_secret;
  const session = await context.db.transaction(async (tx) => {
    if (step !== null && secret && !(await claimTotpStep(tx, user.id, secret, step))) return null;
    const created = await sessions.create(tx, user.id);
    await audit.append({ actorId: user.id, action: 'session.login', target: created.id, details: { totp: step !== null } }, tx);
    return created;
  });
  if (!session) {
    await refuse(audit, user.id, 'session.login-totp-failed', 'reused');
    throw totpInvalid();
  }
  return {
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role },
  };
}

/** Supervisors and administrators always; counsellors by policy, or if they enrolled anyway. */
function needsTotp(context: HubContext, user: UserRow): boolean {
  return user.role !== 'counsellor' || context.policy.accounts.counsellorTotp === 'required' || user.totp_secret !== null;
}

async function refuse(audit: AuditTrail, actorId: string | null, action: string, reason: string): Promise<void> {
  await audit.append({ actorId, action, details: { reason } });
}

const invalidCredentials = (): HttpError => new HttpError('invalid-credentials', 'wrong user name or password');
const totpInvalid = (): HttpError => new HttpError('totp-invalid', 'the one-time code is wrong or was already used');
