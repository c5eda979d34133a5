import { beforeEach, describe, expect, it } from 'vitest';
import type { VisitorEvent, VisitorMessage } from '../shared/hub/chatApi';
import { BACKOFF_MAX_MS } from './reconnectPolicy';
import { FRESH_CONNECT_ATTEMPTS, VisitorSession, type SessionObserver, type SocketHandle, type SocketHandlers, type TokenStore } from './visitorSession';

const TOKEN = 'T'.repeat(43);

/** A socket as the session sees it, driven from the hub's side by the test. */
class FakeSocket implements SocketHandle {
  readonly sent: VisitorMessage[] = [];
  closedWith: number | null = null;
  constructor(private readonly handlers: SocketHandlers) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as VisitorMessage);
  }
  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }
  open(): void {
    this.handlers.open();
  }
  emit(event: VisitorEvent): void {
    this.handlers.message(JSON.stringify(event));
  }
  raw(data: unknown): void {
    this.handlers.message(data);
  }
  drop(code = 1006): void {
    this.handlers.close(code);
  }
}

/** Timers on a clock the test moves. */
class FakeClock {
  now = 0;
  private timers: { at: number; run: () => void; live: boolean }[] = [];
  schedule = (run: () => void, ms: number): (() => void) => {
    const timer = { at: this.now + ms, run, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.live && timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      next.live = false;
      this.now = next.at;
      next.run();
    }
    this.now = until;
  }
  pending(): number {
    return this.timers.filter((timer) => timer.live).length;
  }
}

class MemoryTokens implements TokenStore {
  value: string | null = null;
  read = (): string | null => this.value;
  write = (token: string): void => {
    this.value = token;
  };
  clear = (): void => {
    this.value = null;
  };
}

type Call = [keyof SessionObserver, ...unknown[]];

let sockets: FakeSocket[];
let clock: FakeClock;
let tokens: MemoryTokens;
let calls: Call[];
let session: VisitorSession;
let ids: number;

const socket = (): FakeSocket => {
  const last = sockets.at(-1);
  if (!last) throw new Error('no socket yet');
  return last;
};
const callsOf = (name: keyof SessionObserver): unknown[][] => calls.filter((call) => call[0] === name).map((call) => call.slice(1));
const phases = (): unknown[] => callsOf('phase').map(([phase]) => phase);

beforeEach(() => {
  sockets = [];
  clock = new FakeClock();
  tokens = new MemoryTokens();
  calls = [];
  ids = 0;
  const record =
    (name: keyof SessionObserver) =>
    (...args: unknown[]): void => {
      calls.push([name, ...args]);
    };
  const observer: SessionObserver = {
    phase: record('phase'),
    welcome: record('welcome'),
    queue: record('queue'),
    closed: record('closed'),
    message: record('message'),
    typing: record('typing'),
    refused: record('refused'),
    ended: record('ended'),
  };
  session = new VisitorSession(
    {
      connect: (handlers) => {
        const created = new FakeSocket(handlers);
        sockets.push(created);
        return created;
      },
      tokens,
      schedule: clock.schedule,
      random: () => 0.5,
      newClientId: () => `c${++ids}`,
    },
    observer,
  );
});

/** A new conversation, welcomed and queued. */
function welcomed(state: 'queued' | 'active' = 'queued', maxMessageChars = 100): FakeSocket {
  session.start();
  socket().open();
  socket().emit({ type: 'welcome', token: TOKEN, state, maxMessageChars });
  return socket();
}

const counsellorSays = (seq: number, text: string, clientId: string | null = null): VisitorEvent => ({
  type: 'message',
  message: { seq, from: 'counsellor', text, notice: null, sentAt: '2025-12-24T09:00:00.000Z' },
  clientId,
});
const notice = (seq: number, which: 'counsellor-joined' | 'requeued'): VisitorEvent => ({
  type: 'message',
  message: { seq, from: 'system', text: '', notice: which, sentAt: '2025-12-24T09:00:00.000Z' },
  clientId: null,
});

describe('a visitor’s conversation', () => {
  it('says hello without a token, keeps the token it is given, and follows the queue to a counsellor', () => {
    session.start();
    expect(session.phase).toBe('connecting');
    socket().open();
    expect(socket().sent).toEqual([{ type: 'hello', token: null }]);
    socket().emit({ type: 'welcome', token: TOKEN, state: 'queued', maxMessageChars: 2000 });
    expect(tokens.value).toBe(TOKEN);
    expect(callsOf('welcome')).toEqual([[2000, false]]);
    socket().emit({ type: 'queue', position: 2, estimatedWaitSeconds: 180 });
    expect(callsOf('queue')).toEqual([[2, 180]]);
    socket().emit(notice(1, 'counsellor-joined'));
    expect(session.phase).toBe('active');
    socket().emit(counsellorSays(2, 'Hej, hvad kan jeg hjælpe med?'));
    socket().emit({ type: 'typing', typing: true });
    expect(phases()).toEqual(['connecting', 'queued', 'active']);
    expect(callsOf('message').map(([message]) => (message as { seq: number }).seq)).toEqual([1, 2]);
    expect(callsOf('typing')).toEqual([[true]]);
    // Each message is acknowledged, so the hub may forget it.
    expect(socket().sent.filter((frame) => frame.type === 'ack')).toEqual([
      { type: 'ack', seq: 1 },
      { type: 'ack', seq: 2 },
    ]);
  });

  it('sends a message with a clientId and keeps it pending until the hub echoes it', () => {
    const hub = welcomed('active');
    const sent = session.send('  Jeg har det svært  ');
    expect(sent).toEqual({ ok: true, clientId: 'c1', text: 'Jeg har det svært' });
    expect(hub.sent.at(-1)).toEqual({ type: 'message', clientId: 'c1', text: 'Jeg har det svært' });
    hub.emit({ type: 'message', message: { seq: 1, from: 'visitor', text: 'Jeg har det svært', notice: null, sentAt: '2025-12-24T09:00:00.000Z' }, clientId: 'c1' });
    expect(callsOf('message').at(-1)?.[1]).toBe('c1');
    // Echoed: a reconnect does not send it again.
    hub.drop();
    clock.advance(BACKOFF_MAX_MS);
    socket().open();
    socket().emit({ type: 'welcome', token: TOKEN, state: 'active', maxMessageChars: 100 });
    expect(socket().sent.filter((frame) => frame.type === 'message')).toEqual([]);
  });

  it('refuses an empty or too long message before it leaves the page (the limit from welcome)', () => {
    welcomed('active', 10);
    expect(session.send('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(session.send('x'.repeat(11))).toEqual({ ok: false, reason: 'too-long' });
    expect(session.send('x'.repeat(10))).toMatchObject({ ok: true });
    expect(socket().sent.filter((frame) => frame.type === 'message')).toHaveLength(1);
  });

  it('refuses to send before a conversation exists', () => {
    expect(session.send('hej')).toEqual({ ok: false, reason: 'not-in-conversation' });
  });

  it('gives a refused message back (nothing typed is lost) and does not resend it', () => {
    const hub = welcomed('active');
    session.send('for hurtigt');
    hub.emit({ type: 'error', code: 'rate-limited', clientId: 'c1' });
    expect(callsOf('refused')).toEqual([['rate-limited', 'c1', 'for hurtigt']]);
    expect(session.phase).toBe('active');
    hub.drop();
    clock.advance(BACKOFF_MAX_MS);
    socket().open();
    socket().emit({ type: 'welcome', token: TOKEN, state: 'active', maxMessageChars: 100 });
    expect(socket().sent.filter((frame) => frame.type === 'message')).toEqual([]);
  });

  it('sends typing only while a counsellor is there', () => {
    const hub = welcomed('queued');
    session.typing(true);
    expect(hub.sent.filter((frame) => frame.type === 'typing')).toEqual([]);
    hub.emit(notice(1, 'counsellor-joined'));
    session.typing(true);
    expect(hub.sent.filter((frame) => frame.type === 'typing')).toEqual([{ type: 'typing', typing: true }]);
  });
});

describe('after a network drop', () => {
  it('reconnects with backoff, resumes with the token, resends what was unconfirmed, and skips what it already has', () => {
    const first = welcomed('active');
    first.emit(counsellorSays(1, 'første'));
    session.send('sendt før bruddet');
    first.drop(1006);
    expect(session.phase).toBe('reconnecting');
    // Written while the socket is down: kept, sent after the resume.
    expect(session.send('skrevet under bruddet')).toMatchObject({ ok: true, clientId: 'c2' });
    expect(sockets).toHaveLength(1);
    clock.advance(999); // the first retry comes after about a second (±20 %; random() = 0.5 gives 1 s)
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    const second = socket();
    second.open();
    expect(second.sent).toEqual([{ type: 'hello', token: TOKEN }]);
    second.emit({ type: 'welcome', token: TOKEN, state: 'active', maxMessageChars: 100 });
    expect(callsOf('welcome').at(-1)).toEqual([100, true]);
    expect(second.sent.slice(1)).toEqual([
      { type: 'message', clientId: 'c1', text: 'sendt før bruddet' },
      { type: 'message', clientId: 'c2', text: 'skrevet under bruddet' },
      { type: 'ack', seq: 1 },
    ]);
    // The hub sends seq 1 again (it had no ack): acknowledged, not shown twice.
    second.emit(counsellorSays(1, 'første'));
    second.emit(counsellorSays(2, 'anden'));
    expect(callsOf('message').map(([message]) => (message as { text: string }).text)).toEqual(['første', 'anden']);
    expect(phases()).toEqual(['connecting', 'active', 'reconnecting', 'active']);
  });

  it('backs off further with every failed try, up to 30 s, and retries at once when the browser is online again', () => {
    welcomed('active').drop();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const before = clock.now;
      const count = sockets.length;
      while (sockets.length === count) clock.advance(100);
      waits.push(clock.now - before);
      socket().drop(1006);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    session.retryNow();
    expect(socket().sent).toEqual([]);
    expect(sockets).toHaveLength(9);
    expect(session.phase).toBe('reconnecting');
  });

  it('gives up on a hub that never answers a new conversation, and says so', () => {
    session.start();
    for (let attempt = 1; attempt < FRESH_CONNECT_ATTEMPTS; attempt++) {
      socket().drop(1006);
      clock.advance(BACKOFF_MAX_MS);
    }
    socket().drop(1006);
    expect(sockets).toHaveLength(FRESH_CONNECT_ATTEMPTS);
    expect(callsOf('phase').at(-1)).toEqual(['stopped', 'unreachable']);
    expect(clock.pending()).toBe(0);
  });

  it('resumes a stored conversation after a reload', () => {
    tokens.value = TOKEN;
    expect(session.hasStoredToken()).toBe(true);
    session.start();
    socket().open();
    expect(socket().sent).toEqual([{ type: 'hello', token: TOKEN }]);
  });

  it('ignores a replaced socket’s late events', () => {
    const first = welcomed('active');
    first.drop();
    clock.advance(BACKOFF_MAX_MS);
    first.emit(counsellorSays(5, 'sent'));
    first.drop();
    expect(callsOf('message')).toEqual([]);
    expect(sockets).toHaveLength(2);
  });

  it('drops frames it does not understand', () => {
    const hub = welcomed('active');
    hub.raw('{"type":"html","html":"<img src=x onerror=alert(1)>"}');
    hub.raw(new Uint8Array([1]));
    hub.raw('not json');
    expect(callsOf('message')).toEqual([]);
    expect(session.phase).toBe('active');
  });
});

describe('how a conversation ends', () => {
  it('closed: shows the hours, forgets the token, does not reconnect', () => {
    session.start();
    socket().open();
    const schedule = { schedule: { weekly: null, exceptions: [] }, timeZone: 'Europe/Copenhagen', open: false, nextChange: null, todayLabel: 'Juledag' };
    socket().emit({ type: 'closed', schedule });
    expect(callsOf('closed')).toEqual([[schedule]]);
    expect(socket().closedWith).toBe(1000);
    socket().drop(4010);
    clock.advance(BACKOFF_MAX_MS);
    expect(sockets).toHaveLength(1);
    expect(session.phase).toBe('closed');
  });

  it('ended by the counsellor: the token is forgotten and nothing reconnects', () => {
    const hub = welcomed('active');
    hub.emit({ type: 'ended', by: 'counsellor' });
    expect(callsOf('ended')).toEqual([['counsellor']]);
    expect(tokens.value).toBeNull();
    hub.drop(4010);
    clock.advance(BACKOFF_MAX_MS);
    expect(sockets).toHaveLength(1);
    expect(session.send('hallo?')).toEqual({ ok: false, reason: 'not-in-conversation' });
  });

  it('leave: tells the hub, forgets the token at once, and ends when the hub confirms (or after 3 s without it)', () => {
    const hub = welcomed('active');
    session.leave();
    expect(hub.sent.at(-1)).toEqual({ type: 'leave' });
    expect(tokens.value).toBeNull();
    hub.emit({ type: 'ended', by: 'visitor' });
    expect(callsOf('ended')).toEqual([['visitor']]);

    session.start();
    socket().open();
    socket().emit({ type: 'welcome', token: TOKEN, state: 'queued', maxMessageChars: 100 });
    session.leave();
    clock.advance(3_000);
    expect(callsOf('ended')).toEqual([['visitor'], ['visitor']]);
    expect(socket().closedWith).toBe(1000);
  });

  it('leave while the socket is down ends here (the hub ends it after its grace period)', () => {
    welcomed('active').drop();
    session.leave();
    expect(callsOf('ended')).toEqual([['visitor']]);
    clock.advance(BACKOFF_MAX_MS);
    expect(sockets).toHaveLength(1);
  });

  it.each([
    [4002, 'replaced'],
    [4011, 'limited'],
    [4004, 'refused'],
    [1009, 'refused'],
  ] as const)('close code %i stops with %s and does not loop', (code, reason) => {
    welcomed('active').drop(code);
    expect(callsOf('phase').at(-1)).toEqual(['stopped', reason]);
    clock.advance(BACKOFF_MAX_MS);
    expect(sockets).toHaveLength(1);
  });

  it('close code 4010 (finished) ends the conversation and forgets the token', () => {
    welcomed('active').drop(4010);
    expect(callsOf('ended')).toEqual([['hub']]);
    expect(tokens.value).toBeNull();
  });

  it.each([
    ['unknown-conversation', 'gone'],
    ['blocked', 'blocked'],
    ['too-many-conversations', 'limited'],
  ] as const)('the hub’s %s stops the session as %s and forgets the token', (code, reason) => {
    const hub = welcomed('active');
    hub.emit({ type: 'error', code, clientId: null });
    expect(callsOf('phase').at(-1)).toEqual(['stopped', reason]);
    expect(tokens.value).toBeNull();
    hub.drop(4010);
    expect(sockets).toHaveLength(1);
  });

  it('quick exit: leave if connected, drop the socket and the token, report nothing, reconnect never', () => {
    const hub = welcomed('active');
    session.send('ikke bekræftet');
    const reported = calls.length;
    session.quickExit();
    expect(hub.sent.at(-1)).toEqual({ type: 'leave' });
    expect(hub.closedWith).toBe(1000);
    expect(tokens.value).toBeNull();
    hub.drop(1006);
    clock.advance(BACKOFF_MAX_MS);
    expect(sockets).toHaveLength(1);
    expect(calls).toHaveLength(reported);
  });

  it('a new conversation after the end starts without the old token and from seq 1', () => {
    const hub = welcomed('active');
    hub.emit(counsellorSays(1, 'gammel'));
    hub.emit({ type: 'ended', by: 'counsellor' });
    session.start();
    socket().open();
    expect(socket().sent).toEqual([{ type: 'hello', token: null }]);
    socket().emit({ type: 'welcome', token: 'U'.repeat(43), state: 'active', maxMessageChars: 100 });
    socket().emit(counsellorSays(1, 'ny'));
    expect(callsOf('message').map(([message]) => (message as { text: string }).text)).toEqual(['gammel', 'ny']);
  });
});
