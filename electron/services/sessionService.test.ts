import { describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import type { Authenticator, AuthOutcome } from './authenticator';
import { noHubAuthenticator } from './authenticator';
import { createLogger } from './logger';
import { fail, ok } from '../../shared/contract/result';
import { SessionService, type SessionGate } from './sessionService';

const log = createLogger({});
const accepting: Authenticator = {
  authenticate: ({ username, password }) =>
    Promise.resolve(
      username === 'ana' && password === 'pw' ? { kind: 'accepted', role: 'counsellor', displayName: 'Ana' } : { kind: 'rejected' },
    ),
};

/** An authenticator that answers `outcome` and counts how often its session was ended. */
function answering(outcome: AuthOutcome): Authenticator & { ended: number } {
  const authenticator = {
    ended: 0,
    authenticate: () => Promise.resolve(outcome),
    end: () => {
      authenticator.ended++;
    },
  };
  return authenticator;
}

describe('SessionService', () => {
  test('starts locked, logs in, pushes each change, and locks again', async () => {
    const changes: SessionState[] = [];
    const session = new SessionService(accepting, log, (state) => changes.push(state));
    expect(session.get()).toEqual({ status: 'locked' });
    expect(await session.login({ username: 'ana', password: 'pw' })).toEqual({ ok: true, value: { status: 'active', role: 'counsellor', displayName: 'Ana' } });
    session.logout();
    expect(changes).toEqual([{ status: 'active', role: 'counsellor', displayName: 'Ana' }, { status: 'locked' }]);
  });

  test('wrong credentials leave it locked', async () => {
    const session = new SessionService(accepting, log, () => undefined);
    expect(await session.login({ username: 'ana', password: 'nope' })).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(session.get()).toEqual({ status: 'locked' });
  });

  test('without a hub nobody can log in', async () => {
    const session = new SessionService(noHubAuthenticator, log, () => undefined);
    expect(await session.login({ username: 'ana', password: 'pw' })).toMatchObject({ ok: false, error: { code: 'auth-unavailable' } });
    expect(session.get()).toEqual({ status: 'locked' });
  });

  test.each([
    [{ kind: 'totp-required' }, 'auth-totp-required'],
    [{ kind: 'totp-invalid' }, 'auth-totp-invalid'],
    [{ kind: 'totp-not-enrolled' }, 'auth-totp-not-enrolled'],
    [{ kind: 'rate-limited' }, 'auth-rate-limited'],
    [{ kind: 'unreachable', reason: 'timeout' }, 'hub-unreachable'],
  ] as const)('a %o login answers %s and stays locked', async (outcome, code) => {
    const session = new SessionService(answering(outcome), log, () => undefined);
    expect(await session.login({ username: 'ana', password: 'pw', totp: '123456' })).toMatchObject({ ok: false, error: { code } });
    expect(session.get()).toEqual({ status: 'locked' });
  });

  test('an administrator logs in with that role', async () => {
    const session = new SessionService(answering({ kind: 'accepted', role: 'administrator', displayName: 'Admin' }), log, () => undefined);
    expect(await session.login({ username: 'admin', password: 'pw' })).toMatchObject({ ok: true, value: { role: 'administrator' } });
  });

  test('logging out ends the session where it was issued', async () => {
    const authenticator = answering({ kind: 'accepted', role: 'counsellor', displayName: 'Ana' });
    const session = new SessionService(authenticator, log, () => undefined);
    await session.login({ username: 'ana', password: 'pw' });
    session.logout();
    expect(authenticator.ended).toBe(1);
    expect(session.shiftId()).toBeNull();
  });

  test('a session the hub ended locks with the reason, once', async () => {
    const changes: SessionState[] = [];
    const session = new SessionService(answering({ kind: 'accepted', role: 'counsellor', displayName: 'Ana' }), log, (state) => changes.push(state));
    await session.login({ username: 'ana', password: 'pw' });
    session.expire();
    session.expire();
    expect(session.get()).toEqual({ status: 'locked', reason: 'session-expired' });
    expect(changes.at(-1)).toEqual({ status: 'locked', reason: 'session-expired' });
    expect(changes).toHaveLength(2);
    expect(session.shiftId()).toBeNull();
  });

  test('a login the gate refuses (no shift now) fails with its code, stays locked and ends the session just issued', async () => {
    const authenticator = answering({ kind: 'accepted', role: 'counsellor', displayName: 'Ana' });
    const roles: string[] = [];
    const gate: SessionGate = {
      admit: (role) => {
        roles.push(role);
        return Promise.resolve(fail('outside-shift', 'no shift now'));
      },
    };
    const changes: SessionState[] = [];
    const session = new SessionService(authenticator, log, (state) => changes.push(state), gate);
    expect(await session.login({ username: 'ana', password: 'pw' })).toMatchObject({ ok: false, error: { code: 'outside-shift' } });
    expect(roles).toEqual(['counsellor']);
    expect(authenticator.ended).toBe(1);
    expect(session.get()).toEqual({ status: 'locked' });
    expect(changes).toEqual([]);
  });

  test('a login the gate admits goes on as usual', async () => {
    const session = new SessionService(answering({ kind: 'accepted', role: 'supervisor', displayName: 'Sofie' }), log, () => undefined, {
      admit: () => Promise.resolve(ok({})),
    });
    expect(await session.login({ username: 'sofie', password: 'pw' })).toMatchObject({ ok: true, value: { status: 'active', role: 'supervisor' } });
  });

  test("locks with a supervisor's reason or the shift's end, and a later reason replaces an earlier one", async () => {
    const authenticator = answering({ kind: 'accepted', role: 'counsellor', displayName: 'Ana' });
    const changes: SessionState[] = [];
    const session = new SessionService(authenticator, log, (state) => changes.push(state));
    await session.login({ username: 'ana', password: 'pw' });
    session.expire();
    session.lock({ reason: 'supervisor-logout', logoutReason: 'forgot-logout' });
    expect(session.get()).toEqual({ status: 'locked', reason: 'supervisor-logout', logoutReason: 'forgot-logout' });
    // An own logout on top of it changes nothing the login screen shows.
    session.lock({});
    expect(session.get()).toEqual({ status: 'locked', reason: 'supervisor-logout', logoutReason: 'forgot-logout' });
    await session.login({ username: 'ana', password: 'pw' });
    session.lock({ reason: 'shift-ended' });
    expect(changes.map((state) => (state.status === 'locked' ? (state.reason ?? 'own') : 'active'))).toEqual([
      'active',
      'session-expired',
      'supervisor-logout',
      'active',
      'shift-ended',
    ]);
    expect(authenticator.ended).toBeGreaterThanOrEqual(3);
  });
});
