import type { EventChannel, RequestChannel } from '../../shared/contract/channels';
import type { ApiResult } from '../../shared/contract/result';
import type { ChatDesk, DeskConversation, DeskMessage, EventOf, SessionState, ShiftView } from '../../shared/contract/schemas';
import type { ChatOffer } from '../../shared/hub/chatApi';

/** How a faked channel answers: a value or an error at once, or a promise the test settles. */
export type FakeAnswer = (payload: unknown) => ApiResult<unknown> | Promise<ApiResult<unknown>>;

export interface FakeRequest {
  channel: RequestChannel;
  payload: unknown;
}

/** Who listens to which event on the installed fake (what `connectStore` subscribed). */
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

/**
 * A `window.tavs` for store tests: records every request and answers from a table; channels
 * not in the table fail with `internal`. (The store talks to nothing else.)
 */
export function installFakeTavsApi(answers: Partial<Record<RequestChannel, FakeAnswer>>): FakeRequest[] {
  const requests: FakeRequest[] = [];
  listeners.clear();
  const tavs = {
    invoke: (channel: RequestChannel, payload: unknown) => {
      requests.push({ channel, payload });
      const answer = answers[channel];
      return Promise.resolve(answer ? answer(payload) : { ok: false, error: { code: 'internal', message: 'not faked' } });
    },
    on: (event: EventChannel, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  (globalThis as unknown as { window: unknown }).window = { tavs };
  return requests;
}

/** Pushes an event from the "main process" to whoever subscribed on the fake. */
export function emitFakeEvent<E extends EventChannel>(event: E, payload: EventOf<E>): void {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

export function removeFakeTavsApi(): void {
  listeners.clear();
  delete (globalThis as { window?: unknown }).window;
}

/** A promise and its resolve, for answers that arrive when the test says so. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const failed = (
  code:
    | 'internal'
    | 'forbidden'
    | 'not-on-shift'
    | 'shift-conflict'
    | 'invalid-shift'
    | 'hub-unreachable'
    | 'chat-offline'
    | 'unknown-conversation'
    | 'chat-refused'
    | 'invalid-chat-settings'
    | 'records-unavailable',
): ApiResult<never> => ({
  ok: false,
  error: { code, message: code },
});

export const activeSession = (role: 'counsellor' | 'supervisor' | 'administrator'): SessionState => ({ status: 'active', role, displayName: 'Test' });

/** Lets queued promise callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A counsellor on an ordinary day shift, available, with nothing pending. */
export const onShift = {
  status: 'on',
  startsAt: '2026-03-02T07:00:00Z',
  endsAt: '2026-03-02T15:00:00Z',
  ending: false,
  presence: 'available',
  awayReason: null,
  presenceLink: 'online',
  pendingLogout: null,
} as const satisfies ShiftView;

// ---- The chat desk, as the main process would push it ----

/** An online desk with room for three chats and nothing on it. */
export const emptyDesk = {
  link: 'online',
  accepting: true,
  maxParallelChats: 3,
  maxMessageChars: 2000,
  offers: [],
  conversations: [],
  lastError: null,
} as const satisfies ChatDesk;

export function deskMessage(seq: number | null, from: DeskMessage['from'], text: string, extra: Partial<DeskMessage> = {}): DeskMessage {
  return { seq, from, text, notice: null, sentAt: '2026-03-02T10:00:00.000Z', clientId: null, pending: seq === null, ...extra };
}

export function deskConversation(conversationId: string, extra: Partial<DeskConversation> = {}): DeskConversation {
  return {
    conversationId,
    state: 'active',
    startedAt: '2026-03-02T10:00:00.000Z',
    endedAt: null,
    escalated: false,
    visitorTyping: false,
    readSeq: 0,
    messages: [],
    ...extra,
  };
}

export function chatOffer(offerId: string, conversationId: string, extra: Partial<ChatOffer> = {}): ChatOffer {
  return { offerId, conversationId, expiresAt: '2026-03-02T10:00:30.000Z', waitedSeconds: 12, transfer: false, ...extra };
}

export function desk(extra: Partial<ChatDesk> = {}): ChatDesk {
  return { ...emptyDesk, offers: [], conversations: [], ...extra };
}
