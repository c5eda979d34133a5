import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createRecordsSlice, initialRecordsShiftState, type RecordsSlice } from './recordsSlice';
import { createSessionSlice, initialSessionShiftState, type SessionSlice } from './sessionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createSoftphoneSlice, initialSoftphoneShiftState, type SoftphoneSlice } from './softphoneSlice';
import { createStatisticsSlice, initialStatisticsShiftState, type StatisticsSlice } from './statisticsSlice';

export type AppState = SessionSlice &
  SettingsSlice &
  ConnectionSlice &
  SoftphoneSlice &
  RecordsSlice &
  StatisticsSlice & {
    /** Wipes all per-shift state; called when the session locks. */
    resetAll: () => void;
  };

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createSettingsSlice(...args),
  ...createConnectionSlice(...args),
  ...createSoftphoneSlice(...args),
  ...createRecordsSlice(...args),
  ...createStatisticsSlice(...args),
  resetAll: () => {
    const [set, get] = args;
    get().stopRecords();
    // Later slices (chat) add their initial shift state here.
    set({ ...initialSessionShiftState, ...initialSoftphoneShiftState, ...initialRecordsShiftState, ...initialStatisticsShiftState });
  },
}));
