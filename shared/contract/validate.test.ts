import { describe, expect, test } from 'vitest';
import { eventChannels, requestChannels } from './channels';
import { eventSchemas, requestSchemas } from './schemas';
import { shapeEvent, shapeResponse, validateRequest } from './validate';

describe('the contract', () => {
  test('has one schema per channel and no schema without a channel', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...requestChannels].sort());
    expect(Object.keys(eventSchemas).sort()).toEqual([...eventChannels].sort());
  });

  test('channel names are service:method', () => {
    for (const name of [...requestChannels, ...eventChannels]) expect(name).toMatch(/^[a-z][a-zA-Z]*:[a-zA-Z]+$/);
  });
});

describe('validateRequest', () => {
  test('accepts a valid request and trims the user name', () => {
    const result = validateRequest('session:login', { username: '  raadgiver ', password: 'x' });
    expect(result).toEqual({ ok: true, value: { channel: 'session:login', payload: { username: 'raadgiver', password: 'x' } } });
  });

  test.each([
    ['an unknown channel', 'fs:readFile', {}],
    ['a prototype key as channel', '__proto__', {}],
    ['a non-string channel', 42, {}],
  ])('refuses %s', (_name, channel, payload) => {
    const result = validateRequest(channel, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknown-channel');
  });

  test.each([
    ['no payload', 'app:info', undefined],
    ['null', 'app:info', null],
    ['an extra key', 'app:info', { sneaky: true }],
    ['an array', 'settings:get', []],
    ['a locale not offered', 'settings:setLocale', { locale: 'de' }],
    ['a locale of the wrong type', 'settings:setLocale', { locale: 1 }],
    ['a missing password', 'session:login', { username: 'a' }],
    ['an empty user name', 'session:login', { username: '   ', password: 'x' }],
    ['an oversized password', 'session:login', { username: 'a', password: 'x'.repeat(257) }],
    ['an oversized user name', 'session:login', { username: 'a'.repeat(129), password: 'x' }],
    ['a password that is not text', 'session:login', { username: 'a', password: { toString: 'x' } }],
    ['an extra key beside valid ones', 'session:login', { username: 'a', password: 'x', role: 'supervisor' }],
  ])('refuses %s', (_name, channel, payload) => {
    const result = validateRequest(channel, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-request');
  });

  test('the refusal names fields, never their values', () => {
    const result = validateRequest('session:login', { username: 'a', password: 'hemmelig-kode'.repeat(30) });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('password');
      expect(result.error.message).not.toContain('hemmelig');
    }
  });
});

describe('shaping what leaves the main process', () => {
  test('strips fields a response does not declare', () => {
    const result = shapeResponse('app:info', { version: '1.0.0', transport: 'ipc', packaged: true, secret: 'x' });
    expect(result).toEqual({ ok: true, value: { version: '1.0.0', transport: 'ipc', packaged: true } });
  });

  test('refuses a response of the wrong shape', () => {
    const result = shapeResponse('session:get', { status: 'active', role: 'admin', displayName: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  test('strips and checks events the same way', () => {
    expect(shapeEvent('connection:changed', { hub: 'online', sip: 'offline', callerIp: '1.2.3.4' })).toEqual({
      ok: true,
      value: { hub: 'online', sip: 'offline' },
    });
    expect(shapeEvent('connection:changed', { hub: 'up' }).ok).toBe(false);
  });
});
