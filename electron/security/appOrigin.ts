/**
 * The app's UI is served from this custom scheme and nothing else: no http, no file://.
 * `app://tavs/` is a standard, secure scheme (registered privileged in main.ts), so it has a
 * real origin that CSP 'self' and the permission checks can rely on.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tavs';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs of the app's own bundle (exact scheme and host, no credentials or port). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export function isAppOrigin(origin: string): boolean {
  return origin === APP_ORIGIN || origin === `${APP_ORIGIN}/`;
}
