import { z } from 'zod';

/**
 * What the hub answers when it refuses a request: an HTTP status and this body. The workstation
 * acts on `error` (never on `message`, which is English for logs and names no personal data).
 */
export const hubErrorCodes = [
  /** The body or query did not validate (`issues` says where). 400. */
  'invalid-request',
  /** No valid session token, or it expired or was revoked. 401. */
  'unauthenticated',
  /** Wrong user name or password (never says which). 401. */
  'invalid-credentials',
  /** The account needs a one-time code and none was given. 401. */
  'totp-required',
  /** The one-time code was wrong or already used. 401. */
  'totp-invalid',
  /** The session's role may not do this. 403. */
  'forbidden',
  /** A counsellor's shift login outside any shift of theirs (the grace period included). 403. */
  'outside-shift',
  /** No such thing. 404. */
  'not-found',
  /** The thing exists in another form (e.g. a record id resent with other content). 409. */
  'conflict',
  /** The body is larger than the hub accepts. 413. */
  'too-large',
  /** Too many attempts; retry after the `Retry-After` header. 429. */
  'rate-limited',
  /** A fault in the hub; details are in its log only. 500. */
  'internal',
] as const;
export type HubErrorCode = (typeof hubErrorCodes)[number];

export const hubErrorBodySchema = z.object({
  error: z.enum(hubErrorCodes),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type HubErrorBody = z.infer<typeof hubErrorBodySchema>;
