import type { StateCreator } from 'zustand';
import type { AppInfo, ConnectionState, SyncStatus } from '../../shared/contract/schemas';
import type { AppState } from './appStore';

export interface ConnectionSlice {
  /** Whether the renderer reaches the main process at all. */
  api: 'connecting' | 'online' | 'offline';
  appInfo: AppInfo | null;
  links: ConnectionState;
  /** The record outbox: what is not on the hub yet, and what the hub refused. */
  sync: SyncStatus;
  setApi: (api: ConnectionSlice['api'], appInfo?: AppInfo) => void;
  setLinks: (links: ConnectionState) => void;
  setSync: (sync: SyncStatus) => void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  api: 'connecting',
  appInfo: null,
  links: { hub: 'not-configured', sip: 'not-configured' },
  sync: { pending: 0, quarantined: 0, lastError: null, lastSyncedAt: null },
  setApi: (api, appInfo) => set(appInfo ? { api, appInfo } : { api }),
  setLinks: (links) => set({ links }),
  setSync: (sync) => set({ sync }),
});
