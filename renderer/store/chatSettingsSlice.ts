import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { CannedRepliesInput, CannedReply, ChatSchedule, ChatScheduleView } from '../../shared/hub/chatApi';
import { ApiCallError, call } from '../api/tavs';
import type { AppState } from './appStore';

export interface ChatSettingsView {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  replies: CannedReply[];
  /** The opening hours as the hub sees them now (open or closed, the next change); null until loaded. */
  schedule: ChatScheduleView | null;
  error: ErrorCode | null;
  /** Bumped by each load, so the editors start again from what the hub holds. */
  loaded: number;
}

export interface ChatSettingsSlice {
  chatSettings: ChatSettingsView;
  /** Called when the administrator opens "Chatindstillinger". */
  loadChatSettings: () => Promise<void>;
  /** Resolves with null when saved, or with the hub's reason (nothing was changed then). */
  saveCannedReplies: (input: CannedRepliesInput) => Promise<ErrorCode | null>;
  saveChatSchedule: (schedule: ChatSchedule) => Promise<ErrorCode | null>;
}

export const initialChatSettingsView: ChatSettingsView = { status: 'idle', replies: [], schedule: null, error: null, loaded: 0 };

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

export const createChatSettingsSlice: StateCreator<AppState, [], [], ChatSettingsSlice> = (set, get) => {
  const patch = (changes: Partial<ChatSettingsView>): void => set((state) => ({ chatSettings: { ...state.chatSettings, ...changes } }));
  const active = (): boolean => get().session?.status === 'active';
  let request = 0;

  return {
    chatSettings: initialChatSettingsView,
    loadChatSettings: async () => {
      const asked = ++request;
      patch({ status: 'loading', error: null });
      try {
        const { replies, schedule } = await call('chatSettings:get', {});
        if (asked === request && active()) patch({ status: 'ready', replies, schedule, loaded: get().chatSettings.loaded + 1 });
      } catch (error) {
        if (asked === request && active()) patch({ status: 'failed', error: codeOf(error) });
      }
    },
    saveCannedReplies: async (input) => {
      try {
        const { replies } = await call('chatSettings:saveCannedReplies', input);
        if (active()) patch({ replies });
        return null;
      } catch (error) {
        return codeOf(error);
      }
    },
    saveChatSchedule: async (schedule) => {
      try {
        const view = await call('chatSettings:saveSchedule', schedule);
        if (active()) patch({ schedule: view });
        return null;
      } catch (error) {
        return codeOf(error);
      }
    },
  };
};

export const initialChatSettingsShiftState = { chatSettings: initialChatSettingsView } satisfies Partial<ChatSettingsSlice>;
