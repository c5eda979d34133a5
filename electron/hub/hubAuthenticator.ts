import { totpCodeSchema } from '../../shared/hub/accountsApi';
import type { Authenticator, AuthOutcome } from '../services/authenticator';
import { describeFailure } from './hubClient';
import type { HubConnection } from './hubConnection';

/**
 * Staff log in against the hub (POST /api/v1/sessions). The token the hub hands out stays in
 * the HubConnection; the session service learns only the role and the display name.
 */
export function hubAuthenticator(connection: HubConnection): Authenticator {
  return {
    async authenticate({ username, password, totp }): Promise<AuthOutcome> {
      // People type codes as "123 456"; anything that is still not six digits cannot be right,
      // and the hub would refuse it as a malformed request rather than as a wrong code.
      const code = totp?.replace(/\s+/g, '');
      if (code !== undefined && code !== '' && !totpCodeSchema.safeParse(code).success) return { kind: 'totp-invalid' };
      const result = await connection.login({ username, password, ...(code ? { totp: code } : {}) });
      if (result.ok) return { kind: 'accepted', role: result.value.user.role, displayName: result.value.user.displayName };
      const { failure } = result;
      if (failure.kind === 'refused') {
        switch (failure.error) {
          // A malformed login (say, an overlong name) is a wrong login to the person typing it.
          case 'invalid-credentials':
          case 'invalid-request':
          case 'unauthenticated':
            return { kind: 'rejected' };
          case 'totp-required':
            return { kind: 'totp-required' };
          case 'totp-invalid':
            return { kind: 'totp-invalid' };
          case 'rate-limited':
            return { kind: 'rate-limited' };
          // The hub's only 403 to a login: the account must use a one-time code and has none.
          case 'forbidden':
            return { kind: 'totp-not-enrolled' };
          // Answers to other requests (a shift login is refused after the login, not here).
          case 'outside-shift':
          case 'not-found':
          case 'conflict':
          case 'too-large':
          case 'internal':
            break;
        }
      }
      return { kind: 'unreachable', reason: describeFailure(failure) };
    },
    end: () => connection.logout(),
  };
}
