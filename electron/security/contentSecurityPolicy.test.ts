import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './contentSecurityPolicy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  const csp = directives(contentSecurityPolicy());

  test('denies everything not named', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  test('scripts and styles only from the bundle: no inline, no eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval|\*/);
  });

  test.each(['object-src', 'frame-src', 'child-src', 'worker-src', 'base-uri', 'form-action', 'frame-ancestors'])(
    '%s is none',
    (name) => {
      expect(csp.get(name)).toEqual(["'none'"]);
    },
  );

  test('no remote hosts anywhere in production', () => {
    expect(contentSecurityPolicy()).not.toMatch(/https?:|wss?:/);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  test('the development bridge widens connect-src and nothing else', () => {
    const development = directives(contentSecurityPolicy({ extraConnectSrc: ['ws://127.0.0.1:4000'] }));
    expect(development.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
    for (const [name, sources] of development) {
      if (name !== 'connect-src') expect(sources).toEqual(csp.get(name));
    }
  });

  test('security headers carry the CSP and forbid sniffing, referrers and caching', () => {
    const headers = securityHeaders('default-src x');
    expect(headers['Content-Security-Policy']).toBe('default-src x');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Cache-Control']).toBe('no-store');
    expect(headers['Permissions-Policy']).toContain('camera=()');
  });
});
