import type { FastifyInstance } from 'fastify';
import { AUDIT_PATH, auditQuerySchema, type AuditPageResponse } from '../../../shared/hub/auditApi';
import { parseOr400 } from '../http/httpError';
import { requireRole, type SessionVerifier } from '../http/principal';
import type { AuditLog } from './auditLog';

/** Administrators read the log page by page; every page says whether the whole chain holds. */
export function registerAuditRoutes(app: FastifyInstance, audit: Pick<AuditLog, 'entries' | 'verify'>, sessions: SessionVerifier): void {
  app.get(AUDIT_PATH, { preHandler: requireRole(sessions, 'administrator') }, async (request): Promise<AuditPageResponse> => {
    const query = parseOr400(auditQuerySchema, request.query, 'audit query');
    const [entries, chain] = await Promise.all([audit.entries(query.afterSeq, query.limit), audit.verify()]);
    return { entries, chain };
  });
}
