import type { RequestChannel } from '../../shared/contract/channels';
import type { ApiResult } from '../../shared/contract/result';
import type { SessionState, ShiftView } from '../../shared/contract/schemas';

/** How a faked channel answers: a value or an error at once, or a promise the test settles. */
export type FakeAnswer = (payload: unknown) => ApiResult<unknown> | Promise<ApiResult<unknown>>;

export interface FakeRequest {
  channel: RequestChannel;
  payload: unknown;
}

/**
 * A `window.tavs` for store tests: records every request and answers from a table; channels
 * not in the table fail with `internal`. (The store talks to nothing else.)
 */
export function installFakeTavsApi(answers: Partial<Record<RequestChannel, FakeAnswer>>): FakeRequest[] {
  const requests: FakeRequest[] = [];
  const tavs = {
    invoke: (channel: RequestChannel, payload: unknown) => {
      requests.push({ channel, payload });
      const answer = answers[channel];
      return Promise.resolve(answer ? answer(payload) : { ok: false, error: { code: 'internal', message: 'not faked' } });
    },
    on: () => () => undefined,
  };
  (globalThis as unknown as { window: unknown }).window = { tavs };
  return requests;
}

export function removeFakeTavsApi(): void {
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
export const failed = (code: 'internal' | 'forbidden' | 'not-on-shift' | 'shift-conflict' | 'invalid-shift' | 'hub-unreachable'): ApiResult<never> => ({
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
