import { z } from 'zod';
import {
  awayReasonSchema,
  boardLogoutRequestSchema,
  boardSnapshotSchema,
  logoutReasonSchema,
  pendingLogoutSchema,
  presenceStateSchema,
} from '../hub/presenceApi';
import {
  cannedRepliesInputSchema,
  cannedReplySchema,
  chatMessageSchema,
  chatOfferSchema,
  chatScheduleSchema,
  chatScheduleViewSchema,
  conversationIdSchema,
  transferTargetsResponseSchema,
} from '../hub/chatApi';
import { shiftImportProblems, shiftSchema } from '../hub/shiftsApi';
import { localDateSchema, statisticsExportFormats, statisticsReportSchema } from '../hub/statisticsApi';
import { channels, contactFactsSchema, contactTypes, recordFormSchema, topicCodeSchema } from '../records/recordModel';
import { requirableFields, topicSchema } from '../records/recordPolicy';
import { storeErrorKinds } from '../records/storeProblems';
import type { EventChannel, RequestChannel } from './channels';

/**
 * The API contract: what each request carries, what it answers and what each event pushes.
 * Requests are `strict` (an unexpected key is refused, not ignored); responses and events are
 * stripped to their declared shape on the way out, so a service cannot leak an extra field.
 */

export const localeSchema = z.enum(['da', 'en']);
export type Locale = z.infer<typeof localeSchema>;

/** The hub's roles; supervisors and administrators share the supervisor area. */
export const roleSchema = z.enum(['counsellor', 'supervisor', 'administrator']);
export type Role = z.infer<typeof roleSchema>;

const empty = z.object({}).strict();

export const appInfoSchema = z.object({
  version: z.string(),
  /** How this renderer reaches the main process: Electron IPC, or the development bridge. */
  transport: z.enum(['ipc', 'bridge']),
  packaged: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const settingsSchema = z.object({ locale: localeSchema });
export type Settings = z.infer<typeof settingsSchema>;

export const sessionStateSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('locked'),
    /**
     * Why the workstation locked by itself: the hub ended the session (expired or revoked), a
     * supervisor logged the counsellor out (with the supervisor's reason), or the shift ended.
     */
    reason: z.enum(['session-expired', 'supervisor-logout', 'shift-ended']).optional(),
    logoutReason: logoutReasonSchema.optional(),
  }),
  z.object({
    status: z.literal('active'),
    role: roleSchema,
    /** The staff member's own name as the service knows it; never anything about a caller. */
    displayName: z.string(),
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const linkStateSchema = z.enum(['not-configured', 'connecting', 'online', 'offline']);
export type LinkState = z.infer<typeof linkStateSchema>;

export const connectionStateSchema = z.object({ hub: linkStateSchema, sip: linkStateSchema });
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const loginRequestSchema = z
  .object({
    username: z.string().trim().min(1).max(128),
    password: z.string().min(1).max(256),
    /** The one-time code (TOTP) from the staff member's authenticator app, when the account has one. */
    totp: z.string().trim().min(1).max(16).optional(),
  })
  .strict();

/**
 * The record outbox as the status bar shows it: records not yet on the hub, records the hub
 * refused for good (kept, never resent: an administrator must look), and why the last send
 * failed, as a fixed word.
 */
export const syncStatusSchema = z.object({
  pending: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  lastError: z.enum(['hub-unreachable', 'hub-timeout', 'hub-error', 'hub-busy', 'hub-refused']).nullable(),
  /** When the hub last acknowledged records (ms since the epoch); null: not since start. */
  lastSyncedAt: z.number().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** Largest SIP message that may cross the API in either direction (the firewall's limit). */
export const SIP_MESSAGE_MAX_BYTES = 64 * 1024;

/**
 * What the renderer's softphone may know about its configuration. `aor` is the renderer's
 * local view of its own address (the firewall maps it to the real one); no credentials.
 */
export const softphoneConfigSchema = z.object({
  aor: z.string(),
  iceTransportPolicy: z.enum(['all', 'relay']),
  iceServers: z.array(
    z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() }),
  ),
  /** The window the returning-contact count covers, for the badge text. */
  returningWindowDays: z.number().int().positive(),
});
export type SoftphoneConfig = z.infer<typeof softphoneConfigSchema>;

export const sipTransportSchema = z.object({
  state: z.enum(['connected', 'disconnected']),
  /** Why it is disconnected, as a fixed word (never server text). */
  reason: z.enum(['requested', 'closed', 'unreachable', 'logged-out']).optional(),
});
export type SipTransport = z.infer<typeof sipTransportSchema>;

export const sipMessageSchema = z.object({ message: z.string().min(1).max(SIP_MESSAGE_MAX_BYTES) }).strict();

/** The firewall's opaque token for a call's Call-ID, as the renderer's sip.js sees it. */
const callIdSchema = z.string().min(1).max(128);

export const callInfoSchema = z.object({
  callId: callIdSchema,
  /** Contacts from the same (hashed) caller pseudonym within the window, this one included; null without a pseudonym. */
  returningContacts: z.number().int().positive().nullable(),
  /** Whether the provider gave a call reference an emergency flag can name. */
  emergencyReferenceAvailable: z.boolean(),
});
export type CallInfo = z.infer<typeof callInfoSchema>;

export const callRefusedSchema = z.object({
  reason: z.enum(['no-media-server', 'unsupported-media', 'malformed']),
});
export type CallRefused = z.infer<typeof callRefusedSchema>;

/** Why the record store cannot be used; each kind has an administrator hint in the catalogue. */
export const storeProblemSchema = z.enum(storeErrorKinds);
export type StoreProblem = z.infer<typeof storeProblemSchema>;

export const recordsStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('opening') }),
  z.object({ state: z.literal('unavailable'), problem: storeProblemSchema }),
]);
export type RecordsStatus = z.infer<typeof recordsStatusSchema>;

const draftIdSchema = z.string().uuid();

export const recordSummarySchema = z.object({
  id: z.string(),
  channel: z.enum(channels),
  startedAt: z.string(),
  durationMinutes: z.number(),
  contactType: z.enum(contactTypes),
  topics: z.array(topicCodeSchema),
  summary: z.string(),
});
export type RecordSummary = z.infer<typeof recordSummarySchema>;

export const draftSchema = z.object({
  draftId: draftIdSchema,
  facts: contactFactsSchema,
  form: recordFormSchema,
  /** Left open by an earlier shift (after a crash or a forgotten wrap-up): to be finished now. */
  fromEarlierShift: z.boolean(),
});
export type DraftView = z.infer<typeof draftSchema>;

/**
 * A statistics period in the hub's time zone, both days included. Only the dates are checked
 * here; whether the hub accepts the span is the statistics service's answer (`invalid-period`).
 */
export const statisticsPeriodSchema = z.object({ from: localDateSchema, to: localDateSchema }).strict();
export type StatisticsPeriod = z.infer<typeof statisticsPeriodSchema>;

export const statisticsExportRequestSchema = z.object({ from: localDateSchema, to: localDateSchema, format: z.enum(statisticsExportFormats) }).strict();

/** The name the export was saved under (never a path); null when the staff member cancelled. */
export const statisticsExportResultSchema = z.object({ fileName: z.string().nullable() });
export type StatisticsExportResult = z.infer<typeof statisticsExportResultSchema>;

/**
 * The counsellor's shift as the workstation shows it: when it ends (a warning shortly before),
 * the state the hub sees, and a logout waiting for the end of the current contact.
 */
export const shiftViewSchema = z.discriminatedUnion('status', [
  /** No shift: locked, not a counsellor, or no hub that plans shifts. */
  z.object({ status: z.literal('none') }),
  z.object({
    status: z.literal('on'),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    /** Within the hub's warning time before the end (or past it). */
    ending: z.boolean(),
    presence: presenceStateSchema,
    awayReason: awayReasonSchema.nullable(),
    /** Whether the hub's presence socket is connected right now. */
    presenceLink: z.enum(['connecting', 'online', 'offline']),
    pendingLogout: pendingLogoutSchema.nullable(),
  }),
]);
export type ShiftView = z.infer<typeof shiftViewSchema>;

/** What the counsellor is doing in the renderer; the main process turns it into the presence state. */
export const workActivitySchema = z.enum(['none', 'ringing', 'in-call', 'wrap-up', 'in-chat']);
export type WorkActivity = z.infer<typeof workActivitySchema>;

/** A shift as the administrator enters it in the supervisor area (times ISO 8601 with offset). */
export const shiftEditSchema = z
  .object({
    /** Absent: a new shift. */
    id: z.uuid().optional(),
    username: z.string().trim().min(1).max(64),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const shiftImportResultSchema = z.object({
  created: z.number().int().min(0),
  /** Refused lines (1 = the header); when there are any, nothing was imported. */
  problems: z.array(z.object({ line: z.number().int().min(1), problem: z.enum(shiftImportProblems) })),
});
export type ShiftImportResult = z.infer<typeof shiftImportResultSchema>;

/** A message as the chat desk shows it; the counsellor's own is `pending` until the hub accepted it. */
export const deskMessageSchema = chatMessageSchema.extend({
  /** null while pending (the hub numbers messages). */
  seq: z.number().int().positive().nullable(),
  clientId: z.string().nullable(),
  pending: z.boolean(),
});
export type DeskMessage = z.infer<typeof deskMessageSchema>;

export const deskConversationSchema = z.object({
  conversationId: conversationIdSchema,
  /** `ended`: over (by either side); the counsellor fills in the wrap-up, then dismisses it. */
  state: z.enum(['active', 'visitor-away', 'ended']),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  escalated: z.boolean(),
  visitorTyping: z.boolean(),
  /** Seq of the last message the counsellor has seen (unread = later visitor messages). */
  readSeq: z.number().int().min(0),
  messages: z.array(deskMessageSchema),
});
export type DeskConversation = z.infer<typeof deskConversationSchema>;

/**
 * The counsellor's chat desk as the main process holds it for this shift: the link to the
 * broker, pending offers and the conversations with their messages (kept in memory only, gone at
 * dismiss or logout). Pushed whole as `chat:changed` on every change.
 */
export const chatDeskSchema = z.object({
  link: z.enum(['off', 'connecting', 'online', 'offline']),
  accepting: z.boolean(),
  maxParallelChats: z.number().int().min(0),
  maxMessageChars: z.number().int().min(0),
  offers: z.array(chatOfferSchema),
  conversations: z.array(deskConversationSchema),
  /** The last refusal from the hub, as a fixed word, for a short notice; null: none. */
  lastError: z.string().nullable(),
});
export type ChatDesk = z.infer<typeof chatDeskSchema>;

const conversationRequest = z.object({ conversationId: conversationIdSchema }).strict();

export const requestSchemas = {
  'app:info': { request: empty, response: appInfoSchema },
  'settings:get': { request: empty, response: settingsSchema },
  'settings:setLocale': { request: z.object({ locale: localeSchema }).strict(), response: settingsSchema },
  'session:get': { request: empty, response: sessionStateSchema },
  'session:login': { request: loginRequestSchema, response: sessionStateSchema },
  'session:logout': { request: empty, response: sessionStateSchema },
  'connection:get': { request: empty, response: connectionStateSchema },
  'softphone:config': { request: empty, response: softphoneConfigSchema },
  'sip:connect': { request: empty, response: sipTransportSchema },
  'sip:disconnect': { request: empty, response: sipTransportSchema },
  'sip:send': { request: sipMessageSchema, response: z.object({}) },
  'call:flagEmergency': {
    request: z.object({ callId: callIdSchema }).strict(),
    /** A short local code the counsellor can quote; the provider's reference stays in the main process. */
    response: z.object({ reference: z.string() }),
  },
  'records:status': { request: empty, response: recordsStatusSchema },
  'records:policy': {
    request: empty,
    response: z.object({ topics: z.array(topicSchema), requiredFields: z.array(z.enum(requirableFields)) }),
  },
  'records:startDraft': {
    request: z
      .object({
        channel: z.enum(channels),
        /** The softphone's Call-ID token, so the main process can add what it knows of the call. */
        callId: z.string().min(1).max(128).nullable(),
        startedAt: z.number().int().positive(),
        endedAt: z.number().int().positive(),
      })
      .strict(),
    response: draftSchema,
  },
  'records:saveDraft': {
    request: z.object({ draftId: draftIdSchema, form: recordFormSchema }).strict(),
    response: z.object({ savedAt: z.number() }),
  },
  'records:submit': {
    request: z.object({ draftId: draftIdSchema, form: recordFormSchema }).strict(),
    response: recordSummarySchema,
  },
  'records:listShift': {
    request: empty,
    /** The counsellor's own records of the current shift, and drafts still open (after a crash). */
    response: z.object({ records: z.array(recordSummarySchema), drafts: z.array(draftSchema) }),
  },
  'sync:status': { request: empty, response: syncStatusSchema },
  /** The hub's anonymous statistics (small counts already hidden there); supervisors and administrators only. */
  'statistics:get': { request: statisticsPeriodSchema, response: statisticsReportSchema },
  /** The same report as the hub's CSV or XLSX file, saved by the main process (the renderer never downloads). */
  'statistics:export': { request: statisticsExportRequestSchema, response: statisticsExportResultSchema },
  'shift:get': { request: empty, response: shiftViewSchema },
  /** The renderer's phone/chat activity changed; the main process reports the state to the hub. */
  'presence:report': { request: z.object({ activity: workActivitySchema }).strict(), response: shiftViewSchema },
  'presence:setAway': { request: z.object({ reason: awayReasonSchema }).strict(), response: shiftViewSchema },
  'presence:setAvailable': { request: empty, response: shiftViewSchema },
  /** The supervisor board (supervisors and administrators); live updates come as `board:changed`. */
  'board:get': { request: empty, response: boardSnapshotSchema },
  'board:logout': { request: boardLogoutRequestSchema.extend({ userId: z.uuid() }).strict(), response: z.object({}) },
  'board:setState': {
    request: z
      .object({ userId: z.uuid(), state: z.enum(['away', 'available']), awayReason: awayReasonSchema.nullable().default(null) })
      .strict()
      .refine((request) => request.state !== 'away' || request.awayReason !== null, { message: 'away needs a reason', path: ['awayReason'] }),
    response: z.object({}),
  },
  /** The shift plan: supervisors read it, administrators edit and import it. */
  'shifts:list': {
    request: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict(),
    response: z.object({ shifts: z.array(shiftSchema) }),
  },
  'shifts:save': { request: shiftEditSchema, response: shiftSchema },
  'shifts:delete': { request: z.object({ id: z.uuid() }).strict(), response: z.object({}) },
  'shifts:import': { request: z.object({ csv: z.string().min(1).max(1024 * 1024) }).strict(), response: shiftImportResultSchema },
  /** The counsellor's chat desk (live updates come as `chat:changed`). */
  'chat:state': { request: empty, response: chatDeskSchema },
  'chat:accept': { request: z.object({ offerId: z.uuid() }).strict(), response: chatDeskSchema },
  'chat:decline': { request: z.object({ offerId: z.uuid() }).strict(), response: chatDeskSchema },
  'chat:send': {
    request: z
      .object({ conversationId: conversationIdSchema, clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), text: z.string().trim().min(1).max(4000) })
      .strict(),
    response: chatDeskSchema,
  },
  'chat:typing': { request: z.object({ conversationId: conversationIdSchema, typing: z.boolean() }).strict(), response: z.object({}) },
  'chat:markRead': { request: z.object({ conversationId: conversationIdSchema, seq: z.number().int().min(0) }).strict(), response: chatDeskSchema },
  /** Ends the conversation; it stays (state `ended`) until the wrap-up is done and it is dismissed. */
  'chat:end': { request: conversationRequest, response: chatDeskSchema },
  'chat:dismiss': { request: conversationRequest, response: chatDeskSchema },
  'chat:transferTargets': { request: empty, response: transferTargetsResponseSchema },
  'chat:transfer': { request: z.object({ conversationId: conversationIdSchema, toUserId: z.uuid().nullable() }).strict(), response: chatDeskSchema },
  'chat:escalate': { request: conversationRequest, response: chatDeskSchema },
  'chat:block': { request: conversationRequest, response: chatDeskSchema },
  'chat:cannedReplies': { request: empty, response: z.object({ replies: z.array(cannedReplySchema) }) },
  /** Administrators: the canned replies and the chat's opening hours. */
  'chatSettings:get': { request: empty, response: z.object({ replies: z.array(cannedReplySchema), schedule: chatScheduleViewSchema }) },
  'chatSettings:saveCannedReplies': { request: cannedRepliesInputSchema, response: z.object({ replies: z.array(cannedReplySchema) }) },
  'chatSettings:saveSchedule': { request: chatScheduleSchema, response: chatScheduleViewSchema },
  'board:acknowledgeAlert': { request: z.object({ alertId: z.uuid() }).strict(), response: z.object({}) },
} as const satisfies { [C in RequestChannel]: { request: z.ZodType; response: z.ZodType } };

export const eventSchemas = {
  'session:changed': sessionStateSchema,
  'connection:changed': connectionStateSchema,
  'sip:message': z.object({ message: z.string() }),
  'sip:transport': sipTransportSchema,
  'call:info': callInfoSchema,
  'call:refused': callRefusedSchema,
  'sync:status': syncStatusSchema,
  'shift:changed': shiftViewSchema,
  /** Pushed to supervisors while the board is watched (at most ~10 per second). */
  'board:changed': boardSnapshotSchema,
  'chat:changed': chatDeskSchema,
} as const satisfies { [E in EventChannel]: z.ZodType };

/** What the renderer sends on channel C (before validation, so inputs may be untrimmed). */
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]['request']>;
/** What the main process receives on channel C, after validation. */
export type ValidRequestOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventSchemas)[E]>;
