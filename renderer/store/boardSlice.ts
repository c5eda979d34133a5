import type { StateCreator } from 'zustand';
import type { ErrorCode } from '../../shared/contract/result';
import type { AwayReason, BoardLogoutRequest, BoardSnapshot } from '../../shared/hub/presenceApi';
import { ApiCallError, call } from '../api/tavs';
import { initialBoardFilter, type BoardFilter } from '../board/boardFilter';
import type { AppState } from './appStore';

export interface BoardView {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  snapshot: BoardSnapshot | null;
  /** When this workstation received `snapshot` (ms), for time in state on the hub's clock. */
  receivedAt: number;
  error: ErrorCode | null;
  filter: BoardFilter;
}

export interface BoardSlice {
  board: BoardView;
  /** Called when the "Vagten" tab opens; live updates then come as `board:changed`. */
  loadBoard: () => Promise<void>;
  applyBoard: (snapshot: BoardSnapshot) => void;
  setBoardFilter: (change: Partial<BoardFilter>) => void;
  /** Resolves with null when the hub took the command, or with the reason it did not. */
  logoutCounsellor: (userId: string, request: BoardLogoutRequest) => Promise<ErrorCode | null>;
  setCounsellorState: (userId: string, state: 'away' | 'available', awayReason: AwayReason | null) => Promise<ErrorCode | null>;
  /** A supervisor has seen a chat emergency; the next snapshot no longer carries it. */
  acknowledgeAlert: (alertId: string) => Promise<ErrorCode | null>;
}

export const initialBoardView: BoardView = { status: 'idle', snapshot: null, receivedAt: 0, error: null, filter: initialBoardFilter };

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiCallError ? error.code : 'internal');

/**
 * Whether `next` should replace `current`: the answer to `board:get` and the pushed updates
 * can cross, and an older snapshot must never overwrite a newer one.
 */
export function isNewerSnapshot(current: BoardSnapshot | null, next: BoardSnapshot): boolean {
  return current === null || Date.parse(next.generatedAt) >= Date.parse(current.generatedAt);
}

export const createBoardSlice: StateCreator<AppState, [], [], BoardSlice> = (set, get) => {
  const patch = (changes: Partial<BoardView>): void => set((state) => ({ board: { ...state.board, ...changes } }));
  /** The board is for supervisors and administrators of the session that is logged in now. */
  const watching = (): boolean => {
    const { session } = get();
    return session?.status === 'active' && session.role !== 'counsellor';
  };

  return {
    board: initialBoardView,
    loadBoard: async () => {
      if (!watching()) return;
      patch({ status: get().board.snapshot ? 'ready' : 'loading', error: null });
      try {
        get().applyBoard(await call('board:get', {}));
      } catch (error) {
        if (watching()) patch({ status: 'failed', error: codeOf(error) });
      }
    },
    applyBoard: (snapshot) => {
      if (!watching() || !isNewerSnapshot(get().board.snapshot, snapshot)) return;
      patch({ status: 'ready', snapshot, receivedAt: Date.now(), error: null });
    },
    setBoardFilter: (change) => patch({ filter: { ...get().board.filter, ...change } }),
    logoutCounsellor: async (userId, request) => {
      try {
        await call('board:logout', { userId, ...request });
        return null;
      } catch (error) {
        return codeOf(error);
      }
    },
    setCounsellorState: async (userId, state, awayReason) => {
      try {
        await call('board:setState', { userId, state, awayReason });
        return null;
      } catch (error) {
        return codeOf(error);
      }
    },
    acknowledgeAlert: async (alertId) => {
      try {
        await call('board:acknowledgeAlert', { alertId });
        return null;
      } catch (error) {
        return codeOf(error);
      }
    },
  };
};

/** On logout nothing of the board (names, states) stays in the renderer. */
export const initialBoardShiftState = { board: initialBoardView } satisfies Partial<BoardSlice>;
