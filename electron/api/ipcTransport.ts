import { ipcMain, type WebContents } from 'electron';
import { requestChannels } from '../../shared/contract/channels';
import { fail } from '../../shared/contract/result';
import { isTrustedSender } from '../security/senderPolicy';
import type { ApiHost } from './apiHost';

/**
 * The production transport: one `ipcMain.handle` per contract channel, each checking that the
 * request came from the app's own top-level frame before the host validates the payload.
 */
export function serveApiOverIpc(host: ApiHost, target: () => WebContents | undefined): () => void {
  for (const channel of requestChannels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame ? { url: frame.url, isTopLevel: frame.parent === null } : null)) {
        return fail('forbidden-sender', `${channel} refused: sender is not the app's UI`);
      }
      return host.dispatch(channel, payload);
    });
  }
  const removeSink = host.addEventSink((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  });
  return () => {
    removeSink();
    for (const channel of requestChannels) ipcMain.removeHandler(channel);
  };
}
