import { z } from 'zod';
import { boardAlertSchema, chatQueueFiguresSchema } from './chatApi';

/**
 * Presence: every logged-in counsellor's workstation keeps one WebSocket to the hub, reports its
 * state and heartbeats; supervisors watch the board and send commands (log out, set away or
 * available). Nothing here is about a caller: states, times and the staff member's own name.
 *
 *   WS   PRESENCE_SOCKET_PATH   counsellor with a live shift login; `Authorization: Bearer <token>`
 *                               on the upgrade (401/403 refuse it). Messages below, JSON text frames.
 *   WS   BOARD_SOCKET_PATH      supervisor, administrator: the hub pushes `{ type: 'board', board }`
 *                               at once and after every change (at most ~10 per second).
 *   GET  BOARD_PATH             supervisor, administrator → BoardSnapshot
 *   POST BOARD_LOGOUT_PATH      supervisor, administrator, BoardLogoutRequest → 202 { commandId }
 *   POST BOARD_STATE_PATH       supervisor, administrator, BoardStateRequest → 202 { commandId }
 */
export const PRESENCE_SOCKET_PATH = '/api/v1/presence';
export const BOARD_SOCKET_PATH = '/api/v1/board/live';
export const BOARD_PATH = '/api/v1/board';
export const BOARD_LOGOUT_PATH = '/api/v1/board/counsellors/:id/logout';
export const BOARD_STATE_PATH = '/api/v1/board/counsellors/:id/state';

export function boardCounsellorPath(template: string, userId: string): string {
  return template.replace(':id', encodeURIComponent(userId));
}

/**
 * A counsellor's state. The workstation reports all but `offline` (no shift login) and `lost`
 * (the hub heard no heartbeat for `lostAfterSeconds`), which only the hub sets.
 */
export const presenceStates = ['offline', 'available', 'ringing', 'in-call', 'wrap-up', 'in-chat', 'away', 'locked', 'idle', 'lost'] as const;
export const presenceStateSchema = z.enum(presenceStates);
export type PresenceState = z.infer<typeof presenceStateSchema>;

export const reportedStates = ['available', 'ringing', 'in-call', 'wrap-up', 'in-chat', 'away', 'locked', 'idle'] as const;
export const reportedStateSchema = z.enum(reportedStates);
export type ReportedState = z.infer<typeof reportedStateSchema>;

/** While a counsellor is in one of these, a logout waits (never in the middle of a contact). */
export const busyStates: readonly PresenceState[] = ['ringing', 'in-call', 'wrap-up', 'in-chat'];

/** Why a counsellor is away: a fixed list, so no free text (and nothing about a caller) travels. */
export const awayReasons = ['break', 'meeting', 'supervision', 'admin', 'other'] as const;
export const awayReasonSchema = z.enum(awayReasons);
export type AwayReason = z.infer<typeof awayReasonSchema>;

/** Why a supervisor logs a counsellor out (required), with an optional short note (scrubbed, audited). */
export const logoutReasons = ['forgot-logout', 'shift-over', 'unreachable', 'technical', 'other'] as const;
export const logoutReasonSchema = z.enum(logoutReasons);
export type LogoutReason = z.infer<typeof logoutReasonSchema>;
export const LOGOUT_NOTE_MAX = 200;

/** `after-work`: when the current call or chat and its wrap-up are done; `now`: at once ("nu"). */
export const logoutModeSchema = z.enum(['after-work', 'now']);
export type LogoutMode = z.infer<typeof logoutModeSchema>;

// ---- The presence socket (workstation ⇄ hub) ----

export const appMessageSchema = z.discriminatedUnion('type', [
  /** The current state; `awayReason` only with `away`. Sent on connect and on every change. */
  z.object({ type: z.literal('state'), state: reportedStateSchema, awayReason: awayReasonSchema.nullable().default(null) }).strict(),
  /** Every `heartbeatSeconds`; answered by `heartbeat-ack` with the same `seq`. */
  z.object({ type: z.literal('heartbeat'), seq: z.number().int().min(0) }).strict(),
  /** A command arrived and will be carried out (a logout may wait for the end of a contact). */
  z.object({ type: z.literal('command-ack'), commandId: z.uuid() }).strict(),
]);
export type AppMessage = z.input<typeof appMessageSchema>;

export const pendingLogoutSchema = z.object({
  commandId: z.uuid().nullable(),
  /** `supervisor`: a supervisor's logout; `shift-end`: the shift is over. */
  by: z.enum(['supervisor', 'shift-end']),
  mode: logoutModeSchema,
  reason: logoutReasonSchema.nullable(),
  note: z.string().max(LOGOUT_NOTE_MAX).nullable(),
});
export type PendingLogout = z.infer<typeof pendingLogoutSchema>;

export const hubMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), heartbeatSeconds: z.number().int().positive() }),
  z.object({ type: z.literal('heartbeat-ack'), seq: z.number().int().min(0) }),
  /** A supervisor logs this counsellor out. */
  z.object({
    type: z.literal('logout'),
    commandId: z.uuid(),
    mode: logoutModeSchema,
    reason: logoutReasonSchema,
    note: z.string().max(LOGOUT_NOTE_MAX).nullable(),
  }),
  /** A supervisor sets this counsellor away (with a reason) or available. */
  z.object({ type: z.literal('set-state'), commandId: z.uuid(), state: z.enum(['away', 'available']), awayReason: awayReasonSchema.nullable() }),
  /** The shift plan changed the end of the current shift. */
  z.object({ type: z.literal('shift'), endsAt: z.iso.datetime() }),
]);
export type HubMessage = z.infer<typeof hubMessageSchema>;

/** Close codes the hub uses on the presence socket (4000–4999 are the application's). */
export const presenceCloseCodes = {
  /** The shift login ended (logout, shift end, a supervisor): do not reconnect. */
  shiftEnded: 4001,
  /** A newer socket of the same shift login replaced this one. */
  replaced: 4002,
  /** No heartbeat in time: the hub marked the workstation lost. */
  lost: 4003,
  /** A message did not validate or was too large. */
  invalidMessage: 4004,
} as const;

// ---- The supervisor board ----

export const boardCounsellorSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  state: presenceStateSchema,
  /** When the counsellor entered `state` (time in state is counted from here). */
  since: z.iso.datetime(),
  awayReason: awayReasonSchema.nullable(),
  shift: z.object({ startsAt: z.iso.datetime(), endsAt: z.iso.datetime() }).nullable(),
  pendingLogout: pendingLogoutSchema.nullable(),
});
export type BoardCounsellor = z.infer<typeof boardCounsellorSchema>;

export const boardSnapshotSchema = z.object({
  generatedAt: z.iso.datetime(),
  /** Everyone with a shift today or a live shift login, by name. */
  counsellors: z.array(boardCounsellorSchema),
  /** Calls waiting at the SIP server and chats waiting at the broker; null: not known here. */
  queue: z.object({ calls: z.number().int().min(0).nullable(), chats: z.number().int().min(0).nullable() }),
  /** Today's answered and missed helpline calls at the SIP server (UTC day); null: not known. */
  today: z.object({ answered: z.number().int().min(0).nullable(), missed: z.number().int().min(0).nullable() }),
  /** The chat broker's queue (counts and times only); null: no broker in this hub. */
  chat: chatQueueFiguresSchema.nullable(),
  /** Emergencies raised in chats, until a supervisor acknowledges them. */
  alerts: z.array(boardAlertSchema),
});
export type BoardSnapshot = z.infer<typeof boardSnapshotSchema>;

export const boardLogoutRequestSchema = z
  .object({ reason: logoutReasonSchema, note: z.string().trim().max(LOGOUT_NOTE_MAX).nullable().default(null), mode: logoutModeSchema })
  .strict();
export type BoardLogoutRequest = z.input<typeof boardLogoutRequestSchema>;

export const boardStateRequestSchema = z
  .object({ state: z.enum(['away', 'available']), awayReason: awayReasonSchema.nullable().default(null) })
  .strict()
  .refine((request) => request.state !== 'away' || request.awayReason !== null, { message: 'away needs a reason', path: ['awayReason'] });
export type BoardStateRequest = z.input<typeof boardStateRequestSchema>;

export const boardCommandResponseSchema = z.object({ commandId: z.uuid() });
export type BoardCommandResponse = z.infer<typeof boardCommandResponseSchema>;
