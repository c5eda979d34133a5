import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState } from '../../shared/contract/schemas';
import { LOGOUT_NOTE_MAX, type AwayReason, type BoardLogoutRequest, type BoardSnapshot, type LogoutMode, type LogoutReason } from '../../shared/hub/presenceApi';
import { scrubText } from '../../shared/scrubber/scrubText';
import type { BoardLink } from '../hub/boardLink';
import { failureResult, type Refusals, type SessionFailure } from '../hub/failureResult';
import { describeFailure } from '../hub/hubClient';
import type { BoardHub } from '../hub/shiftClient';
import type { Logger } from './logger';

const boardRoles: ReadonlySet<string> = new Set(['supervisor', 'administrator']);

const boardRefusals: Refusals = {
  forbidden: { code: 'forbidden', message: 'the hub refuses the board to this account' },
  // No such counsellor, or none on a logged-in shift: nothing to log out or set.
  'not-found': { code: 'not-on-shift', message: 'the counsellor is not on a logged-in shift' },
  conflict: { code: 'not-on-shift', message: 'the counsellor is not on a logged-in shift' },
};

/**
 * The supervisor board (issue 7 points 4 and 5) for supervisors and administrators: the
 * snapshot on request, live snapshots (`board:changed`) over the hub's board socket while one
 * of them is logged in, and the commands (log a counsellor out, set away or available). The
 * logout note is scrubbed here before it leaves the workstation (I3); the hub scrubs it again.
 */
export class BoardService {
  private live: BoardLink | null = null;

  constructor(
    private readonly hub: BoardHub | null,
    private readonly session: () => SessionState,
    private readonly emit: (board: BoardSnapshot) => void,
    private readonly log: Logger,
  ) {}

  async snapshot(): Promise<ApiResult<BoardSnapshot>> {
    const access = this.access();
    if (!access.ok) return access;
    const result = await access.value.snapshot();
    return result.ok ? ok(result.value) : this.failed('board', result.failure);
  }

  async logout(request: { userId: string; reason: LogoutReason; note?: string | null; mode: LogoutMode }): Promise<ApiResult<Record<string, never>>> {
    const access = this.access();
    if (!access.ok) return access;
    // Masks may be longer than what they hide: the note is cut to the limit after scrubbing.
    const note = request.note?.trim() ? scrubText(request.note.trim()).text.slice(0, LOGOUT_NOTE_MAX) : null;
    const body: BoardLogoutRequest = { reason: request.reason, note, mode: request.mode };
    const result = await access.value.logout(request.userId, body);
    if (!result.ok) return this.failed('logout', result.failure);
    this.log.info('board', 'logout sent', { mode: request.mode, reason: request.reason, note: note !== null });
    return ok({});
  }

  async setState(request: { userId: string; state: 'away' | 'available'; awayReason: AwayReason | null }): Promise<ApiResult<Record<string, never>>> {
    const access = this.access();
    if (!access.ok) return access;
    const result = await access.value.setState(request.userId, { state: request.state, awayReason: request.state === 'away' ? request.awayReason : null });
    if (!result.ok) return this.failed('set-state', result.failure);
    this.log.info('board', 'state sent', { state: request.state });
    return ok({});
  }

  /** The session changed: the live board runs while a supervisor or administrator is logged in. */
  onSessionChange(state: SessionState): void {
    const watching = state.status === 'active' && boardRoles.has(state.role);
    if (watching && !this.live && this.hub) {
      const hub = this.hub;
      this.live = hub.live(this.log, { board: (board) => this.emit(board), unauthorized: () => void hub.verifySession() });
      this.live.start();
    } else if (!watching && this.live) {
      this.live.close();
      this.live = null;
    }
  }

  dispose(): void {
    this.live?.close();
    this.live = null;
  }

  private access(): ApiResult<BoardHub> {
    const session = this.session();
    if (session.status !== 'active') return fail('not-logged-in', 'the board needs a logged-in supervisor or administrator');
    if (!boardRoles.has(session.role)) return fail('forbidden', 'the board is for supervisors and administrators');
    if (!this.hub) return fail('hub-not-configured', 'no hub is configured');
    return ok(this.hub);
  }

  private failed(what: string, failure: SessionFailure): ApiResult<never> {
    if (failure.kind !== 'no-session') this.log.warn('board', `${what} failed`, { failure: describeFailure(failure) });
    return failureResult(failure, what, boardRefusals);
  }
}
