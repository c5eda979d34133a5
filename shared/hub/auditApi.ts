import { z } from 'zod';

/**
 * The hub's audit log as administrators read it: who did what, when, never content or caller
 * data. Entries form a hash chain (each hash covers the previous one), so a changed, removed or
 * inserted entry shows up as a break at its sequence number.
 */
export const AUDIT_PATH = '/api/v1/audit';
export const AUDIT_PAGE_MAX = 1000;

/** GET AUDIT_PATH?afterSeq=&limit= : entries with seq > afterSeq, oldest first. */
export const auditQuerySchema = z
  .object({
    afterSeq: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const auditDetailValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const auditEntrySchema = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  /** The acting user, or null for the hub itself and the admin CLI. */
  actorId: z.uuid().nullable(),
  /** The actor's current user name, for reading; not part of the hashed entry. */
  actorUsername: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), auditDetailValueSchema),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The whole chain checked from the first entry: intact (with its newest hash), or where it breaks. */
export const auditChainStatusSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int().min(0), headHash: z.string() }),
  z.object({ ok: z.literal(false), brokenAtSeq: z.number().int().min(1) }),
]);
export type AuditChainStatus = z.infer<typeof auditChainStatusSchema>;

export const auditPageResponseSchema = z.object({ entries: z.array(auditEntrySchema), chain: auditChainStatusSchema });
export type AuditPageResponse = z.infer<typeof auditPageResponseSchema>;
