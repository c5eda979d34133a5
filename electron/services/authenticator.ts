import type { Role } from '../../shared/contract/schemas';

export type AuthOutcome =
  | { kind: 'accepted'; role: Role; displayName: string }
  | { kind: 'rejected' }
  | { kind: 'unavailable'; reason: string };

/** Checks a staff member's credentials. The hub implements it in production. */
export interface Authenticator {
  authenticate(username: string, password: string): Promise<AuthOutcome>;
}

/** Until a hub is configured nobody can log in: the workstation stays locked. */
export const noHubAuthenticator: Authenticator = {
  authenticate: () => Promise.resolve({ kind: 'unavailable', reason: 'no hub configured' }),
};
