import { fail, type ApiError, type ApiResult } from '../../shared/contract/result';
import type { HubErrorCode } from '../../shared/hub/hubErrors';
import type { HubFailure } from './hubClient';
import type { NoSession } from './hubConnection';

/** Why a request under the session's token gave no usable answer (HubConnection.authorized). */
export type SessionFailure = HubFailure | NoSession['failure'];

/**
 * What the hub's refusal codes mean for one service's requests. A code not named here, nor in
 * `commonRefusals`, is no answer the service expects from a live session: `internal`.
 */
export type Refusals = Partial<Record<HubErrorCode, ApiError>>;

/** The same for every service's requests; a service's own `Refusals` take precedence. */
const commonRefusals: Refusals = {
  // HubConnection has ended the session already: the workstation locks.
  unauthenticated: { code: 'not-logged-in', message: 'the hub ended the session' },
  'rate-limited': { code: 'hub-unreachable', message: 'the hub is busy' },
};

/**
 * The answer a workstation service gives for a hub request that failed. Only the hub's refusal
 * codes mean something different from one service to another (`refusals`); a lost session, an
 * unreachable hub and a malformed answer mean the same everywhere. `what` names the request in
 * the messages ("the hub refused the export").
 */
export function failureResult(failure: SessionFailure, what: string, refusals: Refusals): ApiResult<never> {
  switch (failure.kind) {
    case 'no-session':
      return fail('not-logged-in', 'no hub session');
    case 'network':
    case 'timeout':
    case 'server':
      return fail('hub-unreachable', 'the hub cannot be reached');
    case 'malformed':
      return fail('internal', `the hub's ${what} answer is not what the contract promises`);
    case 'refused': {
      const refusal = refusals[failure.error] ?? commonRefusals[failure.error];
      return refusal ? fail(refusal.code, refusal.message) : fail('internal', `the hub refused the ${what}`);
    }
  }
}
