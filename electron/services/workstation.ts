import path from 'node:path';
import { ok } from '../../shared/contract/result';
import type { AppInfo, ConnectionState } from '../../shared/contract/schemas';
import { ApiHost } from '../api/apiHost';
import type { SoftphoneSettings } from '../sip/softphoneSettings';
import type { RecordStore } from '../store/recordStore';
import { defaultRecordPolicy, type RecordPolicy } from '../../shared/records/recordPolicy';
import { RecordService } from './recordService';
import type { Authenticator } from './authenticator';
import type { Logger } from './logger';
import { SessionService } from './sessionService';
import { SettingsService } from './settingsService';
import { SoftphoneService } from './softphoneService';

export interface WorkstationConfig {
  dataDir: string;
  version: string;
  transport: AppInfo['transport'];
  packaged: boolean;
  authenticator: Authenticator;
  /** null: no SIP server configured, the phone stays off. */
  softphone: SoftphoneSettings | null;
  /** Opens the encrypted record store (with its key from the OS keychain). */
  openRecordStore: () => Promise<RecordStore>;
  recordPolicy?: RecordPolicy;
  log: Logger;
}

/**
 * The main-process services, wired to the API. Electron-free: `main.ts` puts it behind IPC,
 * the development launcher behind the bridge; both get the same behaviour.
 */
export function createWorkstation(config: WorkstationConfig): { host: ApiHost; ready: Promise<void>; dispose: () => void } {
  const { log } = config;
  const settings = new SettingsService(path.join(config.dataDir, 'settings.json'), log);
  // The hub link joins when the hub exists; the SIP link follows the relay.
  const connection: ConnectionState = { hub: 'not-configured', sip: config.softphone ? 'offline' : 'not-configured' };
  const info: AppInfo = { version: config.version, transport: config.transport, packaged: config.packaged };

  // The session pushes its changes through the host, which is created below with the handlers
  // that use the session: the callback runs only after both exist.
  const session = new SessionService(config.authenticator, log, (state) => {
    host.emit('session:changed', state);
    softphone.onSessionChange(state);
  });
  const softphone: SoftphoneService = new SoftphoneService(
    config.softphone,
    config.dataDir,
    log,
    (event, payload) => host.emit(event, payload),
    () => session.get(),
    (sip) => {
      connection.sip = sip;
      host.emit('connection:changed', { ...connection });
    },
    (): boolean => records.getStatus().state !== 'unavailable',
    (flag): boolean => records.keepEmergency(flag),
  );
  const records: RecordService = new RecordService(
    config.recordPolicy ?? defaultRecordPolicy,
    log,
    () => ({ state: session.get(), shiftId: session.shiftId() }),
    (callId) => softphone.callFacts(callId),
  );
  const host: ApiHost = new ApiHost(
    {
      'app:info': () => Promise.resolve(ok(info)),
      'settings:get': () => Promise.resolve(ok(settings.get())),
      'settings:setLocale': ({ locale }) => Promise.resolve(ok(settings.setLocale(locale))),
      'session:get': () => Promise.resolve(ok(session.get())),
      'session:login': ({ username, password }) => session.login(username, password),
      'session:logout': () => Promise.resolve(ok(session.logout())),
      'connection:get': () => Promise.resolve(ok(connection)),
      'softphone:config': () => Promise.resolve(softphone.config()),
      'sip:connect': () => softphone.connect(),
      'sip:disconnect': () => Promise.resolve(ok(softphone.disconnect())),
      'sip:send': ({ message }) => Promise.resolve(softphone.send(message)),
      'call:flagEmergency': ({ callId }) => Promise.resolve(softphone.flagEmergency(callId)),
      'records:status': () => Promise.resolve(ok(records.getStatus())),
      'records:policy': () => Promise.resolve(ok(records.getPolicy())),
      'records:startDraft': (request) => Promise.resolve(records.startDraft(request)),
      'records:saveDraft': ({ draftId, form }) => Promise.resolve(records.saveDraft(draftId, form)),
      'records:submit': ({ draftId, form }) => Promise.resolve(records.submit(draftId, form)),
      'records:listShift': () => Promise.resolve(records.listShift()),
    },
    log,
  );
  return {
    host,
    ready: records.open(config.openRecordStore),
    dispose: () => {
      session.logout();
      softphone.dispose();
      records.close();
    },
  };
}
