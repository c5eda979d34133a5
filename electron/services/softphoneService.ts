import { fail, ok, type ApiResult } from '../../shared/contract/result';
import type { SessionState, SipTransport, SoftphoneConfig } from '../../shared/contract/schemas';
import type { EventSink } from '../api/apiHost';
import type { ReturningContactCounter } from '../hub/returningContactsClient';
import { LOCAL_AOR } from '../sip/dialogTokens';
import { newEmergencyReference } from '../sip/emergencyReference';
import { IdentityFirewall, type ProviderFacts } from '../sip/identityFirewall';
import { MediaServerList } from '../sip/mediaServers';
import { SipRelay } from '../sip/sipRelay';
import { staticCredentials, type SipCredentials, type SoftphoneSettings } from '../sip/softphoneSettings';
import type { Logger } from './logger';
import type { CallFacts } from './recordService';

type LinkState = 'not-configured' | 'connecting' | 'online' | 'offline';

/** How shifts bound the phone (electron/services/shiftService.ts). */
export interface SoftphoneShiftGate {
  /**
   * A hub manages shifts: the phone connects only during a started shift, registering as the
   * shift's own SIP user. Without one, a logged-in counsellor uses the settings file's user.
   */
  managed: boolean;
  /** False while a logout is pending: new calls are declined before they ring. */
  admitsNewCalls(): boolean;
}

export const unmanagedShifts: SoftphoneShiftGate = { managed: false, admitsNewCalls: () => true };

/**
 * The softphone's main-process side: the relay behind the identity firewall, the shift gate
 * (no SIP without a logged-in counsellor, and with a hub only during a started shift),
 * returning-contact counts and emergency flags.
 *
 * The relay and its firewall are made for one SIP user: the settings file's, or each shift's
 * own (a fresh pair per shift, so no dialog token outlives the shift). The renderer never
 * learns which: it always registers as LOCAL_AOR, and the firewall maps that to the real user.
 */
export class SoftphoneService {
  private relay: SipRelay | null = null;
  private firewall: IdentityFirewall | null = null;
  /** A started shift (managed mode); its credentials are in the relay, never kept elsewhere. */
  private onShift = false;
  /** Recent calls by the Call-ID token the renderer knows: provider facts, count, emergency flag. */
  private readonly calls = new Map<string, { facts: ProviderFacts; returningContacts: number | null; emergencyFlagged: boolean }>();
  private readonly pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: SoftphoneSettings | null,
    /** The hub's returning-contact count; null without a hub (then there are no counts). */
    private readonly returning: ReturningContactCounter | null,
    private readonly log: Logger,
    private readonly emit: EventSink,
    private readonly session: () => SessionState,
    private readonly setLink: (state: LinkState) => void,
    /** False while the record store is unusable: a counsellor who cannot register contacts cannot take calls. */
    private readonly canWork: () => boolean = () => true,
    /** Keeps an emergency flag in the encrypted store; false if it could not be kept. */
    private readonly keepEmergency: (flag: { localReference: string; providerCallReference: string | null }) => boolean = () => false,
    private readonly shifts: SoftphoneShiftGate = unmanagedShifts,
  ) {
    if (!settings) return;
    if (!shifts.managed) this.useCredentials(staticCredentials(settings));
    this.pruneTimer = setInterval(() => this.firewall?.prune(), 60_000);
    this.pruneTimer.unref();
  }

  /**
   * A shift started: the phone registers as the shift's SIP user (`sip`), or, when the hub
   * issues none (it manages no SIP server), as the settings file's user if it names one.
   */
  startShift(sip: { username: string; password: string } | null): void {
    if (!this.settings) return;
    this.onShift = true;
    this.useCredentials(sip ? { aorUser: sip.username, authUsername: sip.username, password: sip.password } : staticCredentials(this.settings));
  }

  /** The shift ended: the relay disconnects and its credentials are dropped. */
  endShift(): void {
    this.onShift = false;
    // The provider's facts (pseudonyms, call references) of this shift's calls go with it.
    this.calls.clear();
    if (this.shifts.managed) this.useCredentials(null);
    else this.disconnect('logged-out');
  }

  private useCredentials(credentials: SipCredentials | null): void {
    const settings = this.settings;
    if (this.relay) this.disconnect('logged-out');
    this.relay = null;
    this.firewall = null;
    if (!settings || !credentials) return;
    const firewall = new IdentityFirewall({
      aor: { user: credentials.aorUser, domain: settings.aor.domain },
      mediaServers: new MediaServerList(settings.mediaServers),
      providerHeaders: settings.providerHeaders,
    });
    const relay: SipRelay = new SipRelay({ wsUrl: settings.wsUrl, authUsername: credentials.authUsername, password: credentials.password }, firewall, this.log, {
      message: (message) => this.emit('sip:message', { message }),
      transport: (state, reason) => {
        // A relay replaced by the next shift's may still report its own end: only the current one counts.
        if (this.relay !== relay && state === 'connected') return;
        this.setLink(state === 'connected' ? 'online' : 'offline');
        this.emit('sip:transport', { state, reason });
      },
      incomingCall: (facts) => this.incomingCall(facts),
      callRefused: (reason) =>
        this.emit('call:refused', { reason: reason === 'no-media-server' ? 'no-media-server' : reason === 'unsupported-media' ? 'unsupported-media' : 'malformed' }),
      admitsNewCalls: () => this.shifts.admitsNewCalls(),
    });
    this.firewall = firewall;
    this.relay = relay;
  }

  config(): ApiResult<SoftphoneConfig> {
    // The renderer's view is the same for every SIP user: LOCAL_AOR, never the real one.
    if (!this.settings) return fail('sip-not-configured', 'no SIP server configured');
    return ok({
      aor: LOCAL_AOR,
      iceTransportPolicy: this.settings.iceTransportPolicy,
      iceServers: this.settings.iceServers,
      returningWindowDays: this.settings.returningWindowDays,
    });
  }

  async connect(): Promise<ApiResult<SipTransport>> {
    if (!this.settings) return fail('sip-not-configured', 'no SIP server configured');
    const session = this.session();
    // The shift gate (I6): only a logged-in counsellor's workstation may be reachable for calls,
    // and where a hub manages shifts, only during a started shift.
    if (session.status !== 'active' || session.role !== 'counsellor') return fail('not-logged-in', 'SIP needs a counsellor on shift');
    if (this.shifts.managed && !this.onShift) return fail('not-logged-in', 'SIP needs a started shift');
    const relay = this.relay;
    if (!relay) {
      this.log.warn('sip', 'no SIP user: the hub issues none and the settings name none');
      return fail('sip-not-configured', 'no SIP user configured');
    }
    if (!this.canWork()) return fail('records-unavailable', 'no calls while the record store is unusable');
    this.setLink('connecting');
    try {
      await relay.connect();
      return ok({ state: 'connected' });
    } catch {
      this.setLink('offline');
      this.log.warn('sip', 'server unreachable');
      return fail('sip-unreachable', 'SIP server unreachable');
    }
  }

  disconnect(reason: 'requested' | 'logged-out' = 'requested'): SipTransport {
    this.relay?.disconnect(reason);
    if (this.relay) this.setLink('offline');
    return { state: 'disconnected', reason };
  }

  send(message: string): ApiResult<Record<string, never>> {
    if (!this.relay) return fail('sip-not-configured', 'no SIP server configured');
    const refusal = this.relay.send(message);
    if (refusal === 'not-connected') return fail('sip-unreachable', 'not connected to the SIP server');
    if (refusal) return fail('sip-refused', `refused by the identity firewall: ${refusal}`);
    return ok({});
  }

  flagEmergency(callId: string): ApiResult<{ reference: string }> {
    const call = this.calls.get(callId);
    if (!call) return fail('unknown-call', 'no such call');
    const reference = newEmergencyReference();
    if (!this.keepEmergency({ localReference: reference, providerCallReference: call.facts.callReference ?? null })) {
      return fail('records-unavailable', 'the emergency flag could not be stored');
    }
    call.emergencyFlagged = true;
    this.log.warn('softphone', 'emergency flagged', { reference, providerReference: call.facts.callReference !== undefined });
    return ok({ reference });
  }

  /** What a contact record may hold about a call: whether the caller returned, and any emergency flag. */
  callFacts(callId: string): CallFacts | null {
    const call = this.calls.get(callId);
    if (!call) return null;
    return {
      returningContact: (call.returningContacts ?? 0) > 1,
      emergency: { flagged: call.emergencyFlagged, providerCallReference: call.facts.callReference ?? null },
    };
  }

  onSessionChange(state: SessionState): void {
    if (state.status === 'locked') this.endShift();
  }

  dispose(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.relay?.disconnect('logged-out');
  }

  /**
   * The call is announced at once, without a count: a ringing phone never waits for the hub.
   * The count follows in a second `call:info` if the hub answers within its short deadline;
   * if it does not (or there is no hub, or no pseudonym), the count stays unknown.
   */
  private incomingCall(facts: ProviderFacts): void {
    const call = { facts, returningContacts: null as number | null, emergencyFlagged: false };
    const callId = facts.shownCallId;
    this.calls.set(callId, call);
    if (this.calls.size > 50) this.calls.delete(this.calls.keys().next().value ?? '');
    const announce = (): void =>
      this.emit('call:info', { callId, returningContacts: call.returningContacts, emergencyReferenceAvailable: facts.callReference !== undefined });
    announce();
    if (!facts.pseudonym || !this.returning) return;
    void this.returning.count(facts.pseudonym).then((count) => {
      if (count === null || this.calls.get(callId) !== call) return;
      call.returningContacts = count;
      announce();
    });
  }
}
