import { z } from 'zod';

/**
 * The anonymous contact record (DESIGN.md §1.4): what a contact was about, never who it was.
 * Every field is a closed choice except the optional summary, which is scrubbed before it is
 * stored. Shared by the workstation (store, form, sync) and the hub (ingest, statistics).
 */
export const RECORD_SCHEMA_VERSION = 1;
export const SUMMARY_MAX_LENGTH = 2000;

export const channels = ['phone', 'chat'] as const;
export const contactTypes = ['counselling', 'silent', 'hung-up', 'abusive', 'prank', 'wrong-number', 'test'] as const;
export const ageBands = ['under-10', '10-12', '13-15', '16-18', '19-24', '25-39', '40-59', '60-plus', 'unknown'] as const;
export const genders = ['female', 'male', 'other', 'unknown', 'not-disclosed'] as const;
export const outcomes = ['completed', 'caller-ended', 'counsellor-ended', 'transferred', 'escalated'] as const;
export const referrals = ['none', 'emergency-services', 'police', 'doctor', 'psychiatry', 'municipality', 'school', 'other-helpline', 'other'] as const;

/** A topic code of the service's taxonomy (checked against the configured list at runtime). */
export const topicCodeSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);

/** The fields the counsellor fills in; every one may be left open in a draft. */
export const recordFormSchema = z
  .object({
    contactType: z.enum(contactTypes).nullable(),
    topics: z.array(topicCodeSchema).max(20),
    ageBand: z.enum(ageBands).nullable(),
    gender: z.enum(genders).nullable(),
    outcome: z.enum(outcomes).nullable(),
    referral: z.enum(referrals).nullable(),
    emergency: z.boolean(),
    summary: z.string().max(SUMMARY_MAX_LENGTH),
  })
  .strict();
export type RecordForm = z.infer<typeof recordFormSchema>;

export const emptyRecordForm: RecordForm = {
  contactType: null,
  topics: [],
  ageBand: null,
  gender: null,
  outcome: null,
  referral: null,
  emergency: false,
  summary: '',
};

/** What the workstation knows about the contact itself, set by the main process, not the form. */
export const contactFactsSchema = z
  .object({
    channel: z.enum(channels),
    /** Start, rounded down to the minute (ISO 8601, UTC). */
    startedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/),
    durationMinutes: z.number().int().min(0).max(24 * 60),
    shiftId: z.string().min(1).max(64),
    /** The caller contacted the service before within the returning-contact window. */
    returningContact: z.boolean(),
  })
  .strict();
export type ContactFacts = z.infer<typeof contactFactsSchema>;

/** A finished record as stored and synced. The emergency reference is added by the main process. */
export const contactRecordSchema = z
  .object({
    id: z.string().uuid(),
    schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
    ...contactFactsSchema.shape,
    contactType: z.enum(contactTypes),
    topics: z.array(topicCodeSchema).max(20),
    ageBand: z.enum(ageBands),
    gender: z.enum(genders),
    outcome: z.enum(outcomes),
    referral: z.enum(referrals),
    emergency: z.object({ flagged: z.boolean(), providerCallReference: z.string().max(256).nullable() }).strict(),
    summary: z.string().max(SUMMARY_MAX_LENGTH),
  })
  .strict();
export type ContactRecord = z.infer<typeof contactRecordSchema>;

/** Rounds a time down to the minute: the record keeps no finer trace of when someone called. */
export function minuteOf(date: Date): string {
  return `${date.toISOString().slice(0, 16)}:00Z`;
}

/** Duration in whole minutes, rounded to the nearest minute. */
export function roundedMinutes(milliseconds: number): number {
  return Math.max(0, Math.round(milliseconds / 60_000));
}
