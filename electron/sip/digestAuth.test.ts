import { describe, expect, test } from 'vitest';
import { digestAuthorization, parseChallenge } from './digestAuth';

describe('digest challenges', () => {
  test('parses quoted and bare parameters with qop options', () => {
    expect(parseChallenge('Digest realm="tavs.test", nonce="abc,def", qop="auth,auth-int", opaque="o1", algorithm=MD5')).toEqual({
      realm: 'tavs.test',
      nonce: 'abc,def',
      opaque: 'o1',
      algorithm: 'MD5',
      qop: 'auth',
    });
  });

  test.each(['Basic realm="x"', 'Digest realm="x"', 'Digest realm="x", nonce="n", algorithm=MD5-sess', ''])('refuses %s', (header) => {
    expect(parseChallenge(header)).toBeNull();
  });
});

describe('digest answers', () => {
  // RFC 2617 §3.5 worked example (HTTP, but the computation is the same).
  test('matches the RFC 2617 example with qop=auth', () => {
    const header = digestAuthorization({
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      challenge: { realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', opaque: '5ccc069c403ebaf9f0171e9517f40e41', algorithm: 'MD5', qop: 'auth' },
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
  });

  test('without qop uses the RFC 2069 form', () => {
    const header = digestAuthorization({
      method: 'REGISTER',
      uri: 'sip:tavs.test',
      username: 'u',
      password: 'p',
      challenge: { realm: 'tavs.test', nonce: 'n', algorithm: 'MD5' },
    });
    expect(header).not.toContain('qop=');
    expect(header).toMatch(/response="[0-9a-f]{32}"/);
  });

  test('SHA-256 gives a 64-digit response', () => {
    const header = digestAuthorization({
      method: 'REGISTER',
      uri: 'sip:tavs.test',
      username: 'u',
      password: 'p',
      challenge: { realm: 'tavs.test', nonce: 'n', algorithm: 'SHA-256', qop: 'auth' },
    });
    expect(header).toMatch(/response="[0-9a-f]{64}"/);
  });
});
