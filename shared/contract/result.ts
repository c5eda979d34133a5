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
  /** The account needs a one-time code (TOTP) and none was given. */
  'auth-totp-required',
  /** The one-time code was wrong or already used. */
  'auth-totp-invalid',
  /** The account needs a second factor that an administrator has not enrolled yet. */
  'auth-totp-not-enrolled',
  /** Too many login attempts; the hub asks to wait. */
  'auth-rate-limited',
  /** A hub is configured but cannot be reached (network, timeout or a fault in the hub). */
  'hub-unreachable',
  /** A counsellor tried to log in outside their shifts (the grace period included). */
  'outside-shift',
  /** The counsellor named is not on a logged-in shift (nothing to log out or set). */
  'not-on-shift',
  /** A shift overlaps another of the same counsellor, or is being worked and cannot be deleted. */
  'shift-conflict',
  /** A shift names an unknown counsellor, or its times are wrong (the end first, longer than a day). */
  'invalid-shift',
  /** The request needs a logged-in shift. */
  'not-logged-in',
  /** The logged-in role may not do this (statistics are for supervisors and administrators). */
  'forbidden',
  /** No hub is configured for this workstation, so there is nothing to ask. */
  'hub-not-configured',
  /** A statistics period the hub does not accept (the end before the start, or longer than a year). */
  'invalid-period',
  /** An export could not be saved (the file could not be written); nothing half-written is left. */
  'export-failed',
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
  /** The chat link to the hub is not up (not on shift, or the hub cannot be reached). */
  'chat-offline',
  /** The conversation or offer is not (or no longer) this counsellor's. */
  'unknown-conversation',
  /** The hub refused a chat action (too long, too fast, no room); the message says which, never the text. */
  'chat-refused',
  /** Canned replies or opening hours did not validate; nothing was changed. */
  'invalid-chat-settings',
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
