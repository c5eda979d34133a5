import { Registerer, RegistererState, RequestPendingError, UserAgentState, type Invitation, type UserAgent } from 'sip.js';
import type { CallInfo } from '../../shared/contract/schemas';
import { ApiCallError } from '../api/tavs';
import type { RecordDraftOutcome } from '../records/recordsState';
import { tavsApiClient, type TavsApiClient } from './apiClient';
import { AudioDevices } from './audioDevices';
import { backoffDelay, reconnectPolicy, refusedPolicy, type BackoffPolicy } from './backoff';
import { CallController } from './callController';
import { RingTone } from './ringTone';
import { isBusy, type DtmfTone, type RegistrationProblem, type SoftphoneEvent, type SoftphoneState } from './softphoneState';
import { TransportDownError } from './tavsTransport';
import { createUserAgent } from './userAgentFactory';

/** Where the engine reports to (the zustand store) and reads the current state from. */
export interface SoftphoneHost {
  dispatch(event: SoftphoneEvent): void;
  view(): SoftphoneState;
  /** The record of an answered call that has just ended: asked for, opened, or impossible. */
  recordDraft(outcome: RecordDraftOutcome): void;
  /** False while a logout waits for the end of the current work: no new call may ring then. */
  acceptsCalls(): boolean;
}

/**
 * Registration lifetime. Short enough that a workstation which died without unregistering
 * stops being offered calls within minutes; sip.js refreshes it well before it runs out.
 */
const REGISTER_EXPIRES_SECONDS = 300;
/** How long logout waits for the BYE and un-REGISTER to be answered. */
const STOP_TIMEOUT_MS = 3_000;
/** `call:info` for INVITEs we never saw (refused as busy) must not pile up. */
const CALL_INFO_LIMIT = 20;

/**
 * The renderer's softphone: one sip.js UserAgent and Registerer behind the TavsTransport, and
 * the current call. Keeps the registration alive (re-register, reconnect with backoff), turns
 * away calls while one is in progress or being wrapped up, and reports everything the UI may
 * know as events. sip.js objects live here and nowhere else; the store sees plain data.
 */
export class SoftphoneEngine {
  private ua: UserAgent | undefined;
  private registerer: Registerer | undefined;
  private call: CallController | undefined;
  /** The firewall's token for the current or just-ended call, for the emergency flag; never shown. */
  private callId: string | null = null;
  /** The call whose record draft was last asked for, so one call never gets two. */
  private recordedCallId: string | null = null;
  private readonly callInfos = new Map<string, CallInfo>();
  private readonly ring = new RingTone();
  private readonly devices: AudioDevices;
  private unsubscribe: Array<() => void> = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private running = false;
  private stopped = false;

  constructor(
    private readonly host: SoftphoneHost,
    private readonly api: TavsApiClient = tavsApiClient,
    private readonly now: () => number = Date.now,
  ) {
    this.devices = new AudioDevices((event) => this.emit(event), () => host.view());
  }

  /** Starts in the background; progress and failures arrive as registration events. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.unsubscribe = [
      this.api.subscribe('call:info', (info) => this.callInfo(info)),
      this.api.subscribe('call:refused', ({ reason }) => this.emit({ type: 'refused', reason })),
    ];
    this.devices.start();
    void this.bringUp();
  }

  /** Hangs up, unregisters and disconnects; reports nothing more afterwards. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.running = false;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.ring.dispose();
    this.devices.stop();
    // gracefulShutdown (the sip.js default): BYE or reject the call, un-REGISTER, then disconnect.
    // Bounded: with the server gone the un-REGISTER would wait for its 32 s transaction timeout,
    // and logout must not; the main process drops the connection (and with it the binding) anyway.
    const stopped = this.ua?.stop().catch(() => undefined);
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]);
    this.call = undefined;
    this.ua = undefined;
    this.registerer = undefined;
  }

  answer(): void {
    void this.call?.answer();
  }

  reject(): void {
    void this.call?.reject();
  }

  hangUp(): void {
    void this.call?.hangUp();
  }

  setHold(held: boolean): void {
    void this.call?.setHold(held);
  }

  setMuted(muted: boolean): void {
    this.call?.setMuted(muted);
  }

  sendDtmf(tone: DtmfTone): void {
    this.call?.sendDtmf(tone);
  }

  /** Records an emergency for the current (or just-ended) call; the main process keeps the provider's reference. */
  async flagEmergency(): Promise<void> {
    const callId = this.callId;
    if (!callId) return;
    this.emit({ type: 'emergency-pending' });
    try {
      const { reference } = await this.api.call('call:flagEmergency', { callId });
      this.emit({ type: 'emergency-flagged', reference });
    } catch {
      this.emit({ type: 'emergency-failed' });
    }
  }

  /** Ends wrap-up: from now on the next call may ring. */
  ready(): void {
    if (this.host.view().call.phase !== 'wrap-up') return;
    this.callId = null;
    this.emit({ type: 'ready' });
  }

  retryNow(): void {
    if (!this.running || this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.recover();
  }

  async selectMicrophone(id: string | null): Promise<void> {
    this.emit({ type: 'device-selected', kind: 'input', id });
    const switched = (await this.call?.setMicrophone()) ?? true;
    if (!switched) this.emit({ type: 'notice', notice: 'device-failed' });
    await this.devices.restartTest();
  }

  async selectSpeaker(id: string | null): Promise<void> {
    this.emit({ type: 'device-selected', kind: 'output', id });
    this.ring.setSink(id);
    const switched = (await this.call?.setSpeaker(id)) ?? true;
    if (!switched) this.emit({ type: 'notice', notice: 'device-failed' });
  }

  setMicTest(on: boolean): Promise<void> {
    return this.devices.setTest(on);
  }

  private emit(event: SoftphoneEvent): void {
    if (this.running) this.host.dispatch(event);
  }

  // ---- Registration: connect, register, and recover with backoff.

  private async bringUp(): Promise<void> {
    if (!this.running) return;
    if (!this.ua && !(await this.createUserAgent())) return;
    const ua = this.ua;
    if (!ua) return;
    this.emit({ type: 'registration', state: 'connecting' });
    try {
      if (ua.state === UserAgentState.Started) await ua.reconnect();
      else await ua.start();
    } catch (error) {
      if (!this.running) return;
      const reason = error instanceof TransportDownError ? error.reason : 'internal';
      if (reason === 'not-configured') return this.emit({ type: 'registration', state: 'not-configured', problem: null });
      if (reason === 'logged-out') return this.emit({ type: 'registration', state: 'logged-out', problem: null });
      return this.scheduleRetry(reason === 'internal' ? 'internal' : 'server-unreachable', reconnectPolicy);
    }
    this.register();
  }

  private async createUserAgent(): Promise<boolean> {
    let config;
    try {
      config = await this.api.call('softphone:config', {});
    } catch (error) {
      if (!this.running) return false;
      const code = error instanceof ApiCallError ? error.code : 'internal';
      if (code === 'sip-not-configured') this.emit({ type: 'registration', state: 'not-configured', problem: null });
      else if (code === 'not-logged-in') this.emit({ type: 'registration', state: 'logged-out', problem: null });
      else this.scheduleRetry('internal', reconnectPolicy);
      return false;
    }
    if (!this.running) return false;
    this.emit({ type: 'configured', returningWindowDays: config.returningWindowDays });
    const ua = createUserAgent(config, this.api, {
      onInvite: (invitation) => this.incoming(invitation),
      onDisconnect: (error) => this.transportLost(error),
    });
    if (!ua) {
      this.emit({ type: 'registration', state: 'off', problem: 'internal' });
      return false;
    }
    this.ua = ua;
    this.registerer = new Registerer(this.ua, { expires: REGISTER_EXPIRES_SECONDS });
    this.registerer.stateChange.addListener((state) => this.registererChanged(state));
    return true;
  }

  private register(): void {
    const registerer = this.registerer;
    if (!this.running || !registerer) return;
    this.emit({ type: 'registration', state: 'registering' });
    registerer
      .register({
        requestDelegate: {
          onAccept: () => {
            this.attempt = 0;
            this.emit({ type: 'registration', state: 'registered', problem: null });
          },
          onReject: (response) => {
            const status = response.message.statusCode;
            // 401/407 reach us only when the main process's own answer to the challenge failed.
            const refused = status === 401 || status === 403 || status === 407;
            this.scheduleRetry(refused ? 'registration-refused' : 'registration-failed', refused ? refusedPolicy : reconnectPolicy);
          },
        },
      })
      .catch((error: unknown) => {
        // The REGISTER before a drop is still waiting for its timeout; try again after it.
        this.scheduleRetry(error instanceof RequestPendingError ? 'connection-lost' : 'registration-failed', reconnectPolicy);
      });
  }

  /** A refresh sip.js sent by itself failed, or the registration ran out. */
  private registererChanged(state: RegistererState): void {
    if (state !== RegistererState.Unregistered) return;
    // sip.js reports the state before it calls our onReject; let onReject pick the reason first.
    queueMicrotask(() => {
      if (this.running && this.retryTimer === undefined && this.registerer?.state === RegistererState.Unregistered) {
        this.scheduleRetry('registration-failed', reconnectPolicy);
      }
    });
  }

  private transportLost(error?: Error): void {
    if (!this.running || !error) return;
    if (error instanceof TransportDownError && error.reason === 'logged-out') {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.emit({ type: 'registration', state: 'logged-out', problem: null });
      return;
    }
    this.scheduleRetry('connection-lost', reconnectPolicy);
  }

  private scheduleRetry(problem: RegistrationProblem, policy: BackoffPolicy): void {
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++, policy);
    this.emit({ type: 'registration', state: 'retrying', problem, retryAt: this.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.recover();
    }, delay);
  }

  private async recover(): Promise<void> {
    if (this.ua?.isConnected()) this.register();
    else await this.bringUp();
  }

  // ---- Calls.

  private incoming(invitation: Invitation): void {
    if (!this.running || this.call || isBusy(this.host.view().call.phase) || !this.host.acceptsCalls()) {
      // Ringing, in a call or in wrap-up, or about to be logged out: the counsellor is not
      // offered another one (486, so the call goes on ringing at colleagues).
      void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const callId = invitation.request.callId;
    const info = this.callInfos.get(callId);
    this.callInfos.delete(callId);
    this.callId = callId;
    const call = new CallController(invitation, {
      emit: (event) => {
        this.emit(event);
        if (event.type === 'ended') this.startRecord(callId);
      },
      now: this.now,
      microphone: () => this.devices.microphone(),
      speaker: () => this.devices.speaker(),
      callAudio: (stream) => {
        this.devices.setCallStream(stream);
        if (stream) void this.devices.refresh();
      },
      stopRinging: () => this.ring.stop(),
      ended: () => {
        if (this.call === call) this.call = undefined;
      },
    });
    this.call = call;
    this.emit({
      type: 'incoming',
      returningContacts: info?.returningContacts ?? null,
      emergencyAvailable: info?.emergencyReferenceAvailable ?? false,
    });
    this.ring.start(this.devices.speaker());
  }

  /**
   * A call that was answered went to wrap-up: ask the main process for its record's draft. The
   * Call-ID goes to the main process only (it adds what it knows of the call: returning contact,
   * emergency) and is never handed to the store. Calls never answered need no record.
   */
  private startRecord(callId: string): void {
    const { call } = this.host.view();
    if (!this.running || call.phase !== 'wrap-up' || call.startedAt === null || call.endedAt === null) return;
    if (this.recordedCallId === callId) return;
    this.recordedCallId = callId;
    this.host.recordDraft({ type: 'starting' });
    const request = { channel: 'phone' as const, callId, startedAt: call.startedAt, endedAt: Math.max(call.endedAt, call.startedAt) };
    this.api.call('records:startDraft', request).then(
      (draft) => {
        if (this.running) this.host.recordDraft({ type: 'started', draft });
      },
      (error: unknown) => {
        if (this.running) this.host.recordDraft({ type: 'failed', error: error instanceof ApiCallError ? error.code : 'internal' });
      },
    );
  }

  /** Usually pushed just before the INVITE it describes; kept until that INVITE arrives. */
  private callInfo(info: CallInfo): void {
    if (this.call && this.callId === info.callId) {
      this.emit({ type: 'call-info', returningContacts: info.returningContacts, emergencyAvailable: info.emergencyReferenceAvailable });
      return;
    }
    this.callInfos.set(info.callId, info);
    if (this.callInfos.size > CALL_INFO_LIMIT) this.callInfos.delete(this.callInfos.keys().next().value ?? '');
  }
}
