import { describe, expect, test } from 'vitest';
import { fail, ok } from '../../shared/contract/result';
import type { Logger } from '../services/logger';
import { ApiHost, type ApiHandlers } from './apiHost';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (scope: string, message: string, fields?: object): void => {
    lines.push(JSON.stringify({ scope, message, ...fields }));
  };
  return { lines, info: write, warn: write, error: write };
}

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers & { calls: string[] } {
  const calls: string[] = [];
  const base: ApiHandlers = {
    'app:info': () => Promise.resolve(ok({ version: '1', transport: 'ipc', packaged: false })),
    'settings:get': () => Promise.resolve(ok({ locale: 'da' })),
    'settings:setLocale': ({ locale }) => {
      calls.push(`setLocale:${locale}`);
      return Promise.resolve(ok({ locale }));
    },
    'session:get': () => Promise.resolve(ok({ status: 'locked' })),
    'session:login': () => {
      calls.push('login');
      return Promise.resolve(fail('auth-failed', 'no'));
    },
    'session:logout': () => Promise.resolve(ok({ status: 'locked' })),
    'connection:get': () => Promise.resolve(ok({ hub: 'not-configured', sip: 'not-configured' })),
    'softphone:config': () => Promise.resolve(fail('sip-not-configured', 'none')),
    'sip:connect': () => Promise.resolve(fail('sip-not-configured', 'none')),
    'sip:disconnect': () => Promise.resolve(ok({ state: 'disconnected' })),
    'sip:send': () => Promise.resolve(fail('sip-not-configured', 'none')),
    'call:flagEmergency': () => Promise.resolve(fail('unknown-call', 'none')),
    'records:status': () => Promise.resolve(ok({ state: 'opening' })),
    'records:policy': () => Promise.resolve(ok({ topics: [], requiredFields: [] })),
    'records:startDraft': () => Promise.resolve(fail('records-unavailable', 'none')),
    'records:saveDraft': () => Promise.resolve(fail('records-unavailable', 'none')),
    'records:submit': () => Promise.resolve(fail('records-unavailable', 'none')),
    'records:listShift': () => Promise.resolve(fail('records-unavailable', 'none')),
    'sync:status': () => Promise.resolve(ok({ pending: 0, quarantined: 0, lastError: null, lastSyncedAt: null })),
    'statistics:get': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'statistics:export': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'shift:get': () => Promise.resolve(ok({ status: 'none' })),
    'presence:report': () => Promise.resolve(ok({ status: 'none' })),
    'presence:setAway': () => Promise.resolve(fail('not-logged-in', 'none')),
    'presence:setAvailable': () => Promise.resolve(fail('not-logged-in', 'none')),
    'board:get': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'board:logout': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'board:setState': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'shifts:list': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'shifts:save': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'shifts:delete': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'shifts:import': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'chat:state': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:accept': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:decline': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:send': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:typing': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:markRead': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:end': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:dismiss': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:transferTargets': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:transfer': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:escalate': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:block': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chat:cannedReplies': () => Promise.resolve(fail('not-logged-in', 'none')),
    'chatSettings:get': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'chatSettings:saveCannedReplies': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'chatSettings:saveSchedule': () => Promise.resolve(fail('hub-not-configured', 'none')),
    'board:acknowledgeAlert': () => Promise.resolve(fail('hub-not-configured', 'none')),
  };
  return Object.assign({ ...base, ...overrides }, { calls });
}

describe('ApiHost.dispatch', () => {
  test('passes a valid request to its service and returns the answer', async () => {
    const h = handlers();
    const host = new ApiHost(h, recordingLogger());
    expect(await host.dispatch('settings:setLocale', { locale: 'en' })).toEqual({ ok: true, value: { locale: 'en' } });
    expect(h.calls).toEqual(['setLocale:en']);
  });

  test('never passes an invalid request on, and logs the refusal without the payload', async () => {
    const h = handlers();
    const log = recordingLogger();
    const host = new ApiHost(h, log);
    const result = await host.dispatch('session:login', { username: 'x', password: 'hemmelig', extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(h.calls).toEqual([]);
    expect(log.lines.join('\n')).not.toContain('hemmelig');
  });

  test('a throwing service becomes an internal error, not a crash', async () => {
    const host = new ApiHost(handlers({ 'app:info': () => Promise.reject(new Error('disk on fire at /home/x')) }), recordingLogger());
    expect(await host.dispatch('app:info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'app:info failed' } });
  });

  test('a service answering with an undeclared field has it stripped', async () => {
    const leaky = handlers({
      'session:get': () => Promise.resolve(ok({ status: 'locked', callerNumber: '+4512345678' } as never)),
    });
    expect(await new ApiHost(leaky, recordingLogger()).dispatch('session:get', {})).toEqual({ ok: true, value: { status: 'locked' } });
  });
});

describe('ApiHost events', () => {
  test('reach every sink until it is removed', () => {
    const host = new ApiHost(handlers(), recordingLogger());
    const seen: unknown[] = [];
    const remove = host.addEventSink((event, payload) => seen.push([event, payload]));
    host.emit('session:changed', { status: 'locked' });
    remove();
    host.emit('session:changed', { status: 'locked' });
    expect(seen).toEqual([['session:changed', { status: 'locked' }]]);
  });

  test('an invalid event is dropped, not sent', () => {
    const host = new ApiHost(handlers(), recordingLogger());
    const seen: unknown[] = [];
    host.addEventSink((event, payload) => seen.push([event, payload]));
    host.emit('connection:changed', { hub: 'exploded', sip: 'online' } as never);
    expect(seen).toEqual([]);
  });
});
