import { randomUUID } from 'node:crypto';
import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState } from '../../shared/contract/schemas';
import type { Authenticator, Credentials } from './authenticator';
import type { Logger } from './logger';

const locked: SessionState = { status: 'locked' };

/**
 * Who is working at this workstation. Starts locked; every change is pushed to the renderer,
 * which picks its screen from it.
 */
export class SessionService {
  private state: SessionState = locked;
  /** Stands for the shift until the hub issues shift ids: one per login, never shown. */
  private currentShiftId: string | null = null;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly log: Logger,
    private readonly onChange: (state: SessionState) => void,
  ) {}

  get(): SessionState {
    return this.state;
  }

  shiftId(): string | null {
    return this.currentShiftId;
  }

  async login(credentials: Credentials): Promise<ApiResult<SessionState>> {
    const outcome = await this.authenticator.authenticate(credentials);
    switch (outcome.kind) {
      case 'accepted':
        this.currentShiftId = randomUUID();
        this.set({ status: 'active', role: outcome.role, displayName: outcome.displayName });
        this.log.info('session', 'logged in', { role: outcome.role });
        return ok(this.state);
      case 'rejected':
        this.log.warn('session', 'login rejected');
        return fail('auth-failed', 'wrong user name or password');
      case 'totp-required':
        this.log.info('session', 'login needs a one-time code');
        return fail('auth-totp-required', 'this account needs a one-time code');
      case 'totp-invalid':
        this.log.warn('session', 'login rejected: one-time code');
        return fail('auth-totp-invalid', 'wrong or reused one-time code');
      case 'totp-not-enrolled':
        this.log.warn('session', 'login refused: no second factor enrolled');
        return fail('auth-totp-not-enrolled', 'the account has no one-time code enrolled');
      case 'rate-limited':
        this.log.warn('session', 'login rate-limited');
        return fail('auth-rate-limited', 'too many login attempts');
      case 'unreachable':
        this.log.warn('session', 'login failed: hub unreachable', { reason: outcome.reason });
        return fail('hub-unreachable', 'the hub cannot be reached');
      case 'unavailable':
        this.log.warn('session', 'login unavailable', { reason: outcome.reason });
        return fail('auth-unavailable', outcome.reason);
    }
  }

  /** The staff member logs out: the session also ends where it was issued (best effort). */
  logout(): SessionState {
    if (this.state.status !== 'locked') this.log.info('session', 'logged out');
    this.authenticator.end?.();
    this.currentShiftId = null;
    this.set(locked);
    return this.state;
  }

  /** The hub ended the session (expired or revoked): lock, and say why on the login screen. */
  expire(): void {
    if (this.state.status === 'locked') return;
    this.log.warn('session', 'session ended by the hub');
    this.authenticator.end?.();
    this.currentShiftId = null;
    this.set({ status: 'locked', reason: 'session-expired' });
  }

  private set(state: SessionState): void {
    this.state = state;
    this.onChange(state);
  }
}
