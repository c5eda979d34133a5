import { randomUUID } from 'node:crypto';
import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState } from '../../shared/contract/schemas';
import type { Authenticator } from './authenticator';
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

  async login(username: string, password: string): Promise<ApiResult<SessionState>> {
    const outcome = await this.authenticator.authenticate(username, password);
    switch (outcome.kind) {
      case 'accepted':
        this.currentShiftId = randomUUID();
        this.set({ status: 'active', role: outcome.role, displayName: outcome.displayName });
        this.log.info('session', 'logged in', { role: outcome.role });
        return ok(this.state);
      case 'rejected':
        this.log.warn('session', 'login rejected');
        return fail('auth-failed', 'wrong user name or password');
      case 'unavailable':
        this.log.warn('session', 'login unavailable', { reason: outcome.reason });
        return fail('auth-unavailable', outcome.reason);
    }
  }

  logout(): SessionState {
    if (this.state.status !== 'locked') this.log.info('session', 'logged out');
    this.currentShiftId = null;
    this.set(locked);
    return this.state;
  }

  private set(state: SessionState): void {
    this.state = state;
    this.onChange(state);
  }
}
