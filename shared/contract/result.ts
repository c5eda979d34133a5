/**
 * Every request answers with a result envelope instead of a thrown error: Electron IPC
 * flattens thrown errors into strings, and the bridge must behave the same way.
 */
export const errorCodes = [
  /** The channel is not part of the contract. */
  'unknown-channel',
  /** The payload did not validate; it was not passed on. */
  'invalid-request',
  /** The request did not come from the app's own UI. */
  'forbidden-sender',
  /** Wrong user name or password. */
  'auth-failed',
  /** No way to check credentials is configured (no hub). */
  'auth-unavailable',
  /** The request needs a logged-in shift. */
  'not-logged-in',
  /** No SIP server is configured for this workstation. */
  'sip-not-configured',
  /** The SIP server cannot be reached (or the connection dropped). */
  'sip-unreachable',
  /** The identity firewall refused a SIP message; the reason names no identifier. */
  'sip-refused',
  /** The call is not (or no longer) known to the main process. */
  'unknown-call',
  /** The encrypted record store cannot be used; `records:status` says why. */
  'records-unavailable',
  /** A record misses required fields or names unknown topics; nothing was stored. */
  'invalid-record',
  /** The draft does not exist (or belongs to another shift). */
  'unknown-draft',
  /** A fault in the main process; details are in its log, never in the message. */
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** `message` is English, for logs and developers; the UI shows its own text for `code`. */
export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}
