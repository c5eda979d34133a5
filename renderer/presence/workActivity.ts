import type { WorkActivity } from '../../shared/contract/schemas';
import type { ChatActivity } from '../chat/deskModel';
import type { CallPhase } from '../softphone/softphoneState';

/**
 * What the counsellor is doing, as the main process reports it to the hub. Only the phase of
 * the call travels, never anything about it: a call being answered counts as in the call, and
 * wrap-up lasts until "Klar" (the record stored or parked), exactly as long as the phone
 * refuses a new call.
 */
export function workActivityOf(phase: CallPhase): WorkActivity {
  switch (phase) {
    case 'idle':
      return 'none';
    case 'ringing':
      return 'ringing';
    case 'connecting':
    case 'active':
    case 'held':
      return 'in-call';
    case 'wrap-up':
      return 'wrap-up';
  }
}

/**
 * The phone's activity and the chat's together, as one. A ringing or live call comes first (the
 * voice on the line is the counsellor's attention); then an ongoing chat; then a wrap-up of
 * either (the phone's until "Klar", a chat's until it is dismissed).
 */
export function combinedActivity(phone: WorkActivity, chat: ChatActivity): WorkActivity {
  if (phone === 'ringing' || phone === 'in-call') return phone;
  if (chat === 'in-chat') return 'in-chat';
  if (phone === 'wrap-up' || chat === 'wrap-up') return 'wrap-up';
  return phone;
}
