import type { FastifyInstance } from 'fastify';
import { SYNC_BATCH_PATH, syncBatchRequestSchema, type SyncBatchResponse } from '../../../shared/hub/syncApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import { ingestRecords } from './recordIngest';

/** Record sync: counsellors' workstations post batches from their outbox. */
export function registerRecordRoutes(app: FastifyInstance, context: HubContext, deps: { sessions: SessionVerifier; audit: AuditTrail }): void {
  app.post(SYNC_BATCH_PATH, { preHandler: requireRole(deps.sessions, 'counsellor', 'supervisor', 'administrator') }, async (request): Promise<SyncBatchResponse> => {
    const batch = parseOr400(syncBatchRequestSchema, request.body, 'record batch');
    const principal = principalOf(request);
    const now = context.now();
    const results = await context.db.transaction(async (tx) => {
      const answered = await ingestRecords(tx, batch.records, now);
      const count = (status: string): number => answered.filter((result) => result.status === status).length;
      await deps.audit.append(
        { actorId: principal.userId, action: 'records.batch', target: batch.batchId, details: { stored: count('stored'), duplicate: count('duplicate'), rejected: count('rejected') } },
        tx,
      );
      return answered;
    });
    return { results };
  });
}
