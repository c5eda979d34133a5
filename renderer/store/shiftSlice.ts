import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { ShiftView, WorkActivity } from '../../shared/contract/schemas';
import type { AwayReason } from '../../shared/hub/presenceApi';
import { ApiCallError, call } from '../api/tavs';
import type { AppState } from './appStore';

export interface ShiftSlice {
  /** The counsellor's shift and presence as the main process sees them (`shift:changed`). */
  shift: ShiftView;
  /** The activity last sent with `presence:report`; only changes are sent. */
  reportedActivity: WorkActivity;
  /** "Pause" or "Tilgængelig" is on its way. */
  presencePending: boolean;
  presenceError: ErrorCode | null;
  setShift: (shift: ShiftView) => void;
  /** Called when the counsellor workspace mounts. */
  loadShift: () => Promise<void>;
  /** The phone's (later also the chat's) activity, derived from the store; sent on change only. */
  reportActivity: (activity: WorkActivity) => void;
  setAway: (reason: AwayReason) => Promise<void>;
  setAvailable: () => Promise<void>;
}

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

export const initialShiftShiftState = {
  shift: { status: 'none' },
  reportedActivity: 'none',
  presencePending: false,
  presenceError: null,
} satisfies Partial<ShiftSlice>;

export const createShiftSlice: StateCreator<AppState, [], [], ShiftSlice> = (set, get) => {
  // Reports go out one after the other, so the main process sees the activities in order.
  let reporting: Promise<unknown> = Promise.resolve();
  /** A view belongs to the logged-in session; anything arriving after the lock is dropped. */
  const active = (): boolean => get().session?.status === 'active';

  const apply = (shift: ShiftView): void => {
    if (!active() && shift.status === 'on') return;
    const before = get().shift;
    set({ shift });
    // "Nu": the supervisor wants the counsellor off at once. End the call properly (BYE, or 486
    // to a ringing one) before the main process takes the SIP link down, so the caller hears a
    // hang-up rather than silence.
    const now = shift.status === 'on' && shift.pendingLogout?.mode === 'now';
    const nowBefore = before.status === 'on' && before.pendingLogout?.mode === 'now';
    if (now && !nowBefore) get().runSoftphoneCommand('hangup');
  };

  const change = async (request: () => Promise<ShiftView>): Promise<void> => {
    set({ presencePending: true, presenceError: null });
    try {
      const shift = await request();
      apply(shift);
      set({ presencePending: false });
    } catch (error) {
      if (active()) set({ presencePending: false, presenceError: codeOf(error) });
    }
  };

  return {
    ...initialShiftShiftState,
    setShift: apply,
    loadShift: async () => {
      try {
        apply(await call('shift:get', {}));
      } catch {
        // No shift to show (no hub, or the main process is busy locking): the header stays plain.
      }
    },
    reportActivity: (activity) => {
      if (!active() || activity === get().reportedActivity) return;
      set({ reportedActivity: activity });
      reporting = reporting
        .then(() => call('presence:report', { activity }))
        .then(
          (shift) => apply(shift),
          () => undefined,
        );
    },
    setAway: (reason) => change(() => call('presence:setAway', { reason })),
    setAvailable: () => change(() => call('presence:setAvailable', {})),
  };
};

/**
 * Whether the softphone may offer a new call: not while a logout waits for the end of the
 * current work, and not during a pause. A call turned away rings on at the colleagues.
 */
export function acceptsNewCalls(shift: ShiftView): boolean {
  return shift.status !== 'on' || (shift.pendingLogout === null && shift.presence !== 'away');
}
