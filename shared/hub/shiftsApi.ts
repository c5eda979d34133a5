import { z } from 'zod';
import { usernameSchema } from './accountsApi';

/**
 * The shift plan and the shift login. A counsellor is reachable only during a logged-in shift
 * (invariant I6): after the hub login the workstation starts its shift here and gets the shift's
 * own SIP credentials, which the hub writes to the SIP server and revokes when the shift ends.
 *
 *   GET    SHIFTS_PATH?from=&to=   supervisor, administrator → ShiftsResponse (shifts overlapping the span)
 *   POST   SHIFTS_PATH             administrator, ShiftInput → { shift }      (409 conflict: overlaps one of the same person)
 *   PUT    SHIFT_PATH              administrator, ShiftInput → { shift }
 *   DELETE SHIFT_PATH              administrator → 204 (a shift someone is logged in to cannot be deleted: 409)
 *   POST   SHIFT_IMPORT_PATH       administrator, ShiftImportRequest → ShiftImportResponse, all or nothing
 *   POST   SHIFT_LOGIN_PATH        counsellor (no body) → ShiftLoginResponse; 403 `outside-shift`
 *   DELETE SHIFT_LOGIN_PATH        counsellor → 204: the shift login ends, its SIP credentials are revoked
 */
export const SHIFTS_PATH = '/api/v1/shifts';
export const SHIFT_PATH = '/api/v1/shifts/:id';
export const SHIFT_IMPORT_PATH = '/api/v1/shifts/import';
export const SHIFT_LOGIN_PATH = '/api/v1/shift-login';

export function shiftPath(id: string): string {
  return SHIFT_PATH.replace(':id', encodeURIComponent(id));
}

/** No shift is longer than this (a plan with a week-long "shift" is a typo). */
export const SHIFT_MAX_HOURS = 24;
/** Rows in one CSV import. */
export const SHIFT_IMPORT_MAX_ROWS = 5000;

export const shiftSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
});
export type Shift = z.infer<typeof shiftSchema>;

/** A shift as the administrator enters it: whose (user name) and when (ISO 8601 with offset). */
export const shiftInputSchema = z
  .object({
    username: usernameSchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type ShiftInput = z.input<typeof shiftInputSchema>;

export const shiftsQuerySchema = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict();
export const shiftsResponseSchema = z.object({ shifts: z.array(shiftSchema) });
export type ShiftsResponse = z.infer<typeof shiftsResponseSchema>;
export const shiftResponseSchema = z.object({ shift: shiftSchema });
export type ShiftResponse = z.infer<typeof shiftResponseSchema>;

/**
 * A CSV file of shifts, one per line after a header naming the columns `brugernavn,start,slut`
 * (or `username,start,end`); `;` works as separator too (Danish spreadsheets). Times are ISO 8601
 * with an offset, or `YYYY-MM-DD HH:MM` in the hub's time zone (statistics.timeZone).
 */
export const shiftImportRequestSchema = z.object({ csv: z.string().min(1).max(1024 * 1024) }).strict();
export type ShiftImportRequest = z.infer<typeof shiftImportRequestSchema>;

export const shiftImportResponseSchema = z.object({ created: z.number().int().min(0) });
export type ShiftImportResponse = z.infer<typeof shiftImportResponseSchema>;
/** A refused import answers 400 `invalid-request` with one issue per bad line: path [line number], message in English. */

/**
 * The shift login. `sip` is null when the hub manages no SIP server (the workstation then uses
 * its own softphone settings). The password is shown here once; the hub keeps only the HA1 the
 * SIP server needs, and only while the shift login lasts.
 */
export const shiftLoginResponseSchema = z.object({
  loginId: z.uuid(),
  shift: z.object({ id: z.uuid(), startsAt: z.iso.datetime(), endsAt: z.iso.datetime() }),
  sip: z.object({ username: z.string().min(1), password: z.string().min(1) }).nullable(),
  /** How the workstation's presence socket and shift end behave (from the hub's policy). */
  presence: z.object({
    heartbeatSeconds: z.number().int().positive(),
    idleMinutes: z.number().int().positive(),
    endWarningMinutes: z.number().int().min(0),
  }),
});
export type ShiftLoginResponse = z.infer<typeof shiftLoginResponseSchema>;

/**
 * Why a CSV line was refused: the message of its issue (path [line number, 1 = the header]).
 * Nothing is imported while any line is refused.
 */
export const shiftImportProblems = [
  'bad-header',
  'bad-line',
  'unknown-user',
  'not-counsellor',
  'bad-time',
  'end-before-start',
  'too-long',
  'overlap',
  'too-many-rows',
] as const;
export type ShiftImportProblem = (typeof shiftImportProblems)[number];
