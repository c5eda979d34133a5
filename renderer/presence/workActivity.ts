import type { WorkActivity } from '../../shared/contract/schemas';
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
