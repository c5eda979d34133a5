import { z } from 'zod';
import { hubRoleSchema } from './hubRoles';

/**
 * Hub accounts: logging in (password, then a one-time code), the session that follows, and the
 * administrator's user management. A session token is handed out once, in the login answer, and
 * sent back as `Authorization: Bearer <token>`; the hub keeps only its hash.
 */
export const SESSIONS_PATH = '/api/v1/sessions';
export const CURRENT_SESSION_PATH = '/api/v1/sessions/current';
export const USERS_PATH = '/api/v1/users';
export const USER_PASSWORD_PATH = '/api/v1/users/:id/password';
export const USER_TOTP_PATH = '/api/v1/users/:id/totp';
export const USER_DISABLE_PATH = '/api/v1/users/:id/disable';
export const USER_SESSIONS_PATH = '/api/v1/users/:id/sessions';

/** A user route with the user's id filled in, e.g. `userPath(USER_TOTP_PATH, id)`. */
export function userPath(template: string, id: string): string {
  return template.replace(':id', encodeURIComponent(id));
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** Stored in lower case: `Anna` and `anna` are one account. */
export const usernameSchema = z
  .string()
  .min(1)
  .max(64)
  .toLowerCase()
  .regex(/^[a-z0-9._-]+$/, 'use only letters a-z, digits, dot, underscore and hyphen');

export const displayNameSchema = z.string().trim().min(1).max(200);

/** A password being set (never one being tried: a login only checks it against the hash). */
export const newPasswordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const totpCodeSchema = z.string().regex(/^[0-9]{6}$/, 'six digits');

/**
 * A login: POST SESSIONS_PATH → LoginResponse, or 401 `invalid-credentials` (name or password
 * wrong, or the account disabled: never which), then, only after the right password, 401
 * `totp-required` (send again with `totp`), 401 `totp-invalid` (wrong or already used), 403
 * `forbidden` (the account needs a second factor and has none enrolled: an administrator must
 * enrol one), 429 `rate-limited` (see Retry-After). The user name is not held to
 * `usernameSchema` here: a mistyped name must get the same 401 as a wrong password.
 */
export const loginRequestSchema = z
  .object({
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    totp: totpCodeSchema.optional(),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: hubRoleSchema,
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** Answer to a login. `token` is shown only here. Also the body of GET /sessions/current is `user`. */
export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: sessionUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** A user as the administrator sees one. */
export const hubUserSchema = sessionUserSchema.extend({
  totpEnrolled: z.boolean(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type HubUser = z.infer<typeof hubUserSchema>;

export const usersResponseSchema = z.object({ users: z.array(hubUserSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;

/** A new TOTP secret: shown once, to be scanned (the URI as a QR code) or typed into an app. */
export const totpEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

export const createUserRequestSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    role: hubRoleSchema,
    password: newPasswordSchema,
  })
  .strict();
export type CreateUserRequest = z.input<typeof createUserRequestSchema>;

export const createUserResponseSchema = z.object({ user: hubUserSchema, totp: totpEnrolmentSchema });
export type CreateUserResponse = z.infer<typeof createUserResponseSchema>;

/** POST USER_PASSWORD_PATH → 204. Ends every session of the user. */
export const setPasswordRequestSchema = z.object({ password: newPasswordSchema }).strict();
export type SetPasswordRequest = z.infer<typeof setPasswordRequestSchema>;

/** POST USER_TOTP_PATH (no body) → the new secret, replacing the old; ends every session. */
export const totpEnrolmentResponseSchema = z.object({ totp: totpEnrolmentSchema });
export type TotpEnrolmentResponse = z.infer<typeof totpEnrolmentResponseSchema>;

/** POST USER_DISABLE_PATH (no body) → the user, now disabled; every session ended. */
export const disableUserResponseSchema = z.object({ user: hubUserSchema });
export type DisableUserResponse = z.infer<typeof disableUserResponseSchema>;

/** DELETE USER_SESSIONS_PATH → how many live sessions were ended. */
export const revokeSessionsResponseSchema = z.object({ revoked: z.number().int().min(0) });
export type RevokeSessionsResponse = z.infer<typeof revokeSessionsResponseSchema>;

export const userIdParamsSchema = z.object({ id: z.uuid() }).strict();
