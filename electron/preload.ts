import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventChannel, isRequestChannel, type RequestChannel } from '../shared/contract/channels';
import { fail, type ApiResult } from '../shared/contract/result';
import type { RequestOf, ResponseOf } from '../shared/contract/schemas';
import type { TavsApi } from '../shared/contract/tavsApi';

/**
 * Exposes `window.tavs` and nothing else. The renderer gets two functions, never
 * `ipcRenderer` itself, and can only name channels that are in the contract. The main process
 * validates every payload again: this check only keeps typos from leaving the renderer.
 */
const api: TavsApi = {
  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
    if (!isRequestChannel(channel)) {
      return Promise.resolve(fail('unknown-channel', 'no such request channel'));
    }
    return ipcRenderer.invoke(channel, payload) as Promise<ApiResult<ResponseOf<C>>>;
  },
  on(event, listener) {
    if (!isEventChannel(event)) return () => undefined;
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => {
      (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tavs', api);
