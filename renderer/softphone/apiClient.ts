import { call, subscribe } from '../api/tavs';

/**
 * The two functions the softphone needs from `window.tavs`, passed in rather than imported
 * where they are used, so the transport and engine can be driven by a fake in unit tests.
 */
export interface TavsApiClient {
  call: typeof call;
  subscribe: typeof subscribe;
}

export const tavsApiClient: TavsApiClient = { call, subscribe };
