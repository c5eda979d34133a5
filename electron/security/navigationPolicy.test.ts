import { describe, expect, test } from 'vitest';
import {
  allowDownload,
  allowNavigation,
  allowRequest,
  allowWebviewAttach,
  decideWindowOpen,
  trustCertificateError,
} from './navigationPolicy';

describe('navigation and new content', () => {
  test('window.open is always denied', () => {
    expect(decideWindowOpen()).toEqual({ action: 'deny' });
  });

  test('navigation, redirects, webviews and downloads are refused', () => {
    expect(allowNavigation()).toBe(false);
    expect(allowWebviewAttach()).toBe(false);
    expect(allowDownload()).toBe(false);
  });

  test('certificate errors are never bypassed', () => {
    expect(trustCertificateError()).toBe(false);
  });
});

describe('network requests from the window', () => {
  const production = { development: false };

  test('the bundle may load itself', () => {
    expect(allowRequest('app://tavs/assets/index.js', production)).toBe(true);
    expect(allowRequest('data:image/png;base64,AAAA', production)).toBe(true);
  });

  test.each([
    'https://example.com/tracker.js',
    'http://127.0.0.1:8080/',
    'wss://sip.example.com/',
    'file:///etc/passwd',
    'ftp://example.com/',
    'app://other/index.html',
    'devtools://devtools/bundled/inspector.html',
    'chrome-extension://abc/',
  ])('refuses %s in production', (url) => {
    expect(allowRequest(url, production)).toBe(false);
  });

  test('devtools only in development', () => {
    expect(allowRequest('devtools://devtools/bundled/inspector.html', { development: true })).toBe(true);
  });
});
