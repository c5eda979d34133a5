import { describe, expect, test } from 'vitest';
import { allowPermissionCheck, allowPermissionRequest } from './permissionPolicy';

const app = 'app://tavs/index.html';

describe('permission requests', () => {
  test('grants the microphone to the app', () => {
    expect(allowPermissionRequest({ permission: 'media', requestingUrl: app, mediaTypes: ['audio'] })).toBe(true);
  });

  test.each([
    ['camera', { permission: 'media', requestingUrl: app, mediaTypes: ['video'] }],
    ['camera with microphone', { permission: 'media', requestingUrl: app, mediaTypes: ['audio', 'video'] }],
    ['media of unknown kind', { permission: 'media', requestingUrl: app, mediaTypes: [] }],
    ['media without kinds', { permission: 'media', requestingUrl: app }],
    ['microphone for another origin', { permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] }],
    ['microphone for the dev server', { permission: 'media', requestingUrl: 'http://127.0.0.1:5173/', mediaTypes: ['audio'] }],
    ['notifications', { permission: 'notifications', requestingUrl: app }],
    ['geolocation', { permission: 'geolocation', requestingUrl: app }],
    ['screen capture', { permission: 'display-capture', requestingUrl: app }],
    ['clipboard read', { permission: 'clipboard-read', requestingUrl: app }],
    ['fullscreen', { permission: 'fullscreen', requestingUrl: app }],
    ['open external', { permission: 'openExternal', requestingUrl: app }],
    ['a permission nobody has heard of', { permission: 'future-thing', requestingUrl: app }],
  ])('refuses %s', (_name, request) => {
    expect(allowPermissionRequest(request)).toBe(false);
  });
});

describe('permission checks', () => {
  test('the app may use audio', () => {
    expect(allowPermissionCheck({ permission: 'media', requestingOrigin: 'app://tavs', mediaType: 'audio' })).toBe(true);
  });

  test.each([
    { permission: 'media', requestingOrigin: 'app://tavs', mediaType: 'video' },
    { permission: 'media', requestingOrigin: 'app://tavs', mediaType: 'unknown' },
    { permission: 'media', requestingOrigin: 'app://tavs' },
    { permission: 'media', requestingOrigin: 'https://evil.example', mediaType: 'audio' },
    { permission: 'clipboard-sanitized-write', requestingOrigin: 'app://tavs' },
    { permission: 'hid', requestingOrigin: 'app://tavs' },
  ])('refuses %o', (check) => {
    expect(allowPermissionCheck(check)).toBe(false);
  });
});
