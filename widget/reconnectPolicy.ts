import type { chatCloseCodes } from '../shared/hub/chatApi';

/**
 * When a dropped visitor socket is worth another try, and how soon. The hub keeps a dropped
 * conversation for `reconnectGraceSeconds` (60 s by default), so the first tries come quickly and
 * later ones no further apart than 30 s, with jitter so that a hub restart is not met by every
 * visitor in the same second.
 */

// The close codes of the contract (chatCloseCodes), as values: importing them would bring zod along.
const closeCodes = {
  shiftEnded: 4001,
  replaced: 4002,
  invalidMessage: 4004,
  finished: 4010,
  limited: 4011,
} as const satisfies typeof chatCloseCodes;

export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** The wait before try number `attempt` (1 = the first retry): 1, 2, 4, 8, 16, 30, 30 … s, ±20 %. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * What a closed socket means for the page:
 * `retry` — the network or the hub went away: try again (with the token, if there is one);
 * `finished` — the conversation is over or chat is closed: never reuse the token;
 * `replaced` — the same conversation was opened elsewhere (another tab): leave it to that one;
 * `limited` — too many conversations or connections from here: try later, by hand;
 * `refused` — the hub did not understand us (a bug, or a page from an older hub): do not loop.
 */
export type CloseVerdict = 'retry' | 'finished' | 'replaced' | 'limited' | 'refused';

export function closeVerdict(code: number): CloseVerdict {
  switch (code) {
    case closeCodes.finished:
    case closeCodes.shiftEnded:
      return 'finished';
    case closeCodes.replaced:
      return 'replaced';
    case closeCodes.limited:
      return 'limited';
    case closeCodes.invalidMessage:
    case 1002: // protocol error
    case 1003: // unsupported data
    case 1007: // invalid payload
    case 1008: // policy violation
    case 1009: // frame too large
      return 'refused';
    default:
      // 1000/1001 (the hub shut down), 1005/1006 (the network dropped), 1011–1014 (hub trouble),
      // and any other code an intermediary invents.
      return code >= 4000 && code < 5000 ? 'refused' : 'retry';
  }
}
