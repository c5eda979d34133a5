import { z } from 'zod';
import { contactRecordSchema } from '../records/recordModel';

/**
 * Record sync, workstation outbox → hub (DESIGN.md I4). The workstation sends a batch of
 * finished records under their own ids; the hub answers per record. `stored` and `duplicate`
 * both mean "the hub has exactly this record": the workstation may delete its copy. `rejected`
 * means the hub will never take it as sent: the workstation quarantines it and shows the error.
 */
export const SYNC_BATCH_PATH = '/api/v1/records/batches';
export const SYNC_BATCH_MAX_RECORDS = 100;

/** Records are validated one by one on the hub, so one bad record cannot sink its batch. */
export const syncBatchRequestSchema = z
  .object({
    /** Random per batch: lets the hub's audit log tie the records of one send together. */
    batchId: z.string().uuid(),
    records: z.array(z.unknown()).min(1).max(SYNC_BATCH_MAX_RECORDS),
  })
  .strict();
export type SyncBatchRequest = { batchId: string; records: unknown[] };

export const syncRejectionCodes = [
  /** The record does not match the record schema. */
  'invalid-record',
  /** The record's id is already on the hub with other content. */
  'id-conflict',
  /** The record claims to start more than a day in the future. */
  'implausible-time',
] as const;
export type SyncRejectionCode = (typeof syncRejectionCodes)[number];

export const syncRecordResultSchema = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('stored') }),
  z.object({ id: z.string(), status: z.literal('duplicate') }),
  z.object({ id: z.string(), status: z.literal('rejected'), error: z.enum(syncRejectionCodes), message: z.string() }),
]);
export type SyncRecordResult = z.infer<typeof syncRecordResultSchema>;

/** One result per record, in the order sent. A record without a readable id is answered by index. */
export const syncBatchResponseSchema = z.object({ results: z.array(syncRecordResultSchema) });
export type SyncBatchResponse = z.infer<typeof syncBatchResponseSchema>;

export { contactRecordSchema as syncedRecordSchema };
