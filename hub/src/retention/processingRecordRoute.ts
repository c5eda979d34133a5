import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../hubContext';
import { requireRole, type SessionVerifier } from '../http/principal';
import { processingRecordMarkdown } from './processingRecord';

export const PROCESSING_RECORD_PATH = '/api/v1/admin/processing-record';

/** The record of processing activities, as Markdown, for administrators. */
export function registerProcessingRecordRoute(app: FastifyInstance, context: HubContext, sessions: SessionVerifier): void {
  app.get(PROCESSING_RECORD_PATH, { preHandler: requireRole(sessions, 'administrator') }, async (_request, reply) =>
    reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', 'attachment; filename="fortegnelse.md"')
      .send(processingRecordMarkdown(context.policy, context.now())),
  );
}
