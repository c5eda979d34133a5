import type { WorkActivity } from '../../shared/contract/schemas';
import { busyStates, type AwayReason, type ReportedState } from '../../shared/hub/presenceApi';

/** What the workstation knows about its counsellor, each from its own source. */
export interface PresenceInputs {
  /** The renderer's phone and chat activity (`presence:report`). */
  activity: WorkActivity;
  /** The OS screen is locked or the machine is suspended (SystemActivity). */
  locked: boolean;
  /** The counsellor (or a supervisor) set away, with this reason; null: not away. */
  away: AwayReason | null;
  /** No keyboard or mouse input for the hub's idleMinutes. */
  idle: boolean;
}

export interface Presence {
  state: ReportedState;
  awayReason: AwayReason | null;
}

/**
 * The state the hub is told, by precedence: a contact in progress beats everything (a call
 * continues on a locked screen, and the board must show it as a call), then a locked or
 * suspended machine, then the counsellor's own "away", then inactivity, else available.
 */
export function presenceOf(inputs: PresenceInputs): Presence {
  if (inputs.activity !== 'none') return { state: inputs.activity, awayReason: null };
  if (inputs.locked) return { state: 'locked', awayReason: null };
  if (inputs.away) return { state: 'away', awayReason: inputs.away };
  if (inputs.idle) return { state: 'idle', awayReason: null };
  return { state: 'available', awayReason: null };
}

/** A logout waits while the counsellor is in a contact (or its wrap-up), never in the middle of one. */
export function isBusy(activity: WorkActivity): boolean {
  return activity !== 'none' && busyStates.includes(activity);
}

/** How much a contact holds the counsellor: the phone's stages first, a chat's wrap-up above the chat itself. */
const busyRank: Record<WorkActivity, number> = { none: 0, 'in-chat': 1, 'wrap-up': 2, 'in-call': 3, ringing: 4 };

/** The busier of two activities (the renderer's report and the chat desk's own). */
export function busiest(a: WorkActivity, b: WorkActivity): WorkActivity {
  return busyRank[b] > busyRank[a] ? b : a;
}
