import type { EventChannel, RequestChannel } from '../../shared/contract/channels';
import type { ErrorCode } from '../../shared/contract/result';
import type { EventOf, RequestOf, ResponseOf } from '../../shared/contract/schemas';
import type { TavsApi } from '../../shared/contract/tavsApi';

declare global {
  interface Window {
    /** Set by the preload (Electron) or the development bridge client, never by the app. */
    tavs?: TavsApi;
  }
}

export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

function api(): TavsApi {
  if (!window.tavs) throw new ApiCallError('internal', 'window.tavs is missing: not running inside Tavs');
  return window.tavs;
}

export function isApiAvailable(): boolean {
  return window.tavs !== undefined;
}

/** Calls the main process; resolves with the value or rejects with an ApiCallError. */
export async function call<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await api().invoke(channel, payload);
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
  return result.value;
}

export function subscribe<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void {
  return api().on(event, listener);
}
