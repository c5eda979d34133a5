import { randomUUID } from 'node:crypto';
import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { Role, SessionState } from '../../shared/contract/schemas';
import type { Authenticator, Credentials } from './authenticator';
import type { Logger } from './logger';

const locked: SessionState = { status: 'locked' };

/** Why the workstation locks, as the login screen then says (nothing: the staff member logged out). */
export type LockCause = Omit<Extract<SessionState, { status: 'locked' }>, 'status'>;

/**
 * What must succeed after the credentials are accepted and before the session starts: a
 * counsellor's shift login (electron/services/shiftService.ts). A refusal fails the login and
 * ends the session just issued.
 */
export interface SessionGate {
  admit(role: Role): Promise<ApiResult<unknown>>;
}

const openGate: SessionGate = { admit: () => Promise.resolve(ok({})) };

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
    private readonly gate: SessionGate = openGate,
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
      case 'accepted': {
        const admitted = await this.gate.admit(outcome.role);
        if (!admitted.ok) {
          this.authenticator.end?.();
          this.log.warn('session', 'login refused after authentication', { code: admitted.error.code });
          return admitted;
        }
        this.currentShiftId = randomUUID();
        this.set({ status: 'active', role: outcome.role, displayName: outcome.displayName });
        this.log.info('session', 'logged in', { role: outcome.role });
        return ok(this.state);
      }
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
    return this.lock({});
  }

  /**
   * Locks with the reason the login screen shows (a supervisor's logout, the shift's end), and
   * ends the session where it was issued (best effort). A later, more specific reason replaces
   * an earlier one: a supervisor's logout may first reach the workstation as a revoked session.
   */
  lock(cause: LockCause): SessionState {
    if (this.state.status !== 'locked') this.log.info('session', 'logged out', { reason: cause.reason ?? 'own' });
    this.authenticator.end?.();
    this.currentShiftId = null;
    const next: SessionState = { status: 'locked', ...cause };
    if (this.state.status !== 'locked' || cause.reason !== undefined) this.set(next);
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
