import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { serveApiOverIpc } from './api/ipcTransport';
import { hubConfigIfPresent } from './hub/hubConfig';
import { APP_ENTRY_URL } from './security/appOrigin';
import { createKioskWindow } from './security/windowOptions';
import { noHubAuthenticator } from './services/authenticator';
import { softphoneSettingsIfPresent } from './sip/softphoneSettings';
import { dialogExportTarget } from './services/exportTarget';
import { createLogger } from './services/logger';
import { loadRecordPolicy } from './services/recordPolicyFile';
import { openRecordStore } from './store/openRecordStore';
import { safeStorageSecretStore } from './store/safeStorageSecretStore';
import { createWorkstation } from './services/workstation';
import { registerAppScheme, serveAppBundle } from './shell/appProtocol';
import { hardenApp, hardenSession } from './shell/hardening';
import { powerMonitorActivity } from './shell/powerMonitorActivity';

// Wiring only: every rule lives in ./security as data or a pure function, every service in
// ./services as plain Node code.

const development = !app.isPackaged;
const mode = { development };

app.enableSandbox();
registerAppScheme();
hardenApp(app, mode);
Menu.setApplicationMenu(null);

let window: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function start(): void {
  const dataDir = app.getPath('userData');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = createLogger({ file: path.join(dataDir, 'tavs.log'), echo: development });

  hardenSession(session.defaultSession, mode);
  serveAppBundle(path.join(__dirname, '..', 'renderer'));

  const workstation = createWorkstation({
    dataDir,
    version: app.getVersion(),
    transport: 'ipc',
    packaged: app.isPackaged,
    // Without a (valid) hub.json nobody can log in: the workstation stays locked.
    authenticator: noHubAuthenticator,
    hub: hubConfigIfPresent(path.join(dataDir, 'hub.json'), (problem) => log.error('main', problem)),
    softphone: softphoneSettingsIfPresent(path.join(dataDir, 'softphone.json'), (problem) => log.error('main', problem)),
    // Electron's safeStorage (the OS keychain behind it) protects the store key in production.
    openRecordStore: () => openRecordStore({ file: path.join(dataDir, 'records.db'), secrets: safeStorageSecretStore(dataDir), log }),
    recordPolicy: loadRecordPolicy(path.join(dataDir, 'records-policy.json'), (problem) => log.error('main', problem)),
    // Statistics exports: the system's save dialog (downloads stay blocked in the window, I5).
    exportTarget: dialogExportTarget((options) => (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options)), app.getPath('documents')),
    // Screen lock, suspend and input idleness for the counsellor's presence.
    systemActivity: powerMonitorActivity(),
    log,
  });
  serveApiOverIpc(workstation.host, () => window?.webContents);

  window = createKioskWindow(BrowserWindow, { preloadPath: path.join(__dirname, 'preload.cjs'), development });
  window.setContentProtection(true);
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = undefined;
  });
  app.on('before-quit', () => workstation.dispose());
  void window.loadURL(APP_ENTRY_URL);
  log.info('main', 'started', { packaged: app.isPackaged });
}
