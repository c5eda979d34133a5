import { create } from 'zustand';
import { createBoardSlice, initialBoardShiftState, type BoardSlice } from './boardSlice';
import { createChatSettingsSlice, initialChatSettingsShiftState, type ChatSettingsSlice } from './chatSettingsSlice';
import { createChatSlice, initialChatShiftState, type ChatSlice } from './chatSlice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createRecordsSlice, initialRecordsShiftState, type RecordsSlice } from './recordsSlice';
import { createSessionSlice, initialSessionShiftState, type SessionSlice } from './sessionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createShiftPlanSlice, initialShiftPlanShiftState, type ShiftPlanSlice } from './shiftPlanSlice';
import { createShiftSlice, initialShiftShiftState, type ShiftSlice } from './shiftSlice';
import { createSoftphoneSlice, initialSoftphoneShiftState, type SoftphoneSlice } from './softphoneSlice';
import { createStatisticsSlice, initialStatisticsShiftState, type StatisticsSlice } from './statisticsSlice';

export type AppState = SessionSlice &
  SettingsSlice &
  ConnectionSlice &
  SoftphoneSlice &
  RecordsSlice &
  StatisticsSlice &
  ShiftSlice &
  BoardSlice &
  ShiftPlanSlice &
  ChatSlice &
  ChatSettingsSlice & {
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
  ...createShiftSlice(...args),
  ...createBoardSlice(...args),
  ...createShiftPlanSlice(...args),
  ...createChatSlice(...args),
  ...createChatSettingsSlice(...args),
  resetAll: () => {
    const [set, get] = args;
    get().stopRecords();
    get().stopChat();
    // What stays is the workstation's own: the language, the links' state and the outbox
    // count, none of it about a person.
    set({
      ...initialSessionShiftState,
      ...initialSoftphoneShiftState,
      ...initialRecordsShiftState,
      ...initialStatisticsShiftState,
      ...initialShiftShiftState,
      ...initialBoardShiftState,
      ...initialShiftPlanShiftState,
      ...initialChatShiftState,
      ...initialChatSettingsShiftState,
    });
  },
}));
