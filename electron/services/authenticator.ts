import type { Role } from '../../shared/contract/schemas';

export interface Credentials {
  username: string;
  password: string;
  /** The one-time code, when the staff member typed one. */
  totp?: string;
}

export type AuthOutcome =
  | { kind: 'accepted'; role: Role; displayName: string }
  /** Wrong user name or password (never says which). */
  | { kind: 'rejected' }
  | { kind: 'totp-required' }
  | { kind: 'totp-invalid' }
  /** The account needs a second factor and has none enrolled: an administrator must act. */
  | { kind: 'totp-not-enrolled' }
  | { kind: 'rate-limited' }
  /** Credentials can be checked in principle, but the hub did not answer usefully just now. */
  | { kind: 'unreachable'; reason: string }
  /** Nothing can check credentials here (no hub configured). */
  | { kind: 'unavailable'; reason: string };

/** Checks a staff member's credentials. The hub implements it in production. */
export interface Authenticator {
  authenticate(credentials: Credentials): Promise<AuthOutcome>;
  /** Ends the session where it was issued (the hub), best effort; never waits for it. */
  end?(): void;
}

/** Until a hub is configured nobody can log in: the workstation stays locked. */
export const noHubAuthenticator: Authenticator = {
  authenticate: () => Promise.resolve({ kind: 'unavailable', reason: 'no hub configured' }),
};
