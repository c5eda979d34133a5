import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createSessionSlice, initialSessionShiftState, type SessionSlice } from './sessionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createSoftphoneSlice, initialSoftphoneShiftState, type SoftphoneSlice } from './softphoneSlice';

export type AppState = SessionSlice &
  SettingsSlice &
  ConnectionSlice &
  SoftphoneSlice & {
    /** Wipes all per-shift state; called when the session locks. */
    resetAll: () => void;
  };

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createSettingsSlice(...args),
  ...createConnectionSlice(...args),
  ...createSoftphoneSlice(...args),
  resetAll: () => {
    const [set] = args;
    // Later slices (chat, records) add their initial shift state here.
    set({ ...initialSessionShiftState, ...initialSoftphoneShiftState });
  },
}));
