import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState, StatisticsExportResult, StatisticsPeriod } from '../../shared/contract/schemas';
import {
  STATISTICS_MAX_DAYS,
  daysInPeriod,
  statisticsExportFileName,
  type StatisticsExportFormat,
  type StatisticsReport,
} from '../../shared/hub/statisticsApi';
import { failureResult, type Refusals, type SessionFailure } from '../hub/failureResult';
import { describeFailure } from '../hub/hubClient';
import type { HubConnection, SessionResult } from '../hub/hubConnection';
import type { ExportTarget } from './exportTarget';
import type { Logger } from './logger';

/** What the service needs of the hub: the report and its export, under the session's token. */
export interface StatisticsHub {
  report(period: StatisticsPeriod): Promise<SessionResult<StatisticsReport>>;
  exportFile(period: StatisticsPeriod, format: StatisticsExportFormat): Promise<SessionResult<Buffer>>;
}

export function statisticsHubOf(connection: HubConnection): StatisticsHub {
  return {
    report: (period) => connection.authorized((client, token) => client.statistics(token, period)),
    exportFile: (period, format) => connection.authorized((client, token) => client.statisticsExport(token, { ...period, format })),
  };
}

const statisticsRoles: ReadonlySet<string> = new Set(['supervisor', 'administrator']);

const statisticsRefusals: Refusals = {
  // A shift refusal answers only a counsellor's shift login; statistics are not for counsellors.
  'outside-shift': { code: 'forbidden', message: 'the hub refuses statistics to this account' },
  forbidden: { code: 'forbidden', message: 'the hub refuses statistics to this account' },
  'invalid-request': { code: 'invalid-period', message: 'the hub does not accept this period' },
};

/**
 * The supervisor area's statistics (issue 6, point 5). The renderer asks here, never the hub
 * (its CSP allows no such connection, and the session's token stays in this process); the hub
 * has already hidden every small count, and this service passes the report on unchanged.
 * Exports are saved by the main process through an ExportTarget, so the renderer never handles
 * a download or a path.
 */
export class StatisticsService {
  constructor(
    private readonly hub: StatisticsHub | null,
    private readonly target: ExportTarget,
    private readonly session: () => SessionState,
    private readonly log: Logger,
  ) {}

  async report(period: StatisticsPeriod): Promise<ApiResult<StatisticsReport>> {
    const access = this.access(period);
    if (!access.ok) return access;
    const result = await access.value.report(period);
    if (!result.ok) return this.failed('report', result.failure);
    return ok(result.value);
  }

  async export(period: StatisticsPeriod, format: StatisticsExportFormat): Promise<ApiResult<StatisticsExportResult>> {
    const access = this.access(period);
    if (!access.ok) return access;
    const result = await access.value.exportFile(period, format);
    if (!result.ok) return this.failed('export', result.failure);
    let fileName: string | null;
    try {
      fileName = await this.target.save(statisticsExportFileName({ ...period, format }), result.value);
    } catch (error) {
      // The error's text may hold a path (with the staff member's user name): only its code is logged.
      this.log.error('statistics', 'export not saved', { format, code: errorCode(error) });
      return fail('export-failed', 'the export could not be saved');
    }
    this.log.info('statistics', fileName === null ? 'export cancelled' : 'exported', { format, days: daysInPeriod(period.from, period.to) });
    return ok({ fileName });
  }

  /** Who may ask, and for what period: the hub to ask, or why not. */
  private access(period: StatisticsPeriod): ApiResult<StatisticsHub> {
    const session = this.session();
    if (session.status !== 'active') return fail('not-logged-in', 'statistics need a logged-in supervisor or administrator');
    if (!statisticsRoles.has(session.role)) return fail('forbidden', 'statistics are for supervisors and administrators');
    const days = daysInPeriod(period.from, period.to);
    if (days < 1 || days > STATISTICS_MAX_DAYS) return fail('invalid-period', `a period runs forwards and covers at most ${STATISTICS_MAX_DAYS} days`);
    if (!this.hub) return fail('hub-not-configured', 'no hub is configured');
    return ok(this.hub);
  }

  private failed(what: 'report' | 'export', failure: SessionFailure): ApiResult<never> {
    if (failure.kind !== 'no-session') this.log.warn('statistics', `${what} failed`, { failure: describeFailure(failure) });
    return failureResult(failure, what, statisticsRefusals);
  }
}

function errorCode(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : 'unknown';
}
