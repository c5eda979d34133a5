import type { FastifyInstance } from 'fastify';
import {
  STATISTICS_EXPORT_PATH,
  STATISTICS_PATH,
  statisticsExportFileName,
  statisticsExportQuerySchema,
  statisticsQuerySchema,
  type StatisticsReport,
} from '../../../shared/hub/statisticsApi';
import type { AuditTrail } from '../audit/auditTrail';
import type { HubContext } from '../hubContext';
import { parseOr400 } from '../http/httpError';
import { principalOf, requireRole, type SessionVerifier } from '../http/principal';
import { statisticsCsv } from './statisticsCsv';
import { queryStatisticsCounts } from './statisticsQueries';
import { buildStatisticsReport } from './statisticsReport';
import { statisticsXlsx } from './statisticsXlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The published (suppressed) report for a period, under the hub's policy. */
export async function statisticsReportFor(context: HubContext, period: { from: string; to: string }): Promise<StatisticsReport> {
  const { minimumCellSize: k, timeZone } = context.policy.statistics;
  const counts = await queryStatisticsCounts(context.db, period, timeZone);
  return buildStatisticsReport(counts, { period: { from: period.from, to: period.to }, k, timeZone });
}

/**
 * Statistics for supervisors and administrators: the report as JSON, or the same report as a
 * CSV or XLSX download. Every request is in the audit log (who looked at which period), since
 * comparing the reports of overlapping periods is how one would try to get around suppression.
 */
export function registerStatisticsRoutes(app: FastifyInstance, context: HubContext, deps: { sessions: SessionVerifier; audit: AuditTrail }): void {
  const preHandler = requireRole(deps.sessions, 'supervisor', 'administrator');

  app.get(STATISTICS_PATH, { preHandler }, async (request, reply): Promise<StatisticsReport> => {
    const query = parseOr400(statisticsQuerySchema, request.query, 'statistics query');
    const report = await statisticsReportFor(context, query);
    await deps.audit.append({ actorId: principalOf(request).userId, action: 'statistics.view', details: { from: query.from, to: query.to } });
    void reply.header('cache-control', 'no-store');
    return report;
  });

  app.get(STATISTICS_EXPORT_PATH, { preHandler }, async (request, reply) => {
    const query = parseOr400(statisticsExportQuerySchema, request.query, 'statistics export query');
    const report = await statisticsReportFor(context, query);
    const body = query.format === 'csv' ? statisticsCsv(report) : await statisticsXlsx(report, context.now());
    await deps.audit.append({ actorId: principalOf(request).userId, action: 'statistics.export', details: { from: query.from, to: query.to, format: query.format } });
    return reply
      .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
      .header('content-disposition', `attachment; filename="${statisticsExportFileName(query)}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
