// The window-level APIs of the two SIP test pages, shared by the pages
// (browser side) and the Playwright specs that drive them (page.evaluate).
// Types only: nothing here runs.

export interface SipAccountConfig {
  wsUrl: string;
  domain: string;
  user: string;
  password: string;
}

/** Values planted in the caller's SDP, as it goes on the wire. */
export interface SdpCanaries {
  /** Replaces the session name (s=). */
  sessionName?: string;
  /** Replaces the origin username (first field of o=). */
  originUsername?: string;
  /** Foreign addresses added as host ICE candidates to every media section, e.g. "203.0.113.7". */
  candidateAddresses?: string[];
  /** Raw session-level lines added after s=, e.g. "i=...", "e=...", "p=...". */
  sessionLines?: string[];
}

export interface PlaceCallOptions {
  /** User part to call: a counsellor's user, or "helpline" (default). */
  to?: string;
  /** The caller's number: the From user part, what a provider would hash. */
  number: string;
  /** From display name. */
  displayName?: string;
  /** To display name (a place a caller could plant something too). */
  toDisplayName?: string;
  /** Extra INVITE headers: { "P-Asserted-Identity": "<sip:+45...@pstn>" } or ["Name: value"]. */
  headers?: Record<string, string> | string[];
  sdpCanaries?: SdpCanaries;
}

export interface CallOutcome {
  /** "established" (answered), or "failed" with the final status (e.g. 480). */
  outcome: 'established' | 'failed';
  statusCode?: number;
  reason?: string;
  /** The Call-ID the caller used (the provider hashes it into X-Provider-Call-Ref). */
  callId: string;
}

export interface MediaStats {
  packetsSent: number;
  packetsReceived: number;
  bytesReceived: number;
  /** "ip:port" of the selected ICE pair's local side, if any. */
  localAddress?: string;
  /** "ip:port" of the selected ICE pair's remote side: the media anchor when there is one. */
  remoteAddress?: string;
}

export type CallState = 'idle' | 'Initial' | 'Establishing' | 'Established' | 'Terminating' | 'Terminated';

export interface CallerApi {
  connect(config: SipAccountConfig): Promise<void>;
  placeCall(options: PlaceCallOptions): Promise<CallOutcome>;
  hangup(): Promise<void>;
  /** DTMF: "rtp" = RFC 4733 through the media path (default), "info" = SIP INFO. */
  sendDtmf(tones: string, via?: 'rtp' | 'info'): Promise<boolean>;
  stats(): Promise<MediaStats>;
  state(): CallState;
  disconnect(): Promise<void>;
}

export interface ReceivedInvite {
  /** The INVITE exactly as it arrived on the WebSocket (headers and SDP). */
  raw: string;
}

export interface RegisterResult {
  ok: boolean;
  statusCode?: number;
}

export interface CounsellorApi {
  /** Connect and REGISTER with digest auth; resolves with the outcome, never throws on 401/403. */
  register(config: SipAccountConfig): Promise<RegisterResult>;
  unregister(): Promise<void>;
  /** The next incoming INVITE (queued if it came already). */
  nextInvite(timeoutMs?: number): Promise<ReceivedInvite>;
  /** Answer the oldest ringing call; resolves when established. */
  answer(): Promise<void>;
  reject(statusCode?: number): Promise<void>;
  hangup(): Promise<void>;
  /** Resolves when the current call has ended (e.g. the caller hung up). */
  waitForEnd(timeoutMs?: number): Promise<void>;
  stats(): Promise<MediaStats>;
  state(): CallState;
  disconnect(): Promise<void>;
}

declare global {
  interface Window {
    tavsCaller: CallerApi;
    tavsCounsellor: CounsellorApi;
  }
}
