import { EmitterImpl, TransportState, type Emitter, type Transport } from 'sip.js';
import type { ErrorCode } from '../../shared/contract/result';
import type { SipTransport } from '../../shared/contract/schemas';
import type { TavsApiClient } from './apiClient';

/**
 * The sip.js transport of the renderer: no socket of its own. SIP text goes to the main
 * process over `window.tavs` (`sip:send`), which holds the one WebSocket to the SIP server and
 * passes everything through the identity firewall; what comes back arrives as `sip:message`.
 *
 * It follows the state machine sip.js documents for `Transport` (api/transport.d.ts) and, as
 * required there, never reconnects by itself: recovery belongs to the engine, which backs off.
 */

/** Why the transport is (or went) down, in the fixed words the UI knows. */
export type TransportDownReason = NonNullable<SipTransport['reason']> | 'not-configured' | 'refused' | 'internal';

export class TransportDownError extends Error {
  constructor(readonly reason: TransportDownReason) {
    super(`SIP transport down: ${reason}`);
    this.name = 'TransportDownError';
  }
}

export interface TavsTransportOptions {
  api: TavsApiClient;
}

/** Messages that arrive while `sip:connect` is still answering are held back, not lost. */
const EARLY_MESSAGE_LIMIT = 32;

export class TavsTransport implements Transport {
  /** Written into Via; the main process's socket is a (secure) WebSocket. */
  readonly protocol = 'WSS';
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private _state = TransportState.Disconnected;
  private readonly _stateChange = new EmitterImpl<TransportState>();
  private readonly api: TavsApiClient;
  private readonly unsubscribe: Array<() => void>;
  private early: string[] = [];
  private transitioning = false;
  /** Bumped on every connect/disconnect, so a late answer to an older request changes nothing. */
  private generation = 0;
  private disposed = false;

  constructor(_logger: unknown, options: TavsTransportOptions) {
    this.api = options.api;
    this.unsubscribe = [
      this.api.subscribe('sip:message', ({ message }) => this.received(message)),
      this.api.subscribe('sip:transport', (event) => this.transportEvent(event)),
    ];
  }

  get state(): TransportState {
    return this._state;
  }

  get stateChange(): Emitter<TransportState> {
    return this._stateChange;
  }

  isConnected(): boolean {
    return this._state === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this.disposed) return Promise.reject(new TransportDownError('internal'));
    if (this._state === TransportState.Connected) return Promise.resolve();
    if (this._state === TransportState.Connecting) return this.pendingConnect ?? Promise.resolve();
    const generation = ++this.generation;
    this.early = [];
    this.pendingConnect = new Promise<void>((resolve, reject) => {
      this.settleConnect = { resolve, reject };
    });
    this.transition(TransportState.Connecting);
    this.api.call('sip:connect', {}).then(
      (answer) => {
        if (generation !== this.generation || this._state !== TransportState.Connecting) return;
        if (answer.state === 'connected') this.transition(TransportState.Connected);
        else this.transition(TransportState.Disconnected, new TransportDownError(answer.reason ?? 'unreachable'));
      },
      (error: unknown) => {
        if (generation !== this.generation || this._state !== TransportState.Connecting) return;
        this.transition(TransportState.Disconnected, new TransportDownError(reasonForError(error)));
      },
    );
    return this.pendingConnect;
  }

  disconnect(): Promise<void> {
    if (this._state === TransportState.Disconnected) return Promise.resolve();
    if (this._state === TransportState.Disconnecting) return this.pendingDisconnect ?? Promise.resolve();
    const generation = ++this.generation;
    this.pendingDisconnect = new Promise<void>((resolve, reject) => {
      this.settleDisconnect = { resolve, reject };
    });
    this.transition(TransportState.Disconnecting);
    // Disconnected either way: if the main process cannot be told, it has lost us anyway.
    const done = (): void => {
      if (generation === this.generation && this._state === TransportState.Disconnecting) {
        this.transition(TransportState.Disconnected);
      }
    };
    this.api.call('sip:disconnect', {}).then(done, done);
    return this.pendingDisconnect;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.disconnect();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this._stateChange.removeAllListeners();
  }

  async send(message: string): Promise<void> {
    if (this._state !== TransportState.Connected) throw new TransportDownError('closed');
    try {
      await this.api.call('sip:send', { message });
    } catch (error) {
      const reason = reasonForError(error);
      // The main process lost the server without us hearing of it: that is a dropped transport,
      // which sip.js must learn about to give up the registration and let the engine recover.
      if (reason === 'unreachable' && this._state === TransportState.Connected) {
        this.generation++;
        this.transition(TransportState.Disconnected, new TransportDownError('closed'));
      }
      throw new TransportDownError(reason);
    }
  }

  private pendingConnect: Promise<void> | undefined;
  private settleConnect: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private pendingDisconnect: Promise<void> | undefined;
  private settleDisconnect: { resolve: () => void; reject: (error: Error) => void } | undefined;

  private received(message: string): void {
    if (this._state === TransportState.Connected) {
      this.onMessage?.(message);
    } else if (this._state === TransportState.Connecting && this.early.length < EARLY_MESSAGE_LIMIT) {
      this.early.push(message);
    }
  }

  /**
   * Pushed by the main process. While connecting, the answer to `sip:connect` decides (an event
   * may belong to the previous connection); once connected, a "disconnected" is the server or
   * the network dropping us, or the shift ending.
   */
  private transportEvent(event: SipTransport): void {
    if (event.state !== 'disconnected') return;
    if (this._state === TransportState.Connected) {
      this.generation++;
      this.transition(TransportState.Disconnected, new TransportDownError(event.reason ?? 'closed'));
    } else if (this._state === TransportState.Disconnecting) {
      this.generation++;
      this.transition(TransportState.Disconnected);
    }
  }

  private transition(next: TransportState, error?: Error): void {
    if (!allowed(this._state, next)) throw new Error(`Invalid transport transition from ${this._state} to ${next}`);
    // sip.js requires that callbacks never re-enter connect/disconnect synchronously.
    if (this.transitioning) throw new Error(`Transport transition loop to ${next}`);
    this.transitioning = true;
    const previous = this._state;
    this._state = next;
    const connect = this.settleConnect;
    const disconnect = this.settleDisconnect;
    if (previous === TransportState.Connecting) {
      this.pendingConnect = undefined;
      this.settleConnect = undefined;
    }
    if (previous === TransportState.Disconnecting) {
      this.pendingDisconnect = undefined;
      this.settleDisconnect = undefined;
    }
    try {
      this._stateChange.emit(next);
      if (next === TransportState.Connected) this.onConnect?.();
      if (previous === TransportState.Connected) this.onDisconnect?.(error);
    } finally {
      this.transitioning = false;
    }
    if (previous === TransportState.Connecting) {
      if (next === TransportState.Connected) connect?.resolve();
      else connect?.reject(error ?? new TransportDownError('requested'));
    }
    if (previous === TransportState.Disconnecting) {
      if (next === TransportState.Disconnected) disconnect?.resolve();
      else disconnect?.reject(new Error('Disconnect aborted by a new connect'));
    }
    if (next === TransportState.Connected) {
      const early = this.early;
      this.early = [];
      for (const message of early) this.received(message);
    }
  }
}

function allowed(from: TransportState, to: TransportState): boolean {
  switch (from) {
    case TransportState.Disconnected:
      return to === TransportState.Connecting;
    case TransportState.Connecting:
      return to !== TransportState.Connecting;
    case TransportState.Connected:
      return to === TransportState.Disconnecting || to === TransportState.Disconnected;
    case TransportState.Disconnecting:
      return to === TransportState.Connecting || to === TransportState.Disconnected;
  }
}

function reasonForError(error: unknown): TransportDownReason {
  const code = (error as { code?: unknown } | null)?.code;
  const byCode: Partial<Record<ErrorCode, TransportDownReason>> = {
    'sip-unreachable': 'unreachable',
    'sip-not-configured': 'not-configured',
    'not-logged-in': 'logged-out',
    'sip-refused': 'refused',
  };
  return (typeof code === 'string' && byCode[code as ErrorCode]) || 'internal';
}
