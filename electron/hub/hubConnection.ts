import type WebSocket from 'ws';
import type { LoginRequest, LoginResponse } from '../../shared/hub/accountsApi';
import type { Logger } from '../services/logger';
import { describeFailure, type HubClient, type HubFailure, type HubResult } from './hubClient';

export type HubLinkState = 'connecting' | 'online' | 'offline';

/** An authorized call made without a session: nothing was sent. */
export type NoSession = { ok: false; failure: { kind: 'no-session' } };
export type SessionResult<T> = HubResult<T> | NoSession;

export interface HubConnectionEvents {
  link(state: HubLinkState): void;
  /** The hub no longer accepts this session (expired or revoked): the workstation must lock. */
  sessionLost(): void;
}

export interface HubConnectionOptions {
  /** How often a working link is checked (with a session: that the session still holds). */
  onlineProbeMs: number;
  /** How often a lost link is tried again (jittered ±50 %, so workstations do not probe in step). */
  offlineProbeMs: number;
  random?: () => number;
}

export const defaultHubConnectionOptions: HubConnectionOptions = { onlineProbeMs: 30_000, offlineProbeMs: 10_000 };

/**
 * The workstation's link to its hub: the one place the session's bearer token lives (in this
 * process's memory only: never sent to the renderer, logged or written to disk), and the link
 * state the status bar shows.
 *
 * Every answer moves the link state: no answer (network, timeout) or a 5xx means offline, any
 * other answer online. A probe runs on a timer so the state stays true when nothing else talks
 * to the hub, and so a lost link is noticed coming back. A 401 to the current token ends the
 * session here too (`sessionLost`), as does reaching its expiry.
 */
export class HubConnection {
  private token: string | null = null;
  private expiryTimer: NodeJS.Timeout | undefined;
  private state: HubLinkState = 'connecting';
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly options: Required<HubConnectionOptions>;

  constructor(
    readonly client: HubClient,
    private readonly log: Logger,
    private readonly events: HubConnectionEvents,
    options: Partial<HubConnectionOptions> = {},
  ) {
    this.options = { random: Math.random, ...defaultHubConnectionOptions, ...options };
  }

  /** Starts watching the link (a first probe now). */
  start(): void {
    this.stopped = false;
    this.track(this.probe());
  }

  linkState(): HubLinkState {
    return this.state;
  }

  hasSession(): boolean {
    return this.token !== null;
  }

  /** Logs in; on success the new token replaces any earlier one (which is ended on the hub). */
  async login(credentials: LoginRequest): Promise<HubResult<LoginResponse>> {
    const result = await this.client.login(credentials);
    this.observe(result);
    if (result.ok) {
      this.logout();
      this.token = result.value.token;
      this.watchExpiry(Date.parse(result.value.expiresAt));
    }
    return result;
  }

  /**
   * Forgets the token at once, then ends the session on the hub, best effort: logging out must
   * never wait for a hub that is down (the session then simply expires there).
   */
  logout(): void {
    const token = this.token;
    this.forgetToken();
    if (!token) return;
    this.track(
      this.client.logout(token).then((result) => {
        this.observe(result);
        if (!result.ok) this.log.warn('hub', 'session end not confirmed by the hub', { failure: describeFailure(result.failure) });
      }),
    );
  }

  /** Runs `call` with the session's token; a 401 to that token ends the session. */
  async authorized<T>(call: (client: HubClient, token: string) => Promise<HubResult<T>>): Promise<SessionResult<T>> {
    const token = this.token;
    if (!token) return { ok: false, failure: { kind: 'no-session' } };
    const result = await call(this.client, token);
    this.observe(result);
    if (!result.ok && isUnauthenticated(result.failure)) this.sessionRefused(token);
    return result;
  }

  /** One of the hub's sockets under the session's token; null without a session. */
  openSocket(path: string): WebSocket | null {
    return this.token ? this.client.openSocket(path, this.token) : null;
  }

  /**
   * Asks the hub whether the session still holds, now rather than at the next probe: a socket
   * the hub refused may mean the session ended, and a 401 here locks the workstation.
   */
  async verifySession(): Promise<void> {
    await this.authorized((client, token) => client.currentSession(token));
  }

  /** Settles when every request this connection started itself (probes, logouts) is done. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    this.forgetToken();
  }

  /** The link state follows every hub answer. */
  observe(result: HubResult<unknown>): void {
    const next: HubLinkState = !result.ok && linkDown(result.failure) ? 'offline' : 'online';
    if (next === this.state) return;
    this.state = next;
    this.log.info('hub', next === 'online' ? 'hub reachable' : 'hub unreachable', result.ok ? {} : { failure: describeFailure(result.failure) });
    this.events.link(next);
    if (!this.stopped) this.scheduleProbe();
  }

  private async probe(): Promise<void> {
    if (this.probing || this.stopped) return;
    this.probing = true;
    try {
      const token = this.token;
      // With a session the probe also proves the session still holds (a revoked one locks).
      if (token) await this.authorized((client, current) => client.currentSession(current));
      else this.observe(await this.client.health());
    } finally {
      this.probing = false;
      if (!this.stopped) this.scheduleProbe();
    }
  }

  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    const delay =
      this.state === 'online' ? this.options.onlineProbeMs : Math.round(this.options.offlineProbeMs * (0.5 + this.options.random()));
    this.probeTimer = setTimeout(() => this.track(this.probe()), delay);
    this.probeTimer.unref();
  }

  private sessionRefused(token: string): void {
    // Only the token in use: an answer to an earlier session's request must not lock a new one.
    if (this.token !== token) return;
    this.forgetToken();
    this.log.warn('hub', 'the hub ended the session');
    this.events.sessionLost();
  }

  private watchExpiry(expiresAt: number): void {
    const token = this.token;
    if (!token || Number.isNaN(expiresAt)) return;
    // setTimeout holds at most ~24.8 days; sessions last hours.
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => this.sessionRefused(token), delay);
    this.expiryTimer.unref();
  }

  private forgetToken(): void {
    this.token = null;
    clearTimeout(this.expiryTimer);
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    const done = (): void => void this.inFlight.delete(promise);
    promise.then(done, done);
  }
}

function linkDown(failure: HubFailure): boolean {
  return failure.kind === 'network' || failure.kind === 'timeout' || failure.kind === 'server';
}

function isUnauthenticated(failure: HubFailure): boolean {
  return failure.kind === 'refused' && failure.status === 401;
}
