import { describe, expect, test } from 'vitest';
import { KamailioSipServer } from './kamailioSipServer';
import { sipServerFromEnv } from './sipServerConfig';

describe('the SIP server from the environment', () => {
  test('none configured: no SIP server (the hub issues no SIP credentials)', () => {
    expect(sipServerFromEnv({})).toBeNull();
    expect(sipServerFromEnv({ HUB_SIP_RPC_URL: ' ', HUB_SIP_DOMAIN: '' })).toBeNull();
  });

  test('Kamailio on loopback, with the domain as the digest realm', () => {
    for (const url of ['http://127.0.0.1:5071/RPC', 'https://localhost:5071/RPC', 'http://[::1]:5071/RPC', 'http://127.0.0.2/RPC']) {
      const server = sipServerFromEnv({ HUB_SIP_RPC_URL: url, HUB_SIP_DOMAIN: 'helpline.example.org' });
      expect(server).toBeInstanceOf(KamailioSipServer);
      expect(server?.realm).toBe('helpline.example.org');
    }
  });

  test('one without the other is a mistake, said plainly', () => {
    expect(() => sipServerFromEnv({ HUB_SIP_RPC_URL: 'http://127.0.0.1:5071/RPC' })).toThrow('set both HUB_SIP_RPC_URL and HUB_SIP_DOMAIN, or neither');
    expect(() => sipServerFromEnv({ HUB_SIP_DOMAIN: 'tavs.test' })).toThrow('set both HUB_SIP_RPC_URL and HUB_SIP_DOMAIN, or neither');
  });

  test.each([
    ['http://10.0.0.5:5071/RPC', /loopback/],
    ['http://kamailio.example.org:5071/RPC', /loopback/],
    ['http://127.0.0.1.example.org/RPC', /loopback/],
    ['ws://127.0.0.1:5071/RPC', /http:\/\/ or https:\/\//],
    ['127.0.0.1:5071', /not a URL/],
    ['not a url', /not a URL/],
  ])('refuses HUB_SIP_RPC_URL=%s', (url, message) => {
    expect(() => sipServerFromEnv({ HUB_SIP_RPC_URL: url, HUB_SIP_DOMAIN: 'tavs.test' })).toThrow(message);
  });

  test('refuses credentials in the URL without repeating them', () => {
    let message = '';
    try {
      sipServerFromEnv({ HUB_SIP_RPC_URL: 'http://hub:sekret-token@127.0.0.1:5071/RPC', HUB_SIP_DOMAIN: 'tavs.test' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/must not carry credentials/);
    expect(message).not.toContain('sekret-token');
  });

  test('refuses a domain that is no domain name', () => {
    expect(() => sipServerFromEnv({ HUB_SIP_RPC_URL: 'http://127.0.0.1:5071/RPC', HUB_SIP_DOMAIN: 'tavs test;x' })).toThrow(/HUB_SIP_DOMAIN/);
  });
});
