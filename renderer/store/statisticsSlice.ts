import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { StatisticsPeriod } from '../../shared/contract/schemas';
import type { StatisticsExportFormat, StatisticsReport } from '../../shared/hub/statisticsApi';
import type { Topic } from '../../shared/records/recordPolicy';
import { ApiCallError, call } from '../api/tavs';
import type { AppState } from './appStore';

export interface StatisticsView {
  /** The period last asked for; null until the view opens. */
  period: StatisticsPeriod | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  /** The report of `period` (kept while a new one loads, so the charts do not flicker). */
  report: StatisticsReport | null;
  error: ErrorCode | null;
  /** The workstation's topic names, for the topic chart (codes it does not know show as codes). */
  topics: Topic[];
  exporting: StatisticsExportFormat | null;
  /** The last export: the name it was saved under, null if the staff member cancelled. */
  exported: { format: StatisticsExportFormat; fileName: string | null } | null;
  exportError: ErrorCode | null;
}

export interface StatisticsSlice {
  statistics: StatisticsView;
  loadStatistics: (period: StatisticsPeriod) => Promise<void>;
  /** Exports the period on screen; the main process saves the file. */
  exportStatistics: (format: StatisticsExportFormat) => Promise<void>;
}

export const initialStatisticsView: StatisticsView = {
  period: null,
  status: 'idle',
  report: null,
  error: null,
  topics: [],
  exporting: null,
  exported: null,
  exportError: null,
};

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

export const createStatisticsSlice: StateCreator<AppState, [], [], StatisticsSlice> = (set, get) => {
  // Only the answer for the period on screen is shown: a slow answer for an earlier period, or
  // one arriving after logout (which resets the period), is dropped. Periods compare by identity.
  const current = (period: StatisticsPeriod): boolean => get().statistics.period === period;
  const patch = (changes: Partial<StatisticsView>): void => set((state) => ({ statistics: { ...state.statistics, ...changes } }));

  return {
    statistics: initialStatisticsView,
    loadStatistics: async (period) => {
      patch({ period, status: 'loading', error: null, exported: null, exportError: null });
      try {
        const [report, policy] = await Promise.all([
          call('statistics:get', period),
          get().statistics.topics.length > 0 ? Promise.resolve(null) : call('records:policy', {}).catch(() => null),
        ]);
        if (!current(period)) return;
        patch({ status: 'ready', report, ...(policy ? { topics: policy.topics } : {}) });
      } catch (error) {
        if (!current(period)) return;
        // A report of another period must not stay on screen under this one's dates.
        patch({ status: 'failed', report: null, error: codeOf(error) });
      }
    },
    exportStatistics: async (format) => {
      const { period, exporting } = get().statistics;
      if (!period || exporting) return;
      patch({ exporting: format, exported: null, exportError: null });
      try {
        const { fileName } = await call('statistics:export', { ...period, format });
        // The file is saved either way; its name is shown only under the period it holds.
        patch({ exporting: null, ...(current(period) ? { exported: { format, fileName } } : {}) });
      } catch (error) {
        patch({ exporting: null, ...(current(period) ? { exportError: codeOf(error) } : {}) });
      }
    },
  };
};

/** On logout nothing of the supervisor's statistics stays in the renderer. */
export const initialStatisticsShiftState = { statistics: initialStatisticsView } satisfies Partial<StatisticsSlice>;
