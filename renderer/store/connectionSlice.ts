import type { StateCreator } from 'zustand';
import type { AppInfo, ConnectionState } from '../../shared/contract/schemas';
import type { AppState } from './appStore';

export interface ConnectionSlice {
  /** Whether the renderer reaches the main process at all. */
  api: 'connecting' | 'online' | 'offline';
  appInfo: AppInfo | null;
  links: ConnectionState;
  setApi: (api: ConnectionSlice['api'], appInfo?: AppInfo) => void;
  setLinks: (links: ConnectionState) => void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  api: 'connecting',
  appInfo: null,
  links: { hub: 'not-configured', sip: 'not-configured' },
  setApi: (api, appInfo) => set(appInfo ? { api, appInfo } : { api }),
  setLinks: (links) => set({ links }),
});
