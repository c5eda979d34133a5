import { isAppUrl } from './appOrigin';

/**
 * An IPC request is served only when it comes from the app's own UI in a top-level frame.
 * Anything else (a subframe, a page that somehow got loaded, a detached frame) is refused.
 */
export interface SenderFrame {
  url: string;
  isTopLevel: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.isTopLevel && isAppUrl(frame.url);
}
