import path from 'node:path';
import { ok } from '../../shared/contract/result';
import type { AppInfo, ConnectionState } from '../../shared/contract/schemas';
import { ApiHost } from '../api/apiHost';
import type { Authenticator } from './authenticator';
import type { Logger } from './logger';
import { SessionService } from './sessionService';
import { SettingsService } from './settingsService';

export interface WorkstationConfig {
  dataDir: string;
  version: string;
  transport: AppInfo['transport'];
  packaged: boolean;
  authenticator: Authenticator;
  log: Logger;
}

/**
 * The main-process services, wired to the API. Electron-free: `main.ts` puts it behind IPC,
 * the development launcher behind the bridge; both get the same behaviour.
 */
export function createWorkstation(config: WorkstationConfig): { host: ApiHost; dispose: () => void } {
  const { log } = config;
  const settings = new SettingsService(path.join(config.dataDir, 'settings.json'), log);
  // Later issues replace these with live link states from the hub and SIP clients.
  const connection: ConnectionState = { hub: 'not-configured', sip: 'not-configured' };
  const info: AppInfo = { version: config.version, transport: config.transport, packaged: config.packaged };

  // The session pushes its changes through the host, which is created below with the handlers
  // that use the session: the callback runs only after both exist.
  const session = new SessionService(config.authenticator, log, (state) => host.emit('session:changed', state));
  const host: ApiHost = new ApiHost(
    {
      'app:info': () => Promise.resolve(ok(info)),
      'settings:get': () => Promise.resolve(ok(settings.get())),
      'settings:setLocale': ({ locale }) => Promise.resolve(ok(settings.setLocale(locale))),
      'session:get': () => Promise.resolve(ok(session.get())),
      'session:login': ({ username, password }) => session.login(username, password),
      'session:logout': () => Promise.resolve(ok(session.logout())),
      'connection:get': () => Promise.resolve(ok(connection)),
    },
    log,
  );
  return { host, dispose: () => session.logout() };
}
