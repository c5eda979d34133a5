import type { EventChannel, RequestChannel } from './channels';
import type { ApiResult } from './result';
import type { EventOf, RequestOf, ResponseOf } from './schemas';

/**
 * `window.tavs`: the only thing the preload (or, in development, the bridge client) exposes.
 * Both transports implement exactly this, so the renderer cannot tell them apart.
 */
export interface TavsApi {
  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>>;
  /** Returns the function that unsubscribes. */
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

/** Frames on the bridge WebSocket; the IPC transport carries the same payloads natively. */
export type BridgeClientFrame = { kind: 'request'; id: number; channel: string; payload: unknown };
export type BridgeServerFrame =
  | { kind: 'response'; id: number; result: ApiResult<unknown> }
  | { kind: 'event'; event: EventChannel; payload: unknown };
