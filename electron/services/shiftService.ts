import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { Role, SessionState, ShiftView, WorkActivity } from '../../shared/contract/schemas';
import type { AwayReason, PendingLogout } from '../../shared/hub/presenceApi';
import type { ShiftLoginResponse } from '../../shared/hub/shiftsApi';
import type { BackoffOptions } from '../hub/backoff';
import { failureResult, type Refusals } from '../hub/failureResult';
import { describeFailure } from '../hub/hubClient';
import { defaultPresenceBackoff, type HubCommand, type PresenceLink, type PresenceLinkState } from '../hub/presenceLink';
import type { ShiftHub } from '../hub/shiftClient';
import type { Logger } from './logger';
import { busiest, isBusy, presenceOf, type Presence } from './presenceState';
import type { LockCause } from './sessionService';
import { LockTracker, type SystemActivity, type SystemEvent } from './systemActivity';

/** The phone, as a shift drives it (SoftphoneService). */
export interface ShiftPhone {
  startShift(sip: { username: string; password: string } | null): void;
  endShift(): void;
}

/** The chat desk, as a shift drives it (ChatService). */
export interface ShiftChat {
  /** The shift started: the chat link opens. */
  startShift(): void;
  /** Any logout or lock: the link closes and the desk is emptied. */
  endShift(): void;
  /** Whether the broker may offer new chats now. */
  setAccepting(accepting: boolean): void;
  /** Conversations going on, and ended ones whose wrap-up is not dismissed yet. */
  work(): { live: number; wrappingUp: number };
}

const noChat: ShiftChat = { startShift: () => undefined, endShift: () => undefined, setAccepting: () => undefined, work: () => ({ live: 0, wrappingUp: 0 }) };

export interface ShiftTuning {
  presenceBackoff: BackoffOptions;
  /** How often the OS is asked for the time since the last input. */
  idlePollMs: number;
  /** The longest wait between two looks at the clock (shift end, warning): robust to suspend. */
  clockTickMs: number;
  /** Nothing heard from the hub for this many heartbeats: a new presence socket. */
  silentHeartbeats: number;
}

export const defaultShiftTuning: ShiftTuning = { presenceBackoff: defaultPresenceBackoff, idlePollMs: 5_000, clockTickMs: 5_000, silentHeartbeats: 3 };

/** A shift in progress at this workstation. The SIP password is not kept here (only in the relay). */
interface ActiveShift {
  startsAt: string;
  endsAt: number;
  endWarningMs: number;
  idleSeconds: number;
  activity: WorkActivity;
  away: AwayReason | null;
  idle: boolean;
  lock: LockTracker;
  pendingLogout: PendingLogout | null;
  link: PresenceLink;
  stopWatching: () => void;
  idleTimer: NodeJS.Timeout;
  clockTimer: NodeJS.Timeout | undefined;
}

const noShift: ShiftView = { status: 'none' };

const shiftLoginRefusals: Refusals = {
  'outside-shift': { code: 'outside-shift', message: 'no shift of this counsellor now' },
  forbidden: { code: 'forbidden', message: 'the hub refuses a shift login to this account' },
  // No answer to a shift login of a live session: a 401 has locked the workstation already.
  unauthenticated: { code: 'internal', message: 'the hub refused the shift login' },
};

/**
 * A counsellor's shift at the workstation (issue 7): started right after the hub login (no
 * shift, no login: `outside-shift`), presence reported over the hub's socket, and ended by one
 * logout sequence whatever the cause (the counsellor, a supervisor, the shift's end):
 *
 *   1. a logout that may wait (`after-work`, the shift's end) waits while a contact is in
 *      progress (ringing, call, wrap-up, an open chat or one whose wrap-up is not dismissed),
 *      shown as the pending logout; new calls are declined and no new chats offered;
 *   2. DELETE shift-login: the hub revokes the shift's SIP credentials and removes the
 *      registration (best effort, short deadline: the hub does it by itself when this fails);
 *   3. the SIP relay disconnects, the presence and chat sockets close (the hub requeues open
 *      chats) and the chat desk is emptied;
 *   4. the hub session ends and the workstation locks with the reason, which makes the renderer
 *      drop everything of the shift and show only the login screen.
 *
 * Supervisors and administrators have no shift; without a hub there are no shifts at all.
 */
export class ShiftService {
  private shift: ActiveShift | null = null;
  private finishing: Promise<SessionState> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private lastView = JSON.stringify(noShift);
  private readonly tuning: ShiftTuning;

  constructor(
    /** null: no hub, so no shifts (the softphone settings' own user, any logged-in counsellor). */
    private readonly hub: ShiftHub | null,
    private readonly system: SystemActivity,
    private readonly phone: ShiftPhone,
    /** Locks the session with the reason (SessionService.lock), which also ends the hub session. */
    private readonly lock: (cause: LockCause) => SessionState,
    private readonly emit: (view: ShiftView) => void,
    private readonly log: Logger,
    tuning: Partial<ShiftTuning> = {},
    private readonly chat: ShiftChat = noChat,
  ) {
    this.tuning = { ...defaultShiftTuning, ...tuning };
  }

  /** Whether a hub manages shifts here (the softphone then needs a started shift). */
  get managed(): boolean {
    return this.hub !== null;
  }

  /** False while a logout is pending: the softphone declines new calls. */
  admitsNewCalls(): boolean {
    return !this.shift?.pendingLogout;
  }

  /** The session gate: a counsellor's login starts the shift, or fails. */
  async admit(role: Role): Promise<ApiResult<unknown>> {
    if (!this.hub || role !== 'counsellor') return ok({});
    // A login over a running shift (it should not happen: the screen is locked) replaces it.
    if (this.shift) this.stop();
    const started = await this.hub.start();
    if (started.ok) {
      this.begin(started.value);
      return ok({});
    }
    const { failure } = started;
    if (failure.kind !== 'no-session') this.log.warn('shift', 'shift login refused', { failure: describeFailure(failure) });
    return failureResult(failure, 'shift login', shiftLoginRefusals);
  }

  view(): ShiftView {
    const shift = this.shift;
    if (!shift) return noShift;
    const presence = this.presence(shift);
    return {
      status: 'on',
      startsAt: shift.startsAt,
      endsAt: new Date(shift.endsAt).toISOString(),
      ending: Date.now() >= shift.endsAt - shift.endWarningMs,
      presence: presence.state,
      awayReason: presence.awayReason,
      presenceLink: shift.link.linkState(),
      pendingLogout: shift.pendingLogout,
    };
  }

  /** The renderer's phone and chat activity; the end of a contact lets a pending logout run. */
  report(activity: WorkActivity): ShiftView {
    const shift = this.shift;
    if (!shift) return noShift;
    shift.activity = activity;
    this.changed(shift);
    this.runPendingLogoutIfFree(shift);
    return this.view();
  }

  /** The chat desk's work changed (a chat began, ended or was dismissed): presence, and a pending logout, look again. */
  chatChanged(): void {
    const shift = this.shift;
    if (!shift) return;
    this.changed(shift);
    this.runPendingLogoutIfFree(shift);
  }

  setAway(reason: AwayReason | null): ApiResult<ShiftView> {
    const shift = this.shift;
    if (!shift) return fail('not-logged-in', 'no shift in progress');
    shift.away = reason;
    this.changed(shift);
    return ok(this.view());
  }

  /** The counsellor logs out: at once, whatever is going on (the renderer asks first during a contact). */
  logout(): Promise<SessionState> {
    return this.finish({});
  }

  /** The session locked by itself (the hub ended it): the shift ends here without asking the hub. */
  onLocked(): void {
    if (this.shift && !this.finishing) this.stop();
  }

  /**
   * The app quits: everything the logout sequence does, without waiting for the hub (the shift
   * end and the session end are sent; the hub's own fallback covers a request that is lost).
   */
  quit(): void {
    if (this.shift && this.hub) this.track(this.hub.end());
    this.stop();
    this.lock({});
  }

  /** Settles when no shift-end request this service sent is still in flight. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    const done = (): void => void this.inFlight.delete(promise);
    promise.then(done, done);
  }

  private begin(login: ShiftLoginResponse): void {
    const hub = this.hub;
    if (!hub) return;
    const lock = new LockTracker();
    const shift: ActiveShift = {
      startsAt: login.shift.startsAt,
      endsAt: Date.parse(login.shift.endsAt),
      endWarningMs: login.presence.endWarningMinutes * 60_000,
      idleSeconds: login.presence.idleMinutes * 60,
      activity: 'none',
      away: null,
      idle: false,
      lock,
      pendingLogout: null,
      link: hub.presenceLink(
        this.log,
        {
          link: (state: PresenceLinkState) => {
            if (this.shift === shift) this.publish();
            if (state === 'online') this.log.info('shift', 'presence online');
          },
          command: (command) => this.command(shift, command),
          unauthorized: () => void hub.verifySession(),
          ended: () => this.endedByHub(shift),
        },
        {
          heartbeatSeconds: login.presence.heartbeatSeconds,
          backoff: this.tuning.presenceBackoff,
          silentHeartbeats: this.tuning.silentHeartbeats,
        },
      ),
      stopWatching: () => undefined,
      idleTimer: setInterval(() => this.pollIdle(shift), this.tuning.idlePollMs),
      clockTimer: undefined,
    };
    shift.idleTimer.unref();
    shift.stopWatching = this.system.subscribe((event) => this.systemEvent(shift, event));
    this.shift = shift;
    this.phone.startShift(login.sip);
    this.chat.startShift();
    this.log.info('shift', 'shift started', { sipFromHub: login.sip !== null });
    shift.link.report(this.presence(shift));
    shift.link.start();
    this.tick(shift);
    this.publish();
  }

  private command(shift: ActiveShift, command: HubCommand): void {
    if (this.shift !== shift) return;
    switch (command.type) {
      case 'logout': {
        // Acknowledged on receipt: the hub forces a logout that no workstation confirms.
        shift.link.acknowledge(command.commandId);
        this.log.info('shift', 'logout by a supervisor', { mode: command.mode, reason: command.reason });
        shift.pendingLogout = { commandId: command.commandId, by: 'supervisor', mode: command.mode, reason: command.reason, note: command.note };
        this.publish();
        if (command.mode === 'now') void this.finish(this.causeOf(shift.pendingLogout));
        else this.runPendingLogoutIfFree(shift);
        return;
      }
      case 'set-state':
        shift.link.acknowledge(command.commandId);
        this.log.info('shift', 'state set by a supervisor', { state: command.state });
        shift.away = command.state === 'away' ? (command.awayReason ?? 'other') : null;
        this.changed(shift);
        return;
      case 'shift':
        shift.endsAt = Date.parse(command.endsAt);
        // A shift made longer takes back a shift-end logout that has not run yet.
        if (shift.pendingLogout?.by === 'shift-end' && Date.now() < shift.endsAt) shift.pendingLogout = null;
        this.tick(shift);
        this.publish();
        return;
    }
  }

  /** The hub ended the shift login (a forced logout, a newer login elsewhere, its own sweep). */
  private endedByHub(shift: ActiveShift): void {
    if (this.shift !== shift) return;
    const pending = shift.pendingLogout;
    const cause: LockCause = pending ? this.causeOf(pending) : Date.now() >= shift.endsAt ? { reason: 'shift-ended' } : { reason: 'session-expired' };
    void this.finish(cause);
  }

  /** Looks at the clock: the warning before the end, then the shift-end logout. */
  private tick(shift: ActiveShift): void {
    if (this.shift !== shift) return;
    clearTimeout(shift.clockTimer);
    const now = Date.now();
    if (now >= shift.endsAt && !shift.pendingLogout) {
      this.log.info('shift', 'shift over: logout after the current contact');
      shift.pendingLogout = { commandId: null, by: 'shift-end', mode: 'after-work', reason: null, note: null };
      this.runPendingLogoutIfFree(shift);
    }
    this.publish();
    const warningAt = shift.endsAt - shift.endWarningMs;
    const next = [warningAt, shift.endsAt].find((at) => at > now);
    const delay = Math.min(this.tuning.clockTickMs, next === undefined ? this.tuning.clockTickMs : next - now);
    shift.clockTimer = setTimeout(() => this.tick(shift), Math.max(10, delay));
    shift.clockTimer.unref();
  }

  private systemEvent(shift: ActiveShift, event: SystemEvent): void {
    if (this.shift !== shift) return;
    if (shift.lock.apply(event)) this.changed(shift);
    // Timers do not run during a suspend: the clock is looked at again on waking.
    if (event === 'resume') this.tick(shift);
  }

  private pollIdle(shift: ActiveShift): void {
    if (this.shift !== shift) return;
    const idle = this.system.idleSeconds() >= shift.idleSeconds;
    if (idle === shift.idle) return;
    shift.idle = idle;
    this.changed(shift);
  }

  private runPendingLogoutIfFree(shift: ActiveShift): void {
    const pending = shift.pendingLogout;
    if (!pending || isBusy(this.activity(shift))) return;
    void this.finish(this.causeOf(pending));
  }

  private causeOf(pending: PendingLogout): LockCause {
    return pending.by === 'supervisor' ? { reason: 'supervisor-logout', ...(pending.reason ? { logoutReason: pending.reason } : {}) } : { reason: 'shift-ended' };
  }

  /** The logout sequence (see the class comment); one at a time, whatever asks for it. */
  private finish(cause: LockCause): Promise<SessionState> {
    if (this.finishing) return this.finishing;
    const run = async (): Promise<SessionState> => {
      const shift = this.shift;
      if (shift && this.hub) {
        this.log.info('shift', 'ending the shift', { reason: cause.reason ?? 'own' });
        const ending = this.hub.end();
        this.track(ending);
        const ended = await ending;
        if (!ended.ok) this.log.warn('shift', 'shift end not confirmed by the hub', { failure: ended.failure.kind === 'no-session' ? 'no-session' : describeFailure(ended.failure) });
      }
      this.stop();
      return this.lock(cause);
    };
    this.finishing = run().finally(() => {
      this.finishing = null;
    });
    // No new chat while the shift is ending (the hub requeues the open ones when it ends).
    this.chat.setAccepting(false);
    return this.finishing;
  }

  /** Ends the shift here: the phone, the presence socket, the timers. */
  private stop(): void {
    const shift = this.shift;
    if (!shift) return;
    this.shift = null;
    clearInterval(shift.idleTimer);
    clearTimeout(shift.clockTimer);
    shift.stopWatching();
    this.phone.endShift();
    this.chat.endShift();
    shift.link.close();
    this.log.info('shift', 'shift ended at this workstation');
    this.publish();
  }

  private presence(shift: ActiveShift): Presence {
    return presenceOf({ activity: this.activity(shift), locked: shift.lock.locked, away: shift.away, idle: shift.idle });
  }

  /**
   * What the counsellor is doing: the renderer's report, and the chat desk as this process holds
   * it (an open chat is `in-chat`, an ended one not yet dismissed is a `wrap-up`), whichever is
   * busier. A logout thus waits for the chats even if the renderer's report lags behind.
   */
  private activity(shift: ActiveShift): WorkActivity {
    const work = this.chat.work();
    return busiest(shift.activity, work.live > 0 ? 'in-chat' : work.wrappingUp > 0 ? 'wrap-up' : 'none');
  }

  /**
   * Whether the broker may offer a new chat: a live shift with no logout pending or running, the
   * counsellor available (not locked, away or idle) and the phone quiet (not ringing, in a call
   * or a call's wrap-up). Chats already open do not stop it: the broker counts them against
   * `maxParallelChats`. The renderer reports one activity for phone and chat together, so a
   * `wrap-up` while a chat's wrap-up is on the desk is taken as that chat's.
   */
  private acceptsChats(shift: ActiveShift): boolean {
    if (this.shift !== shift || shift.pendingLogout || this.finishing) return false;
    if (shift.lock.locked || shift.away || shift.idle) return false;
    switch (shift.activity) {
      case 'none':
      case 'in-chat':
        return true;
      case 'wrap-up':
        return this.chat.work().wrappingUp > 0;
      case 'ringing':
      case 'in-call':
        return false;
    }
  }

  /** An input of the presence state changed: tell the hub and the renderer. */
  private changed(shift: ActiveShift): void {
    shift.link.report(this.presence(shift));
    this.publish();
  }

  /** `shift:changed`, when the view is not what was last sent; the chat's `accepting` follows every change. */
  private publish(): void {
    this.chat.setAccepting(this.shift ? this.acceptsChats(this.shift) : false);
    const view = this.view();
    const text = JSON.stringify(view);
    if (text === this.lastView) return;
    this.lastView = text;
    this.emit(view);
  }
}
