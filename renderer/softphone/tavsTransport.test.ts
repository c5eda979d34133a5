import { TransportState } from 'sip.js';
import { describe, expect, test } from 'vitest';
import { ApiCallError } from '../api/tavs';
import type { TavsApiClient } from './apiClient';
import { TavsTransport, TransportDownError } from './tavsTransport';

/** A fake `window.tavs`: requests wait until the test answers them; events are pushed by hand. */
function fakeApi() {
  const requests: Array<{ channel: string; payload: unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = {
    call: (channel: string, payload: unknown) =>
      new Promise((resolve, reject) => requests.push({ channel, payload, resolve, reject })),
    subscribe: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as TavsApiClient;
  const push = (event: string, payload: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));
  const take = (channel: string) => {
    const index = requests.findIndex((request) => request.channel === channel);
    if (index < 0) throw new Error(`no pending ${channel}`);
    return requests.splice(index, 1)[0]!;
  };
  return { api, push, take, requests, listeners };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function observed(transport: TavsTransport) {
  const log: string[] = [];
  transport.stateChange.addListener((state) => log.push(state));
  transport.onConnect = () => log.push('onConnect');
  transport.onDisconnect = (error) => log.push(`onDisconnect:${error instanceof TransportDownError ? error.reason : 'none'}`);
  transport.onMessage = (message) => log.push(`message:${message}`);
  return log;
}

describe('the sip.js transport over window.tavs', () => {
  test('connects through sip:connect and follows the sip.js state machine', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const log = observed(transport);
    expect(transport.state).toBe(TransportState.Disconnected);

    const connected = transport.connect();
    expect(transport.state).toBe(TransportState.Connecting);
    // The relay's own "connected" event may come first: the answer decides, not the event.
    fake.push('sip:transport', { state: 'connected', reason: 'requested' });
    expect(transport.state).toBe(TransportState.Connecting);
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    expect(transport.isConnected()).toBe(true);
    expect(log).toEqual(['Connecting', 'Connected', 'onConnect']);
  });

  test('a refused connect rejects with the reason and ends Disconnected', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const log = observed(transport);
    const connected = transport.connect();
    fake.take('sip:connect').reject(new ApiCallError('sip-unreachable', 'down'));
    await expect(connected).rejects.toMatchObject({ reason: 'unreachable' });
    expect(transport.state).toBe(TransportState.Disconnected);
    // No onDisconnect: it was never connected.
    expect(log).toEqual(['Connecting', 'Disconnected']);

    const again = transport.connect();
    fake.take('sip:connect').reject(new ApiCallError('sip-not-configured', 'none'));
    await expect(again).rejects.toMatchObject({ reason: 'not-configured' });
  });

  test('sends via sip:send and delivers sip:message only while connected', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const log = observed(transport);
    await expect(transport.send('OPTIONS')).rejects.toBeInstanceOf(TransportDownError);
    fake.push('sip:message', { message: 'too early' });

    const connected = transport.connect();
    fake.push('sip:message', { message: 'while connecting' });
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    const sent = transport.send('REGISTER sip:x SIP/2.0');
    expect(fake.take('sip:send').payload).toEqual({ message: 'REGISTER sip:x SIP/2.0' });
    fake.push('sip:message', { message: 'SIP/2.0 200 OK' });
    expect(log.filter((entry) => entry.startsWith('message:'))).toEqual(['message:while connecting', 'message:SIP/2.0 200 OK']);
    expect(sent).toBeInstanceOf(Promise);
  });

  test('a drop pushed by the main process reaches sip.js as onDisconnect with the reason', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const log = observed(transport);
    const connected = transport.connect();
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    fake.push('sip:transport', { state: 'disconnected', reason: 'closed' });
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(log.slice(-2)).toEqual(['Disconnected', 'onDisconnect:closed']);
    // A second, late event changes nothing.
    fake.push('sip:transport', { state: 'disconnected', reason: 'unreachable' });
    expect(log.filter((entry) => entry.startsWith('onDisconnect'))).toHaveLength(1);
  });

  test('a send that finds the server gone drops the transport', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const log = observed(transport);
    const connected = transport.connect();
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    const sent = transport.send('BYE');
    fake.take('sip:send').reject(new ApiCallError('sip-unreachable', 'gone'));
    await expect(sent).rejects.toMatchObject({ reason: 'unreachable' });
    expect(log.slice(-2)).toEqual(['Disconnected', 'onDisconnect:closed']);
  });

  test('a message the firewall refuses fails the send but keeps the connection', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const connected = transport.connect();
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    const sent = transport.send('INVITE');
    fake.take('sip:send').reject(new ApiCallError('sip-refused', 'no'));
    await expect(sent).rejects.toMatchObject({ reason: 'refused' });
    expect(transport.isConnected()).toBe(true);
  });

  test('disconnect asks the main process and calls onDisconnect without an error', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const log = observed(transport);
    const connected = transport.connect();
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    const disconnected = transport.disconnect();
    expect(transport.state).toBe(TransportState.Disconnecting);
    // The relay echoes the requested disconnect as an event before answering.
    fake.push('sip:transport', { state: 'disconnected', reason: 'requested' });
    await disconnected;
    fake.take('sip:disconnect').resolve({ state: 'disconnected', reason: 'requested' });
    await tick();
    // As in sip.js's own WebSocket transport, leaving Connected is what calls onDisconnect.
    expect(log.slice(-3)).toEqual(['Disconnecting', 'onDisconnect:none', 'Disconnected']);
  });

  test('a late answer to an abandoned connect is ignored', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const connected = transport.connect();
    const disconnected = transport.disconnect();
    await expect(connected).rejects.toBeInstanceOf(Error);
    fake.take('sip:disconnect').resolve({ state: 'disconnected', reason: 'requested' });
    await disconnected;
    fake.take('sip:connect').resolve({ state: 'connected' });
    await tick();
    expect(transport.state).toBe(TransportState.Disconnected);
  });

  test('dispose disconnects and unsubscribes from the main process', async () => {
    const fake = fakeApi();
    const transport = new TavsTransport(undefined, { api: fake.api });
    const connected = transport.connect();
    fake.take('sip:connect').resolve({ state: 'connected' });
    await connected;
    const disposed = transport.dispose();
    fake.take('sip:disconnect').resolve({ state: 'disconnected', reason: 'requested' });
    await disposed;
    expect([...fake.listeners.values()].every((set) => set.size === 0)).toBe(true);
    await expect(transport.connect()).rejects.toBeInstanceOf(TransportDownError);
  });
});
