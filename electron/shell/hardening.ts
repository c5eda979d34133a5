import type { App, Session, WebContents } from 'electron';
import {
  allowDownload,
  allowNavigation,
  allowRequest,
  allowWebviewAttach,
  decideWindowOpen,
  trustCertificateError,
} from '../security/navigationPolicy';
import { allowPermissionCheck, allowPermissionRequest } from '../security/permissionPolicy';
import { isBlockedShortcut } from '../security/shortcutPolicy';

interface Mode {
  development: boolean;
}

/**
 * Applies the pure policies in ../security to Electron's hooks. Every web contents gets them,
 * including ones nobody expected to exist (`web-contents-created`).
 */
export function hardenApp(app: App, mode: Mode): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, mode));
  app.on('certificate-error', (event, _contents, _url, _error, _certificate, callback) => {
    event.preventDefault();
    callback(trustCertificateError());
  });
}

export function hardenWebContents(contents: WebContents, mode: Mode): void {
  contents.setWindowOpenHandler(decideWindowOpen);
  const refuseNavigation = (event: Electron.Event): void => {
    if (!allowNavigation()) event.preventDefault();
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-frame-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => {
    if (!allowWebviewAttach()) event.preventDefault();
  });
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, mode)) event.preventDefault();
  });
}

export function hardenSession(session: Session, mode: Mode): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowPermissionRequest({ permission, requestingUrl: details.requestingUrl, mediaTypes }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermissionCheck({ permission, requestingOrigin, mediaType: details.mediaType }),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.on('will-download', (event, item) => {
    if (!allowDownload()) {
      event.preventDefault();
      item.cancel();
    }
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !allowRequest(details.url, mode) });
  });
}
