import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { SessionState } from '../../shared/contract/schemas';
import { ApiCallError, call } from '../api/tavs';
import type { AppState } from './appStore';

export interface SessionSlice {
  /** null until the main process has told us; the UI shows a start-up screen meanwhile. */
  session: SessionState | null;
  loginPending: boolean;
  loginError: ErrorCode | null;
  setSession: (session: SessionState) => void;
  /** `totp`: the one-time code, if the staff member typed one. */
  login: (username: string, password: string, totp?: string) => Promise<void>;
  logout: () => Promise<void>;
}

const shiftState = { loginPending: false, loginError: null } satisfies Partial<SessionSlice>;

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  session: null,
  ...shiftState,
  setSession: (session) => {
    // Leaving a shift wipes everything the shift put into the renderer.
    if (session.status === 'locked' && get().session?.status === 'active') get().resetAll();
    set({ session });
  },
  login: async (username, password, totp) => {
    set({ loginPending: true, loginError: null });
    try {
      const code = totp?.trim();
      get().setSession(await call('session:login', { username, password, ...(code ? { totp: code } : {}) }));
      set({ loginPending: false });
    } catch (error) {
      set({ loginPending: false, loginError: error instanceof ApiCallError ? error.code : 'internal' });
    }
  },
  logout: async () => {
    // Hang up and unregister while the SIP link still exists: the main process closes it as
    // soon as the session locks, and a caller must hear the call end, not silence.
    await get().stopSoftphone();
    // The last keystroke's draft save goes out before the session (and with it the store) closes.
    await get().flushRecords();
    try {
      get().setSession(await call('session:logout', {}));
    } catch (error) {
      // Still on shift after all: still reachable.
      get().startSoftphone();
      throw error;
    }
  },
});

export const initialSessionShiftState = shiftState;
