import fs from 'node:fs';
import { z } from 'zod';

const chatPolicyDefaults = {
  maxParallelChats: 3,
  offerSeconds: 30,
  maxMessageChars: 2000,
  messagesPerMinute: 30,
  connectionsPerSourcePerMinute: 20,
  maxOpenConversationsPerSource: 3,
  blockMinutes: 60,
  reconnectGraceSeconds: 60,
  trustedProxies: [],
  keepTranscriptHours: 0,
  escrowPublicKey: null,
  escrowHours: 12,
  quickExitUrl: 'https://www.dr.dk/',
  frameAncestors: [],
};

/** The chat broker's limits and what it keeps (hub/src/chat). */
export const chatPolicySchema = z
  .object({
    /** Conversations one counsellor holds at once (offers count). */
    maxParallelChats: z.number().int().min(1).max(10).default(chatPolicyDefaults.maxParallelChats),
    /** An offer not accepted within this goes to someone else. */
    offerSeconds: z.number().int().min(5).max(300).default(chatPolicyDefaults.offerSeconds),
    /** Longest message, either side (CHAT_TEXT_MAX_CHARS at most). */
    maxMessageChars: z.number().int().min(100).max(4000).default(chatPolicyDefaults.maxMessageChars),
    /** Messages one conversation's visitor may send per minute. */
    messagesPerMinute: z.number().int().min(1).max(600).default(chatPolicyDefaults.messagesPerMinute),
    /** New visitor sockets per source address per minute (counted in memory, under a keyed hash). */
    connectionsPerSourcePerMinute: z.number().int().min(1).max(1000).default(chatPolicyDefaults.connectionsPerSourcePerMinute),
    /** Conversations open at once from one source address. */
    maxOpenConversationsPerSource: z.number().int().min(1).max(100).default(chatPolicyDefaults.maxOpenConversationsPerSource),
    /** A counsellor's block refuses the token for good and its source (in memory) for this long. */
    blockMinutes: z.number().int().min(1).max(24 * 60).default(chatPolicyDefaults.blockMinutes),
    /** A dropped socket (either side) may come back within this before the conversation ends or is requeued. */
    reconnectGraceSeconds: z.number().int().min(5).max(600).default(chatPolicyDefaults.reconnectGraceSeconds),
    /**
     * Reverse proxies (exact socket addresses) whose X-Forwarded-For is believed, for the abuse
     * limits only. Empty: the header is ignored. Either way the address is never written anywhere.
     */
    trustedProxies: z.array(z.union([z.ipv4(), z.ipv6()])).max(20).default(chatPolicyDefaults.trustedProxies),
    /** 0: no transcript is kept (each message is forgotten once both sides have it). Above 0: kept encrypted this long. */
    keepTranscriptHours: z.number().int().min(0).max(24 * 30).default(chatPolicyDefaults.keepTranscriptHours),
    /** The provider's or authority's public key (PEM, RSA ≥ 2048); set: escalated chats seal the visitor's address to it. */
    escrowPublicKey: z.string().max(10_000).nullable().default(chatPolicyDefaults.escrowPublicKey),
    /** A sealed address is deleted after this (12 h at most). */
    escrowHours: z.number().int().min(1).max(12).default(chatPolicyDefaults.escrowHours),
    /** Where the widget's "Forlad siden" sends the visitor (a harmless page). */
    quickExitUrl: z.url({ protocol: /^https?$/ }).default(chatPolicyDefaults.quickExitUrl),
    /** Origins allowed to frame the visitor page (the service's website); empty: any. */
    frameAncestors: z.array(z.url({ protocol: /^https?$/ })).max(20).default(chatPolicyDefaults.frameAncestors),
  })
  .strict();
export type ChatPolicy = z.infer<typeof chatPolicySchema>;

/**
 * The service's policy for its hub: who must use a second factor, how long things are kept, how
 * small a published number may be. Every default is the most private choice (invariant I7); a
 * service loosens one in its policy file, and the hub records that in its audit log at start.
 */
export const hubPolicySchema = z
  .object({
    /** The data controller, for the record of processing activities (GDPR art. 30). */
    controller: z
      .object({
        name: z.string().min(1).max(200),
        address: z.string().max(500).default(''),
        contact: z.string().max(200).default(''),
        dataProtectionOfficer: z.string().max(200).default(''),
      })
      .strict()
      .default({ name: 'Rådgivningstjenesten (navn ikke sat i politikfilen)', address: '', contact: '', dataProtectionOfficer: '' }),
    statistics: z
      .object({
        /** Cells below this are suppressed (invariant I8). */
        minimumCellSize: z.number().int().min(2).max(100).default(5),
        /** The time zone days and hours are counted in. */
        timeZone: z.string().default('Europe/Copenhagen'),
      })
      .strict()
      .default({ minimumCellSize: 5, timeZone: 'Europe/Copenhagen' }),
    retention: z
      .object({
        /** The summary and emergency reference of a record are cleared after this many days. */
        recordDetailDays: z.number().int().min(1).max(3650).default(90),
        /** Whole records (the source of the aggregated counts) are deleted after this many days. */
        recordDays: z.number().int().min(1).max(3650).default(5 * 365),
        /** Returning-contact hashes are forgotten after this many days; also the key period. */
        contactWindowDays: z.number().int().min(1).max(90).default(7),
        /** Expired and revoked sessions are deleted after this many days. */
        sessionDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .default({ recordDetailDays: 90, recordDays: 5 * 365, contactWindowDays: 7, sessionDays: 30 }),
    accounts: z
      .object({
        /** Supervisors and administrators always need TOTP; counsellors by this policy. */
        counsellorTotp: z.enum(['required', 'optional']).default('required'),
        sessionHours: z.number().min(0.25).max(24).default(12),
        /** Login attempts per user name and per client within one minute. */
        loginAttemptsPerMinute: z.number().int().min(1).max(100).default(10),
      })
      .strict()
      .default({ counsellorTotp: 'required', sessionHours: 12, loginAttemptsPerMinute: 10 }),
    shifts: z
      .object({
        /** A counsellor may start a shift this many minutes before it begins (and not after it ends). */
        loginGraceMinutes: z.number().int().min(0).max(120).default(15),
        /** The workstation warns this many minutes before the shift ends. */
        endWarningMinutes: z.number().int().min(0).max(120).default(10),
        /** The workstation's presence heartbeat. */
        heartbeatSeconds: z.number().int().min(1).max(300).default(10),
        /** No heartbeat for this long: the hub marks the workstation lost. */
        lostAfterSeconds: z.number().int().min(2).max(900).default(30),
        /** A logout the workstation does not acknowledge within this is carried out at the SIP server. */
        logoutConfirmSeconds: z.number().int().min(1).max(120).default(5),
        /** No input for this long: the workstation reports itself idle. */
        idleMinutes: z.number().int().min(1).max(240).default(5),
      })
      .strict()
      .default({ loginGraceMinutes: 15, endWarningMinutes: 10, heartbeatSeconds: 10, lostAfterSeconds: 30, logoutConfirmSeconds: 5, idleMinutes: 5 }),
    chat: chatPolicySchema.default(chatPolicyDefaults),
  })
  .strict();
export type HubPolicy = z.infer<typeof hubPolicySchema>;

export const defaultHubPolicy: HubPolicy = hubPolicySchema.parse({});

/** Reads the policy file; a missing file means the defaults, a malformed one stops the hub. */
export function readHubPolicy(file: string | undefined): HubPolicy {
  if (!file || !fs.existsSync(file)) return defaultHubPolicy;
  const parsed = hubPolicySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`hub policy ${file} is invalid: ${where}`);
  }
  return parsed.data;
}

/** The settings a policy loosens from the defaults, for the audit log. */
export function loosenedSettings(policy: HubPolicy): string[] {
  const loosened: string[] = [];
  const d = defaultHubPolicy;
  if (policy.statistics.minimumCellSize < d.statistics.minimumCellSize) loosened.push('statistics.minimumCellSize');
  if (policy.retention.recordDetailDays > d.retention.recordDetailDays) loosened.push('retention.recordDetailDays');
  if (policy.retention.recordDays > d.retention.recordDays) loosened.push('retention.recordDays');
  if (policy.retention.contactWindowDays > d.retention.contactWindowDays) loosened.push('retention.contactWindowDays');
  if (policy.accounts.counsellorTotp !== d.accounts.counsellorTotp) loosened.push('accounts.counsellorTotp');
  if (policy.accounts.sessionHours > d.accounts.sessionHours) loosened.push('accounts.sessionHours');
  if (policy.chat.keepTranscriptHours > d.chat.keepTranscriptHours) loosened.push('chat.keepTranscriptHours');
  if (policy.chat.escrowPublicKey !== d.chat.escrowPublicKey) loosened.push('chat.escrowPublicKey');
  if (policy.chat.trustedProxies.length > 0) loosened.push('chat.trustedProxies');
  return loosened;
}
