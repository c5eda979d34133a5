import path from 'node:path';
import { ok } from '../../shared/contract/result';
import type { AppInfo, ConnectionState } from '../../shared/contract/schemas';
import { ApiHost } from '../api/apiHost';
import { hubAuthenticator } from '../hub/hubAuthenticator';
import { HubClient, type HubTimeouts } from '../hub/hubClient';
import type { HubConfig } from '../hub/hubConfig';
import { HubConnection, type HubConnectionOptions } from '../hub/hubConnection';
import { HubReturningContacts } from '../hub/returningContactsClient';
import { chatHubOf, chatSettingsHubOf } from '../hub/chatClient';
import { boardHubOf, shiftHubOf, shiftPlanHubOf } from '../hub/shiftClient';
import type { SoftphoneSettings } from '../sip/softphoneSettings';
import type { RecordStore } from '../store/recordStore';
import { defaultRecordPolicy, type RecordPolicy } from '../../shared/records/recordPolicy';
import { RecordService } from './recordService';
import type { Authenticator } from './authenticator';
import type { Logger } from './logger';
import { BoardService } from './boardService';
import { ChatService, type ChatTuning } from './chatService';
import { ChatSettingsService } from './chatSettingsService';
import { SessionService } from './sessionService';
import { SettingsService } from './settingsService';
import { ShiftPlanService } from './shiftPlanService';
import { ShiftService, type ShiftTuning } from './shiftService';
import { SoftphoneService } from './softphoneService';
import { unknownSystemActivity, type SystemActivity } from './systemActivity';
import { StatisticsService, statisticsHubOf } from './statisticsService';
import { directoryExportTarget, type ExportTarget } from './exportTarget';
import { SyncService, syncHubOf, type SyncHub, type SyncOptions } from './syncService';

export interface WorkstationConfig {
  dataDir: string;
  version: string;
  transport: AppInfo['transport'];
  packaged: boolean;
  /** Who may log in when there is no hub: nobody (noHubAuthenticator), or the demo accounts. */
  authenticator: Authenticator;
  /**
   * The hub (hub.json). With one, staff log in against it, records sync to it and returning
   * contacts are counted by it; without one, records stay in the outbox and there are no counts.
   */
  hub?: HubConfig | null;
  /** Shorter timeouts and intervals for tests. */
  hubTuning?: {
    timeouts?: Partial<HubTimeouts>;
    connection?: Partial<HubConnectionOptions>;
    sync?: Partial<SyncOptions>;
    shift?: Partial<ShiftTuning>;
    chat?: Partial<ChatTuning>;
  };
  /** Screen lock, suspend and input idleness (Electron's powerMonitor); default: none known. */
  systemActivity?: SystemActivity;
  /** null: no SIP server configured, the phone stays off. */
  softphone: SoftphoneSettings | null;
  /** Opens the encrypted record store (with its key from the OS keychain). */
  openRecordStore: () => Promise<RecordStore>;
  recordPolicy?: RecordPolicy;
  /** Where statistics exports are saved: the save dialog in Electron; default `<dataDir>/exports`. */
  exportTarget?: ExportTarget;
  log: Logger;
}

/**
 * The main-process services, wired to the API. Electron-free: `main.ts` puts it behind IPC,
 * the development launcher behind the bridge; both get the same behaviour.
 */
export interface Workstation {
  host: ApiHost;
  ready: Promise<void>;
  dispose: () => void;
  /** Settles when no hub request this workstation started is still in flight (tests, shutdown). */
  settled: () => Promise<void>;
}

export function createWorkstation(config: WorkstationConfig): Workstation {
  const { log } = config;
  const settings = new SettingsService(path.join(config.dataDir, 'settings.json'), log);
  // The hub link follows HubConnection; the SIP link follows the relay.
  const connection: ConnectionState = { hub: config.hub ? 'connecting' : 'not-configured', sip: config.softphone ? 'offline' : 'not-configured' };
  const info: AppInfo = { version: config.version, transport: config.transport, packaged: config.packaged };
  const tuning = config.hubTuning ?? {};

  // Callbacks below reach services created after them (the host last): they run only later.
  const hubLink = config.hub
    ? new HubConnection(new HubClient(config.hub, tuning.timeouts), log, {
        link: (state) => {
          connection.hub = state;
          host.emit('connection:changed', { ...connection });
          if (state === 'online') sync.trigger('online');
        },
        sessionLost: () => session.expire(),
      }, tuning.connection)
    : null;
  const returning = hubLink ? new HubReturningContacts(hubLink, log) : null;
  const sync: SyncService = new SyncService(hubLink ? syncHubOf(hubLink) : noHub, log, (status) => host.emit('sync:status', status), tuning.sync);

  // A hub manages shifts: a counsellor's login starts one (or fails), and its end locks.
  const shifts: ShiftService = new ShiftService(
    hubLink ? shiftHubOf(hubLink) : null,
    config.systemActivity ?? unknownSystemActivity,
    { startShift: (sip) => softphone.startShift(sip), endShift: () => softphone.endShift() },
    (cause) => session.lock(cause),
    (view) => host.emit('shift:changed', view),
    log,
    tuning.shift,
    { startShift: () => chat.startShift(), endShift: () => chat.endShift(), setAccepting: (accepting) => chat.setAccepting(accepting), work: () => chat.work() },
  );
  // The counsellor's chat desk: its link lives exactly as long as the shift (ShiftService drives it).
  const chat: ChatService = new ChatService(hubLink ? chatHubOf(hubLink) : null, log, (desk) => host.emit('chat:changed', desk), () => shifts.chatChanged(), tuning.chat);
  const session: SessionService = new SessionService(
    hubLink ? hubAuthenticator(hubLink) : config.authenticator,
    log,
    (state) => {
      host.emit('session:changed', state);
      softphone.onSessionChange(state);
      board.onSessionChange(state);
      if (state.status === 'active') {
        // The shift started during the login, before this: the renderer learns it in order.
        host.emit('shift:changed', shifts.view());
        sync.trigger('login');
      } else {
        shifts.onLocked();
        returning?.forget();
        records.forgetShift();
      }
    },
    shifts,
  );
  const softphone: SoftphoneService = new SoftphoneService(
    config.softphone,
    returning,
    log,
    (event, payload) => host.emit(event, payload),
    () => session.get(),
    (sip) => {
      connection.sip = sip;
      host.emit('connection:changed', { ...connection });
    },
    (): boolean => records.getStatus().state !== 'unavailable',
    (flag): boolean => records.keepEmergency(flag),
    { managed: shifts.managed, admitsNewCalls: () => shifts.admitsNewCalls() },
  );
  const records: RecordService = new RecordService(
    config.recordPolicy ?? defaultRecordPolicy,
    log,
    () => ({ state: session.get(), shiftId: session.shiftId() }),
    (callId) => softphone.callFacts(callId),
  );
  const statistics = new StatisticsService(
    hubLink ? statisticsHubOf(hubLink) : null,
    config.exportTarget ?? directoryExportTarget(path.join(config.dataDir, 'exports')),
    () => session.get(),
    log,
  );
  const board: BoardService = new BoardService(hubLink ? boardHubOf(hubLink) : null, () => session.get(), (snapshot) => host.emit('board:changed', snapshot), log);
  const shiftPlan = new ShiftPlanService(hubLink ? shiftPlanHubOf(hubLink) : null, () => session.get(), log);
  const chatSettings = new ChatSettingsService(hubLink ? chatSettingsHubOf(hubLink) : null, () => session.get(), log);
  const host: ApiHost = new ApiHost(
    {
      'app:info': () => Promise.resolve(ok(info)),
      'settings:get': () => Promise.resolve(ok(settings.get())),
      'settings:setLocale': ({ locale }) => Promise.resolve(ok(settings.setLocale(locale))),
      'session:get': () => Promise.resolve(ok(session.get())),
      'session:login': (credentials) => session.login(credentials),
      'session:logout': async () => ok(await shifts.logout()),
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
      'records:submit': ({ draftId, form }) => {
        const result = records.submit(draftId, form);
        if (result.ok) sync.trigger('submitted');
        return Promise.resolve(result);
      },
      'records:listShift': () => Promise.resolve(records.listShift()),
      'sync:status': () => Promise.resolve(ok(sync.status())),
      'statistics:get': (period) => statistics.report(period),
      'statistics:export': ({ format, ...period }) => statistics.export(period, format),
      'shift:get': () => Promise.resolve(ok(shifts.view())),
      'presence:report': ({ activity }) => Promise.resolve(ok(shifts.report(activity))),
      'presence:setAway': ({ reason }) => Promise.resolve(shifts.setAway(reason)),
      'presence:setAvailable': () => Promise.resolve(shifts.setAway(null)),
      'board:get': () => board.snapshot(),
      'board:logout': (request) => board.logout(request),
      'board:setState': (request) => board.setState(request),
      'shifts:list': (query) => shiftPlan.list(query),
      'shifts:save': (shift) => shiftPlan.save(shift),
      'shifts:delete': ({ id }) => shiftPlan.remove(id),
      'shifts:import': ({ csv }) => shiftPlan.importCsv(csv),
      'chat:state': () => Promise.resolve(ok(chat.state())),
      'chat:accept': ({ offerId }) => chat.accept(offerId),
      'chat:decline': ({ offerId }) => Promise.resolve(chat.decline(offerId)),
      'chat:send': (message) => chat.send(message),
      'chat:typing': ({ conversationId, typing }) => Promise.resolve(chat.typing(conversationId, typing)),
      'chat:markRead': ({ conversationId, seq }) => Promise.resolve(chat.markRead(conversationId, seq)),
      'chat:end': ({ conversationId }) => chat.end(conversationId),
      'chat:dismiss': ({ conversationId }) => Promise.resolve(chat.dismiss(conversationId)),
      'chat:transferTargets': () => chat.transferTargets(),
      'chat:transfer': ({ conversationId, toUserId }) => chat.transfer(conversationId, toUserId),
      'chat:escalate': ({ conversationId }) => chat.escalate(conversationId),
      'chat:block': ({ conversationId }) => chat.block(conversationId),
      'chat:cannedReplies': () => chat.cannedReplies(),
      'chatSettings:get': () => chatSettings.get(),
      'chatSettings:saveCannedReplies': (input) => chatSettings.saveCannedReplies(input),
      'chatSettings:saveSchedule': (schedule) => chatSettings.saveSchedule(schedule),
      'board:acknowledgeAlert': ({ alertId }) => chatSettings.acknowledgeAlert(alertId),
    },
    log,
  );
  hubLink?.start();
  return {
    host,
    // The outbox is drained from the store the record service opens, for as long as it is open.
    ready: records.open(async () => {
      const store = await config.openRecordStore();
      sync.attach(store);
      return store;
    }),
    dispose: () => {
      // Quitting ends the shift and the session as a logout would, without waiting for the hub.
      shifts.quit();
      chat.dispose();
      board.dispose();
      softphone.dispose();
      sync.dispose();
      records.close();
      hubLink?.stop();
    },
    settled: async () => {
      await sync.idle();
      await shifts.settled();
      await hubLink?.settled();
    },
  };
}

/** Without a hub nothing is ever sent: records wait in the outbox ("n ikke sendt"). */
const noHub: SyncHub = {
  hasSession: () => false,
  sendBatch: () => Promise.resolve({ ok: false, failure: { kind: 'no-session' } }),
};
