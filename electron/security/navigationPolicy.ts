import { APP_ENTRY_URL, isAppUrl } from './appOrigin';

/**
 * The UI is a single page loaded once. Any later navigation, redirect, new window, webview or
 * download is refused, whatever the URL: a link in a chat message or a compromised dependency
 * must not be able to take the kiosk somewhere else.
 */
export type WindowOpenDecision = { action: 'deny' };

export function decideWindowOpen(): WindowOpenDecision {
  return { action: 'deny' };
}

/** `will-navigate` / `will-frame-navigate` / `will-redirect`: always prevented. */
export function allowNavigation(): false {
  return false;
}

/** `will-attach-webview`: always prevented (the window also has `webviewTag: false`). */
export function allowWebviewAttach(): false {
  return false;
}

/** `will-download`: always cancelled. */
export function allowDownload(): false {
  return false;
}

/** `certificate-error`: never trust a certificate Chromium rejected. */
export function trustCertificateError(): false {
  return false;
}

/**
 * Network requests the window's session may make. The app's own bundle, plus the devtools
 * scheme in development, plus explicitly configured endpoints (the SIP/hub sockets are opened by
 * the main process, not the renderer, so production needs none).
 */
export function allowRequest(url: string, options: { development: boolean }): boolean {
  if (isAppUrl(url)) return true;
  if (options.development && url.startsWith('devtools://')) return true;
  // Chromium fetches WebRTC blobs and data: images from within the page; they never leave it.
  return url.startsWith('blob:app://tavs/') || url.startsWith('data:');
}

export const entryUrl = APP_ENTRY_URL;
