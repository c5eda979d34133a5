import { isEventChannel, isRequestChannel } from '../../shared/contract/channels';
import { fail, type ApiResult } from '../../shared/contract/result';
import type { BridgeClientFrame, BridgeServerFrame, TavsApi } from '../../shared/contract/tavsApi';

/**
 * Development and test only: defines `window.tavs` over the loopback bridge WebSocket, so the
 * unchanged renderer bundle runs in plain Chromium. Built as its own script and injected by the
 * development server; the app's bundle never contains it.
 */
const BRIDGE_PATH = '/__tavs/bridge';

// The token arrives in the fragment (never sent to a server) and is removed from the address bar.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
history.replaceState(null, '', location.pathname + location.search);

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
const pending = new Map<number, (result: ApiResult<unknown>) => void>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket | undefined;

function connect(): void {
  const ws = new WebSocket(`ws://${location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`);
  socket = ws;
  ws.addEventListener('open', () => {
    for (const frame of outbox.splice(0)) ws.send(frame);
  });
  ws.addEventListener('message', (message: MessageEvent<string>) => {
    const frame = JSON.parse(message.data) as BridgeServerFrame;
    if (frame.kind === 'response') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  });
  ws.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(fail('internal', 'bridge connection lost'));
    pending.clear();
    socket = undefined;
  });
}

const api: TavsApi = {
  invoke(channel, payload) {
    if (!isRequestChannel(channel)) return Promise.resolve(fail('unknown-channel', 'no such request channel'));
    if (!socket) connect();
    const id = nextId++;
    const frame: BridgeClientFrame = { kind: 'request', id, channel, payload };
    const text = JSON.stringify(frame);
    return new Promise((resolve) => {
      pending.set(id, resolve as (result: ApiResult<unknown>) => void);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else if (socket?.readyState === WebSocket.CONNECTING) outbox.push(text);
      else {
        pending.delete(id);
        resolve(fail('internal', 'bridge not connected'));
      }
    });
  },
  on(event, listener) {
    if (!isEventChannel(event)) return () => undefined;
    if (!socket) connect();
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  },
};

Object.defineProperty(window, 'tavs', { value: Object.freeze(api), writable: false, configurable: false });
