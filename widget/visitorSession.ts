import type { ChatErrorCode, ChatMessage, ChatScheduleView, VisitorEvent, VisitorMessage } from '../shared/hub/chatApi';
import { backoffDelay, closeVerdict } from './reconnectPolicy';
import type { Schedule } from './typingSignal';
import { encodeVisitorMessage, parseVisitorEvent } from './visitorFrames';

/**
 * One visitor's conversation over the visitor socket: hello (new or resumed with the token),
 * the queue, messages with seq and ack, reconnecting with backoff after a drop, and leaving. It
 * owns no DOM and no real socket (both are given), so the whole state machine runs in a unit test.
 *
 * Messages the visitor wrote stay `pending` until the hub echoes them with their clientId; after a
 * reconnect they are sent again (the hub drops a clientId it already has), so a drop loses nothing.
 */

export type SessionPhase = 'idle' | 'connecting' | 'queued' | 'active' | 'reconnecting' | 'closed' | 'ended' | 'stopped';
/** Why a session stopped without an ending: what the page tells the visitor. */
export type StopReason = 'unreachable' | 'replaced' | 'limited' | 'refused' | 'blocked' | 'gone';
export type EndedBy = Extract<VisitorEvent, { type: 'ended' }>['by'];

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number): void;
}
export interface SocketHandle {
  send(data: string): void;
  close(code?: number): void;
}
/** Where the resume token lives: sessionStorage on the page (gone when the tab closes). */
export interface TokenStore {
  read(): string | null;
  write(token: string): void;
  clear(): void;
}

export interface SessionDeps {
  connect(handlers: SocketHandlers): SocketHandle;
  tokens: TokenStore;
  schedule: Schedule;
  random: () => number;
  newClientId: () => string;
}

export interface SessionObserver {
  phase(phase: SessionPhase, reason: StopReason | null): void;
  /** The hub took us in (again): the message limit, and whether an earlier conversation goes on. */
  welcome(maxMessageChars: number, resumed: boolean): void;
  queue(position: number, estimatedWaitSeconds: number | null): void;
  /** Chat is closed now; null: the hub said so without the hours (the page fetches them). */
  closed(schedule: ChatScheduleView | null): void;
  /** A message from either side or the hub; the visitor's own carries the clientId it was sent with. */
  message(message: ChatMessage, clientId: string | null): void;
  typing(typing: boolean): void;
  /** The hub refused something; a refused message comes back (`text`) so nothing typed is lost. */
  refused(code: ChatErrorCode, clientId: string | null, text: string | null): void;
  ended(by: EndedBy): void;
}

export type SendResult = { ok: true; clientId: string; text: string } | { ok: false; reason: 'empty' | 'too-long' | 'not-in-conversation' };

/** Without a token there is nothing to resume: give up after this many failed connections. */
export const FRESH_CONNECT_ATTEMPTS = 4;
/** `leave` sent: the hub answers `ended`; if it does not within this, the page ends anyway. */
const LEAVE_ANSWER_MS = 3_000;

export class VisitorSession {
  private phaseNow: SessionPhase = 'idle';
  private socket: SocketHandle | null = null;
  private socketOpen = false;
  private welcomed = false;
  private token: string | null = null;
  private lastSeq = 0;
  private readonly pending = new Map<string, string>();
  private failedAttempts = 0;
  private maxChars = Infinity;
  private cancelTimer: (() => void) | null = null;
  /** A frame settled how this socket ends (closed, ended, a terminal error): its close means nothing more. */
  private settled = false;
  private leaving = false;

  constructor(
    private readonly deps: SessionDeps,
    private readonly observer: SessionObserver,
  ) {}

  get phase(): SessionPhase {
    return this.phaseNow;
  }

  /** A stored token (a reload or a crash of the tab) means a conversation to resume. */
  hasStoredToken(): boolean {
    return this.deps.tokens.read() !== null;
  }

  /** Starts a conversation, or resumes the stored one. */
  start(): void {
    if (!['idle', 'closed', 'ended', 'stopped'].includes(this.phaseNow)) return;
    this.token = this.deps.tokens.read();
    this.lastSeq = 0;
    this.pending.clear();
    this.failedAttempts = 0;
    this.connect('connecting');
  }

  /** The network is back (the browser's `online`): do not wait for the backoff. */
  retryNow(): void {
    if (this.socket === null && (this.phaseNow === 'reconnecting' || this.phaseNow === 'connecting')) this.connect(this.phaseNow);
  }

  send(rawText: string): SendResult {
    const text = rawText.trim();
    if (text.length === 0) return { ok: false, reason: 'empty' };
    if (text.length > this.maxChars) return { ok: false, reason: 'too-long' };
    if (!['queued', 'active', 'reconnecting'].includes(this.phaseNow)) return { ok: false, reason: 'not-in-conversation' };
    const clientId = this.deps.newClientId();
    this.pending.set(clientId, text);
    if (this.ready()) this.write({ type: 'message', clientId, text });
    return { ok: true, clientId, text };
  }

  typing(typing: boolean): void {
    if (this.ready() && this.phaseNow === 'active') this.write({ type: 'typing', typing });
  }

  /** "Afslut samtale": the hub ends the conversation for both sides; the token is forgotten at once. */
  leave(): void {
    this.forgetConversation();
    if (this.ready()) {
      this.leaving = true;
      this.write({ type: 'leave' });
      this.timer(() => this.finish('ended', null, () => this.observer.ended('visitor')), LEAVE_ANSWER_MS);
      return;
    }
    this.finish('ended', null, () => this.observer.ended('visitor'));
  }

  /** Quick exit: tell the hub if we can, then drop everything without a word to the page. */
  quickExit(): void {
    if (this.ready()) this.write({ type: 'leave' });
    this.forgetConversation();
    this.settled = true;
    this.dropSocket();
    this.phaseNow = 'idle';
  }

  private connect(phase: 'connecting' | 'reconnecting'): void {
    this.clearTimer();
    this.settled = false;
    this.leaving = false;
    this.welcomed = false;
    this.socketOpen = false;
    this.setPhase(phase, null);
    const handle: SocketHandle = this.deps.connect({
      open: () => {
        if (this.socket !== handle) return;
        this.socketOpen = true;
        this.write({ type: 'hello', token: this.token });
      },
      message: (data) => {
        if (this.socket !== handle) return;
        const event = parseVisitorEvent(data);
        if (event) this.onEvent(event);
      },
      close: (code) => {
        if (this.socket !== handle) return;
        this.socket = null;
        this.socketOpen = false;
        this.onClose(code);
      },
    });
    this.socket = handle;
  }

  private onEvent(event: VisitorEvent): void {
    switch (event.type) {
      case 'welcome': {
        const resumed = this.token === event.token;
        this.token = event.token;
        this.deps.tokens.write(event.token);
        this.welcomed = true;
        this.failedAttempts = 0;
        this.maxChars = event.maxMessageChars;
        this.setPhase(event.state, null);
        this.observer.welcome(event.maxMessageChars, resumed);
        for (const [clientId, text] of this.pending) this.write({ type: 'message', clientId, text });
        if (this.lastSeq > 0) this.write({ type: 'ack', seq: this.lastSeq });
        return;
      }
      case 'closed':
        this.forgetConversation();
        this.finish('closed', null, () => this.observer.closed(event.schedule));
        return;
      case 'queue':
        if (this.phaseNow !== 'queued') this.setPhase('queued', null);
        this.observer.queue(event.position, event.estimatedWaitSeconds);
        return;
      case 'message':
        this.onMessage(event.message, event.clientId);
        return;
      case 'typing':
        this.observer.typing(event.typing);
        return;
      case 'ended':
        this.forgetConversation();
        this.finish('ended', null, () => this.observer.ended(event.by));
        return;
      case 'error':
        this.onError(event.code, event.clientId);
        return;
    }
  }

  private onMessage(message: ChatMessage, clientId: string | null): void {
    if (message.seq <= this.lastSeq) {
      // Sent again after a reconnect: we have it; say so again.
      this.write({ type: 'ack', seq: this.lastSeq });
      return;
    }
    this.lastSeq = message.seq;
    if (clientId !== null) this.pending.delete(clientId);
    this.observer.message(message, clientId);
    if (message.notice === 'counsellor-joined') this.setPhase('active', null);
    if (message.notice === 'requeued') this.setPhase('queued', null);
    this.write({ type: 'ack', seq: message.seq });
  }

  private onError(code: ChatErrorCode, clientId: string | null): void {
    switch (code) {
      case 'closed':
        this.forgetConversation();
        this.finish('closed', null, () => this.observer.closed(null));
        return;
      case 'blocked':
      case 'unknown-conversation':
      case 'too-many-conversations':
        this.forgetConversation();
        this.finish('stopped', code === 'blocked' ? 'blocked' : code === 'unknown-conversation' ? 'gone' : 'limited', null);
        return;
      case 'message-too-large':
      case 'rate-limited':
      case 'invalid-message':
      case 'not-yours':
      case 'no-capacity':
      case 'unavailable': {
        const text = clientId === null ? null : (this.pending.get(clientId) ?? null);
        if (clientId !== null) this.pending.delete(clientId);
        this.observer.refused(code, clientId, text);
        return;
      }
    }
  }

  private onClose(code: number): void {
    if (this.settled) return;
    if (this.leaving) {
      this.finish('ended', null, () => this.observer.ended('visitor'));
      return;
    }
    const verdict = closeVerdict(code);
    switch (verdict) {
      case 'retry':
        this.scheduleRetry();
        return;
      case 'finished':
        this.forgetConversation();
        this.finish('ended', null, () => this.observer.ended('hub'));
        return;
      case 'replaced':
      case 'limited':
      case 'refused':
        this.finish('stopped', verdict, null);
        return;
    }
  }

  private scheduleRetry(): void {
    this.failedAttempts += 1;
    if (this.token === null && this.failedAttempts >= FRESH_CONNECT_ATTEMPTS) {
      this.finish('stopped', 'unreachable', null);
      return;
    }
    const phase = this.token === null ? 'connecting' : 'reconnecting';
    this.setPhase(phase, null);
    this.timer(() => this.connect(phase), backoffDelay(this.failedAttempts, this.deps.random));
  }

  /** The session is over for now: no socket, no timer, and the observer told once. */
  private finish(phase: 'closed' | 'ended' | 'stopped', reason: StopReason | null, tell: (() => void) | null): void {
    this.settled = true;
    this.leaving = false;
    this.clearTimer();
    this.dropSocket();
    this.setPhase(phase, reason);
    tell?.();
  }

  private forgetConversation(): void {
    this.token = null;
    this.deps.tokens.clear();
    this.pending.clear();
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.socketOpen = false;
    this.welcomed = false;
    socket?.close(1000);
  }

  private ready(): boolean {
    return this.socket !== null && this.socketOpen && this.welcomed;
  }

  private write(message: VisitorMessage): void {
    this.socket?.send(encodeVisitorMessage(message));
  }

  private setPhase(phase: SessionPhase, reason: StopReason | null): void {
    if (phase === this.phaseNow && reason === null) return;
    this.phaseNow = phase;
    this.observer.phase(phase, reason);
  }

  private timer(run: () => void, ms: number): void {
    this.clearTimer();
    this.cancelTimer = this.deps.schedule(() => {
      this.cancelTimer = null;
      run();
    }, ms);
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }
}
