import path from 'node:path';
import type { EventChannel, RequestChannel } from '../../shared/contract/channels';
import type { ApiResult } from '../../shared/contract/result';
import type { EventOf, RequestOf, ResponseOf } from '../../shared/contract/schemas';
import type { ContactRecord } from '../../shared/records/recordModel';
import type { TestUser } from '../../hub/testing/testAccounts';
import { totpNow } from '../../hub/testing/testAccounts';
import { noHubAuthenticator } from '../../electron/services/authenticator';
import { createWorkstation, type Workstation, type WorkstationConfig } from '../../electron/services/workstation';
import type { SystemActivity } from '../../electron/services/systemActivity';
import type { SoftphoneSettings } from '../../electron/sip/softphoneSettings';
import { openRecordStore } from '../../electron/store/openRecordStore';
import type { FinalRecord, RecordStore } from '../../electron/store/recordStore';
import { capturingLogger, secrets, testKeyName, type CapturedLog } from '../../electron/store/testing/storeTestKit';

/** Fast timings, so a fault test takes seconds: every number is far below production's. */
export const fastTuning: NonNullable<WorkstationConfig['hubTuning']> = {
  timeouts: { loginMs: 5_000, logoutMs: 1_000, syncMs: 500, healthMs: 500, contactsMs: 400 },
  connection: { onlineProbeMs: 300, offlineProbeMs: 150 },
  sync: { intervalMs: 300, backoff: { baseMs: 50, capMs: 400 } },
};

export interface PushedEvent {
  event: EventChannel;
  payload: unknown;
  at: number;
}

export interface WorkstationUnderTest {
  workstation: Workstation;
  /** The workstation's own record store (the same object), for looking into its outbox. */
  store: RecordStore;
  dataDir: string;
  keyName: string;
  log: CapturedLog;
  /** Every record finalised, as stored (and as it must arrive on the hub). */
  finalized: FinalRecord[];
  events: PushedEvent[];
  call<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>>;
  /** The events of one channel so far. */
  pushed<E extends EventChannel>(event: E): EventOf<E>[];
  login(user: TestUser, totp?: string): Promise<ApiResult<ResponseOf<'session:login'>>>;
  /** Takes `count` phone contacts to a stored record each; returns the records' ids. */
  recordContacts(count: number): Promise<string[]>;
  dispose(): Promise<void>;
}

export const completeForm = {
  contactType: 'counselling' as const,
  topics: ['angst', 'skole-arbejde'],
  ageBand: '13-15' as const,
  gender: 'not-disclosed' as const,
  outcome: 'completed' as const,
  referral: 'none' as const,
  emergency: false,
};

/**
 * The workstation's main-process services (createWorkstation, exactly as main.ts wires them)
 * with a real encrypted store whose key is in the real keychain, talking to `hubUrl`. Requests
 * go through the API host as the renderer's would.
 */
export async function startWorkstation(options: {
  hubUrl: string | null;
  dataDir: string;
  keyName?: string;
  softphone?: SoftphoneSettings | null;
  tuning?: WorkstationConfig['hubTuning'];
  /** The OS's lock, suspend and idleness (a ManualSystemActivity in tests); default: none known. */
  systemActivity?: SystemActivity;
}): Promise<WorkstationUnderTest> {
  const log = capturingLogger();
  const keyName = options.keyName ?? testKeyName();
  const finalized: FinalRecord[] = [];
  const events: PushedEvent[] = [];
  let store: RecordStore | null = null;
  const workstation = createWorkstation({
    dataDir: options.dataDir,
    version: 'test',
    transport: 'bridge',
    packaged: false,
    authenticator: noHubAuthenticator,
    hub: options.hubUrl ? { baseUrl: options.hubUrl } : null,
    hubTuning: options.tuning ?? fastTuning,
    softphone: options.softphone ?? null,
    ...(options.systemActivity ? { systemActivity: options.systemActivity } : {}),
    openRecordStore: async () => {
      const opened = await openRecordStore({ file: path.join(options.dataDir, 'records.db'), secrets, keyName, log });
      const finalize = opened.finalizeRecord.bind(opened);
      opened.finalizeRecord = (input) => {
        const record = finalize(input);
        finalized.push(record);
        return record;
      };
      store = opened;
      return opened;
    },
    log,
  });
  workstation.host.addEventSink((event, payload) => events.push({ event, payload, at: Date.now() }));
  await workstation.ready;
  if (!store) throw new Error(`the record store did not open: ${log.text()}`);
  const opened: RecordStore = store;

  const call = <C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> =>
    workstation.host.dispatch(channel, payload) as Promise<ApiResult<ResponseOf<C>>>;

  return {
    workstation,
    store: opened,
    dataDir: options.dataDir,
    keyName,
    log,
    finalized,
    events,
    call,
    pushed: <E extends EventChannel>(event: E) => events.filter((entry) => entry.event === event).map((entry) => entry.payload as EventOf<E>),
    login: (user, totp) => call('session:login', { username: user.username, password: user.password, ...(totp ? { totp } : user.totpSecret ? { totp: totpNow(user.totpSecret) } : {}) }),
    recordContacts: async (count) => {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const endedAt = Date.now() - index * 60_000;
        const draft = await call('records:startDraft', { channel: 'phone', callId: null, startedAt: endedAt - 5 * 60_000, endedAt });
        if (!draft.ok) throw new Error(`startDraft: ${draft.error.message}`);
        const stored = await call('records:submit', { draftId: draft.value.draftId, form: { ...completeForm, summary: `kontakt ${index}` } });
        if (!stored.ok) throw new Error(`submit: ${stored.error.message}`);
        ids.push(stored.value.id);
        // Requests from the renderer arrive one event-loop turn apart (IPC, the bridge), never
        // as one chain of promises: let the sends these submits started reach the network.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return ids;
    },
    dispose: async () => {
      workstation.dispose();
      await workstation.settled();
    },
  };
}

/** The finalised records as the hub must hold them: id → the record. */
export function byId(records: readonly FinalRecord[]): Map<string, ContactRecord> {
  return new Map(records.map((record) => [record.recordId, record.payload as unknown as ContactRecord]));
}
