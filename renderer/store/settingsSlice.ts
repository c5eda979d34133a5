import type { StateCreator } from 'zustand';
import type { Locale } from '../../shared/contract/schemas';
import { call } from '../api/tavs';
import type { AppState } from './appStore';

export interface SettingsSlice {
  locale: Locale;
  setLocale: (locale: Locale) => Promise<void>;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  locale: 'da',
  setLocale: async (locale) => {
    // Optimistic: the switch must feel instant; the main process stores it for next start.
    set({ locale });
    const saved = await call('settings:setLocale', { locale });
    set({ locale: saved.locale });
  },
});
