import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { ShiftImportResult } from '../../shared/contract/schemas';
import type { Shift } from '../../shared/hub/shiftsApi';
import { ApiCallError, call } from '../api/tavs';
import { shiftEditOf, type ShiftFormValues } from '../shifts/shiftForm';
import { weekSpan } from '../shifts/shiftWeek';
import type { AppState } from './appStore';

export interface ShiftPlanView {
  /** The Monday (`YYYY-MM-DD`) of the week on screen; null until the tab opens. */
  weekStart: string | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  shifts: Shift[];
  error: ErrorCode | null;
  importing: boolean;
  importResult: ShiftImportResult | null;
  importError: ErrorCode | null;
}

export interface ShiftPlanSlice {
  shiftPlan: ShiftPlanView;
  loadShiftWeek: (weekStart: string) => Promise<void>;
  /** Resolves with null when saved (the week is reloaded), or with the hub's reason. */
  saveShift: (values: ShiftFormValues) => Promise<ErrorCode | null>;
  deleteShift: (id: string) => Promise<ErrorCode | null>;
  importShifts: (csv: string) => Promise<void>;
}

export const initialShiftPlanView: ShiftPlanView = {
  weekStart: null,
  status: 'idle',
  shifts: [],
  error: null,
  importing: false,
  importResult: null,
  importError: null,
};

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

export const createShiftPlanSlice: StateCreator<AppState, [], [], ShiftPlanSlice> = (set, get) => {
  const patch = (changes: Partial<ShiftPlanView>): void => set((state) => ({ shiftPlan: { ...state.shiftPlan, ...changes } }));
  // Only the latest request's answer is shown: paging quickly through weeks, or logging out
  // while one loads (which resets the plan), must not leave another week's shifts on screen.
  let request = 0;
  const active = (): boolean => get().session?.status === 'active';

  const reload = async (): Promise<void> => {
    const { weekStart } = get().shiftPlan;
    if (weekStart) await get().loadShiftWeek(weekStart);
  };

  return {
    shiftPlan: initialShiftPlanView,
    loadShiftWeek: async (weekStart) => {
      const asked = ++request;
      const sameWeek = get().shiftPlan.weekStart === weekStart;
      // The week's shifts stay while it reloads (no flicker after a save); another week's go at once.
      patch({ weekStart, status: 'loading', error: null, ...(sameWeek ? {} : { shifts: [] }) });
      try {
        const { shifts } = await call('shifts:list', weekSpan(weekStart));
        if (asked === request && get().shiftPlan.weekStart === weekStart) patch({ status: 'ready', shifts });
      } catch (error) {
        if (asked === request && get().shiftPlan.weekStart === weekStart) patch({ status: 'failed', shifts: [], error: codeOf(error) });
      }
    },
    saveShift: async (values) => {
      try {
        await call('shifts:save', shiftEditOf(values));
      } catch (error) {
        return codeOf(error);
      }
      await reload();
      return null;
    },
    deleteShift: async (id) => {
      try {
        await call('shifts:delete', { id });
      } catch (error) {
        return codeOf(error);
      }
      await reload();
      return null;
    },
    importShifts: async (csv) => {
      if (get().shiftPlan.importing) return;
      patch({ importing: true, importResult: null, importError: null });
      try {
        const importResult = await call('shifts:import', { csv });
        if (!active()) return;
        patch({ importing: false, importResult });
        if (importResult.created > 0) await reload();
      } catch (error) {
        if (active()) patch({ importing: false, importError: codeOf(error) });
      }
    },
  };
};

/** On logout nothing of the plan (names, times) stays in the renderer. */
export const initialShiftPlanShiftState = { shiftPlan: initialShiftPlanView } satisfies Partial<ShiftPlanSlice>;
