import { describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import type { Authenticator } from './authenticator';
import { noHubAuthenticator } from './authenticator';
import { createLogger } from './logger';
import { SessionService } from './sessionService';

const log = createLogger({});
const accepting: Authenticator = {
  authenticate: (username, password) =>
    Promise.resolve(
      username === 'ana' && password === 'pw' ? { kind: 'accepted', role: 'counsellor', displayName: 'Ana' } : { kind: 'rejected' },
    ),
};

describe('SessionService', () => {
  test('starts locked, logs in, pushes each change, and locks again', async () => {
    const changes: SessionState[] = [];
    const session = new SessionService(accepting, log, (state) => changes.push(state));
    expect(session.get()).toEqual({ status: 'locked' });
    expect(await session.login('ana', 'pw')).toEqual({ ok: true, value: { status: 'active', role: 'counsellor', displayName: 'Ana' } });
    session.logout();
    expect(changes).toEqual([{ status: 'active', role: 'counsellor', displayName: 'Ana' }, { status: 'locked' }]);
  });

  test('wrong credentials leave it locked', async () => {
    const session = new SessionService(accepting, log, () => undefined);
    expect(await session.login('ana', 'nope')).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(session.get()).toEqual({ status: 'locked' });
  });

  test('without a hub nobody can log in', async () => {
    const session = new SessionService(noHubAuthenticator, log, () => undefined);
    expect(await session.login('ana', 'pw')).toMatchObject({ ok: false, error: { code: 'auth-unavailable' } });
    expect(session.get()).toEqual({ status: 'locked' });
  });
});
