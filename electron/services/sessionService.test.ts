import { describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import type { Authenticator, AuthOutcome } from './authenticator';
import { noHubAuthenticator } from './authenticator';
import { createLogger } from './logger';
import { SessionService } from './sessionService';

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
});
