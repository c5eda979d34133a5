import { call, isApiAvailable, subscribe } from '../api/tavs';
import { useAppStore } from './appStore';

/**
 * Subscribes the store to the main process's events, then loads the initial state.
 * Subscribing first means no change can fall between the load and the subscription.
 */
export async function connectStore(): Promise<void> {
  const store = useAppStore.getState();
  if (!isApiAvailable()) {
    store.setApi('offline');
    return;
  }
  subscribe('session:changed', (session) => useAppStore.getState().setSession(session));
  subscribe('connection:changed', (links) => useAppStore.getState().setLinks(links));
  subscribe('sync:status', (sync) => useAppStore.getState().setSync(sync));
  subscribe('shift:changed', (shift) => useAppStore.getState().setShift(shift));
  subscribe('board:changed', (board) => useAppStore.getState().applyBoard(board));
  subscribe('chat:changed', (desk) => useAppStore.getState().applyChatDesk(desk));
  try {
    const [info, settings, session, links, sync] = await Promise.all([
      call('app:info', {}),
      call('settings:get', {}),
      call('session:get', {}),
      call('connection:get', {}),
      call('sync:status', {}),
    ]);
    useAppStore.setState({ locale: settings.locale, links, sync });
    store.setSession(session);
    store.setApi('online', info);
  } catch {
    store.setApi('offline');
  }
}
