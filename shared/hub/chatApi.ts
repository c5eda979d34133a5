import { z } from 'zod';

/**
 * Anonymous chat through the hub's chat broker (DESIGN.md §2, invariant I1).
 *
 * A visitor on the service's website opens the widget the hub serves; the widget's socket gets a
 * random conversation token (no account, no cookie). The hub routes the conversation to an
 * available counsellor on shift, relays messages both ways and forgets each message once both
 * sides have it. The visitor's socket address (and any X-Forwarded-For) is used in memory for
 * abuse limits only: never logged, stored or sent to a workstation.
 *
 *   GET  CHAT_PAGE_PATH                 anyone: the visitor page (Danish, accessible, no cookies)
 *   GET  CHAT_SCRIPT_PATH               anyone: the visitor page's script
 *   GET  CHAT_EMBED_PATH                anyone: the script a service puts on its site (a button that opens the page)
 *   WS   CHAT_VISITOR_SOCKET_PATH       anyone: VisitorMessage ⇄ VisitorEvent, JSON text frames
 *   WS   CHAT_COUNSELLOR_SOCKET_PATH    counsellor with a live shift login (`Authorization: Bearer`):
 *                                       CounsellorMessage ⇄ CounsellorEvent
 *   GET  CHAT_TRANSFER_TARGETS_PATH     counsellor → TransferTargetsResponse (colleagues with room for a chat)
 *   GET  CHAT_CANNED_REPLIES_PATH       counsellor, supervisor, administrator → CannedRepliesResponse
 *   PUT  CHAT_CANNED_REPLIES_PATH       administrator, CannedRepliesInput → CannedRepliesResponse (the whole list)
 *   GET  CHAT_SCHEDULE_PATH             anyone → ChatScheduleView (the opening hours and whether chat is open now)
 *   PUT  CHAT_SCHEDULE_PATH             administrator, ChatSchedule → ChatScheduleView
 *   POST CHAT_ALERT_ACK_PATH            supervisor, administrator → 204 (an emergency alert seen)
 */
export const CHAT_PAGE_PATH = '/chat';
export const CHAT_SCRIPT_PATH = '/chat/chat.js';
export const CHAT_EMBED_PATH = '/chat/embed.js';
export const CHAT_VISITOR_SOCKET_PATH = '/chat/socket';
export const CHAT_COUNSELLOR_SOCKET_PATH = '/api/v1/chat';
export const CHAT_TRANSFER_TARGETS_PATH = '/api/v1/chat/transfer-targets';
export const CHAT_CANNED_REPLIES_PATH = '/api/v1/chat/canned-replies';
export const CHAT_SCHEDULE_PATH = '/api/v1/chat/schedule';
export const CHAT_ALERT_ACK_PATH = '/api/v1/board/alerts/:id/acknowledge';

export function chatAlertAckPath(alertId: string): string {
  return CHAT_ALERT_ACK_PATH.replace(':id', encodeURIComponent(alertId));
}

/** The longest chat message in characters, whatever the policy says (the policy may lower it). */
export const CHAT_TEXT_MAX_CHARS = 4000;
/** A frame on either chat socket above this is not one of ours: the socket is closed (1009). */
export const CHAT_FRAME_MAX_BYTES = 64 * 1024;

/** A conversation's id as counsellors and supervisors see it: random, unrelated to the visitor's token. */
export const conversationIdSchema = z.uuid();
/** The visitor's secret for resuming a conversation (base64url, 32 random bytes). */
export const conversationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** The sender's own id for a message, so a resent message is not doubled. */
const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const chatTextSchema = z.string().min(1).max(CHAT_TEXT_MAX_CHARS);

export const chatSenders = ['visitor', 'counsellor', 'system'] as const;
export const chatSenderSchema = z.enum(chatSenders);
export type ChatSender = z.infer<typeof chatSenderSchema>;

/**
 * What the hub itself says in a conversation, as a fixed word each side puts in its own
 * language: the counsellor joined, the conversation moved to another counsellor or back to the
 * queue, the other side left.
 */
export const systemNotices = ['counsellor-joined', 'transferred', 'requeued', 'visitor-left', 'visitor-back', 'counsellor-left', 'ended'] as const;
export const systemNoticeSchema = z.enum(systemNotices);
export type SystemNotice = z.infer<typeof systemNoticeSchema>;

export const chatMessageSchema = z.object({
  /** Per conversation, from 1, in the order the hub accepted the messages. */
  seq: z.number().int().positive(),
  from: chatSenderSchema,
  /** Plain text (cleaned of control and bidi-override characters); `from: 'system'` carries `notice`. */
  text: z.string().max(CHAT_TEXT_MAX_CHARS),
  notice: systemNoticeSchema.nullable(),
  sentAt: z.iso.datetime(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Why the hub refused something, as a fixed word (never the offending input). */
export const chatErrorCodes = [
  'closed',
  'message-too-large',
  'rate-limited',
  'too-many-conversations',
  'blocked',
  'unknown-conversation',
  'invalid-message',
  'not-yours',
  'no-capacity',
  'unavailable',
] as const;
export const chatErrorCodeSchema = z.enum(chatErrorCodes);
export type ChatErrorCode = z.infer<typeof chatErrorCodeSchema>;

// ---- Opening hours ----

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
export const openingIntervalSchema = z
  .object({ opens: clockTimeSchema, closes: clockTimeSchema })
  .strict()
  .refine((interval) => interval.opens < interval.closes, { message: 'closes must be after opens' });
export type OpeningInterval = z.infer<typeof openingIntervalSchema>;

/**
 * The chat's opening hours in the service's time zone: `weekly[0]` is Monday. An exception
 * replaces one date's hours (an empty list: closed that day, e.g. juleaften). No schedule at all
 * (`weekly: null`) means open around the clock.
 */
export const chatScheduleSchema = z
  .object({
    weekly: z.array(z.array(openingIntervalSchema).max(4)).length(7).nullable(),
    exceptions: z
      .array(
        z
          .object({
            date: z.iso.date(),
            intervals: z.array(openingIntervalSchema).max(4),
            /** What the visitor is told, e.g. "Juledag". */
            label: z.string().trim().max(80).default(''),
          })
          .strict(),
      )
      .max(400),
  })
  .strict();
export type ChatSchedule = z.infer<typeof chatScheduleSchema>;
export type ChatScheduleInput = z.input<typeof chatScheduleSchema>;

export const chatScheduleViewSchema = z.object({
  schedule: chatScheduleSchema,
  timeZone: z.string(),
  open: z.boolean(),
  /** When chat next opens (closed now) or closes (open now); null: around the clock, or never. */
  nextChange: z.iso.datetime().nullable(),
  /** Today's exception's label, if today is one. */
  todayLabel: z.string().nullable(),
});
export type ChatScheduleView = z.infer<typeof chatScheduleViewSchema>;

// ---- The visitor's socket ----

export const visitorMessageSchema = z.discriminatedUnion('type', [
  /** First frame: a new conversation (`token: null`) or the resumption of one. */
  z.object({ type: z.literal('hello'), token: conversationTokenSchema.nullable() }).strict(),
  z.object({ type: z.literal('message'), clientId: clientIdSchema, text: chatTextSchema }).strict(),
  z.object({ type: z.literal('typing'), typing: z.boolean() }).strict(),
  /** Every message up to `seq` from the hub arrived (the hub may forget it once both sides have it). */
  z.object({ type: z.literal('ack'), seq: z.number().int().min(0) }).strict(),
  /** The visitor ends the conversation ("Afslut" or quick exit). */
  z.object({ type: z.literal('leave') }).strict(),
]);
export type VisitorMessage = z.input<typeof visitorMessageSchema>;

export const visitorEventSchema = z.discriminatedUnion('type', [
  /** Answer to `hello`: the token to keep for a reconnect (sessionStorage only; quick exit wipes it). */
  z.object({
    type: z.literal('welcome'),
    token: conversationTokenSchema,
    state: z.enum(['queued', 'active']),
    maxMessageChars: z.number().int().positive(),
  }),
  /** Chat is closed now: the opening hours instead of a queue. The socket closes after this. */
  z.object({ type: z.literal('closed'), schedule: chatScheduleViewSchema }),
  /** While waiting: place in the queue (1 = next) and an estimate (null: not known yet). */
  z.object({ type: z.literal('queue'), position: z.number().int().positive(), estimatedWaitSeconds: z.number().int().min(0).nullable() }),
  /** A message, the visitor's own echoed with its `clientId` once the hub accepted it. */
  z.object({ type: z.literal('message'), message: chatMessageSchema, clientId: clientIdSchema.nullable() }),
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
  /** The conversation is over (by the counsellor, the visitor, or a block); the socket closes after this. */
  z.object({ type: z.literal('ended'), by: z.enum(['counsellor', 'visitor', 'hub']) }),
  /** Something was refused; the conversation goes on (unless `closed`/`blocked`/`too-many-conversations`). */
  z.object({ type: z.literal('error'), code: chatErrorCodeSchema, clientId: clientIdSchema.nullable() }),
]);
export type VisitorEvent = z.infer<typeof visitorEventSchema>;

// ---- The counsellor's socket ----

export const chatOfferSchema = z.object({
  offerId: z.uuid(),
  conversationId: conversationIdSchema,
  /** The offer lapses then and goes to someone else. */
  expiresAt: z.iso.datetime(),
  /** How long the visitor has waited in the queue. */
  waitedSeconds: z.number().int().min(0),
  /**
   * A colleague (or the queue after a transfer) hands it over: there are earlier messages, which
   * come with the `conversation` event on accept (what the transferring workstation handed over).
   */
  transfer: z.boolean(),
});
export type ChatOffer = z.infer<typeof chatOfferSchema>;

/**
 * The most earlier messages a workstation hands over with a transfer. The `transfer` frame must
 * still fit CHAT_FRAME_MAX_BYTES: with a longer history the workstation sends the newest messages
 * that fit (a frame above the limit is not ours and closes the socket, the hub's own guard).
 */
export const CHAT_HANDOVER_MAX_MESSAGES = 200;

/** One earlier message of the conversation as the transferring desk holds it (no system notices). */
export const handoverMessageSchema = z
  .object({
    seq: z.number().int().positive(),
    from: z.enum(['visitor', 'counsellor']),
    text: chatTextSchema,
    sentAt: z.iso.datetime(),
  })
  .strict();
export type HandoverMessage = z.infer<typeof handoverMessageSchema>;

export const counsellorMessageSchema = z.discriminatedUnion('type', [
  /** Whether new offers may come (the workstation is available and not in a call); sent on connect and on change. */
  z.object({ type: z.literal('accepting'), accepting: z.boolean() }).strict(),
  z.object({ type: z.literal('accept'), offerId: z.uuid() }).strict(),
  z.object({ type: z.literal('decline'), offerId: z.uuid() }).strict(),
  z.object({ type: z.literal('message'), conversationId: conversationIdSchema, clientId: clientIdSchema, text: chatTextSchema }).strict(),
  z.object({ type: z.literal('typing'), conversationId: conversationIdSchema, typing: z.boolean() }).strict(),
  z.object({ type: z.literal('ack'), conversationId: conversationIdSchema, seq: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal('end'), conversationId: conversationIdSchema }).strict(),
  /**
   * To a colleague (`toUserId`) or back to the queue (null). `handover`: the conversation so far as
   * this desk holds it, oldest first, for whoever accepts it next: the hub has forgotten what both
   * sides had, keeps these (seqs it gave out only) until the next counsellor acknowledges them.
   */
  z
    .object({
      type: z.literal('transfer'),
      conversationId: conversationIdSchema,
      toUserId: z.uuid().nullable(),
      handover: z.array(handoverMessageSchema).max(CHAT_HANDOVER_MAX_MESSAGES).default([]),
    })
    .strict(),
  /** Emergency: the supervisors are alerted (and, if configured, the visitor's address is sealed to the escrow key). */
  z.object({ type: z.literal('escalate'), conversationId: conversationIdSchema }).strict(),
  /** Ends the conversation and refuses its token (and, in memory for a while, its source). */
  z.object({ type: z.literal('block'), conversationId: conversationIdSchema }).strict(),
]);
export type CounsellorMessage = z.input<typeof counsellorMessageSchema>;

export const counsellorConversationSchema = z.object({
  conversationId: conversationIdSchema,
  /** `visitor-away`: the visitor's socket dropped; they may come back with their token. */
  state: z.enum(['active', 'visitor-away', 'ended']),
  startedAt: z.iso.datetime(),
  escalated: z.boolean(),
  /**
   * Messages the workstation has not acknowledged yet. The hub forgets a message once both sides
   * have it; after a transfer these also hold the earlier conversation the transferring
   * workstation handed over (`transfer.handover`), until the new counsellor acknowledges them.
   */
  messages: z.array(chatMessageSchema),
});
export type CounsellorConversation = z.infer<typeof counsellorConversationSchema>;

export const counsellorEventSchema = z.discriminatedUnion('type', [
  /** On connect: the policy's capacity, and every conversation this counsellor holds (after a reconnect). */
  z.object({
    type: z.literal('welcome'),
    maxParallelChats: z.number().int().positive(),
    maxMessageChars: z.number().int().positive(),
    conversations: z.array(counsellorConversationSchema),
  }),
  z.object({ type: z.literal('offer'), offer: chatOfferSchema }),
  /** The offer lapsed, was taken back (the visitor left) or went to someone else. */
  z.object({ type: z.literal('offer-withdrawn'), offerId: z.uuid(), reason: z.enum(['expired', 'visitor-left', 'declined']) }),
  /** A conversation starts here (after `accept`) or changes state. */
  z.object({ type: z.literal('conversation'), conversation: counsellorConversationSchema }),
  /** A message, the counsellor's own echoed with its `clientId` once the hub accepted it. */
  z.object({ type: z.literal('message'), conversationId: conversationIdSchema, message: chatMessageSchema, clientId: clientIdSchema.nullable() }),
  z.object({ type: z.literal('typing'), conversationId: conversationIdSchema, typing: z.boolean() }),
  /** The conversation left this counsellor (transferred, requeued, ended by the visitor's block); drop it. */
  z.object({ type: z.literal('released'), conversationId: conversationIdSchema, reason: z.enum(['transferred', 'requeued', 'ended']) }),
  z.object({ type: z.literal('error'), code: chatErrorCodeSchema, conversationId: conversationIdSchema.nullable(), clientId: clientIdSchema.nullable() }),
]);
export type CounsellorEvent = z.infer<typeof counsellorEventSchema>;

/** Close codes the hub uses on both chat sockets (4000–4999 are the application's). */
export const chatCloseCodes = {
  /** The shift login ended: do not reconnect. */
  shiftEnded: 4001,
  /** A newer socket of the same counsellor (or the same conversation token) replaced this one. */
  replaced: 4002,
  /** A message did not validate. */
  invalidMessage: 4004,
  /** The conversation is over (ended, blocked) or chat is closed: do not reconnect with this token. */
  finished: 4010,
  /** Too many conversations or connections from one source: try again later. */
  limited: 4011,
} as const;

// ---- REST ----

export const transferTargetsResponseSchema = z.object({
  targets: z.array(z.object({ userId: z.uuid(), displayName: z.string(), freeChats: z.number().int().min(0) })),
});
export type TransferTargetsResponse = z.infer<typeof transferTargetsResponseSchema>;

export const CANNED_REPLY_MAX_CHARS = 1000;
export const CANNED_REPLIES_MAX = 100;
export const cannedReplySchema = z
  .object({
    /** A short name the counsellor picks it by, e.g. "Velkomst". */
    title: z.string().trim().min(1).max(60),
    text: z.string().trim().min(1).max(CANNED_REPLY_MAX_CHARS),
  })
  .strict();
export type CannedReply = z.infer<typeof cannedReplySchema>;
export const cannedRepliesInputSchema = z.object({ replies: z.array(cannedReplySchema).max(CANNED_REPLIES_MAX) }).strict();
export type CannedRepliesInput = z.input<typeof cannedRepliesInputSchema>;
export const cannedRepliesResponseSchema = z.object({ replies: z.array(cannedReplySchema) });
export type CannedRepliesResponse = z.infer<typeof cannedRepliesResponseSchema>;

// ---- What the supervisor board adds for chat (never content, never a visitor) ----

export const chatQueueFiguresSchema = z.object({
  waiting: z.number().int().min(0),
  /** The longest current wait; null: nobody waiting. */
  longestWaitSeconds: z.number().int().min(0).nullable(),
  /** Conversations being held by counsellors now. */
  active: z.number().int().min(0),
});
export type ChatQueueFigures = z.infer<typeof chatQueueFiguresSchema>;

/** A counsellor pressed "Nødsituation" in a chat: shown on the board until a supervisor acknowledges it. */
export const boardAlertSchema = z.object({
  alertId: z.uuid(),
  kind: z.literal('chat-emergency'),
  userId: z.uuid(),
  displayName: z.string(),
  raisedAt: z.iso.datetime(),
  /** The visitor's address was sealed to the escrow key (the service cannot open it). */
  escrowSealed: z.boolean(),
});
export type BoardAlert = z.infer<typeof boardAlertSchema>;
