import { protocol } from 'electron';
import { APP_SCHEME } from '../security/appOrigin';
import { appBundleResponse } from './appBundleResponse';

/** Must run before `app.ready`: gives app:// a real, secure origin for CSP and permissions. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the renderer bundle from inside the app (ASAR); nothing is ever fetched remotely. */
export function serveAppBundle(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => appBundleResponse(rendererRoot, request));
}
