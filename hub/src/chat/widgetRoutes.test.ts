import vm from 'node:vm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_EMBED_PATH, CHAT_PAGE_PATH, CHAT_SCRIPT_PATH } from '../../../shared/hub/chatApi';
import { testHubContext } from '../../testing/testAccounts';
import { freshDatabase, hubDatabaseEngines } from '../../testing/testDatabases';
import { buildHub } from '../buildHub';
import type { Database } from '../db/database';
import { defaultHubPolicy, hubPolicySchema } from '../policy/hubPolicy';
import { CHAT_STYLE_PATH } from './widgetAssets';
import { frameAncestors, widgetContentSecurityPolicy } from './widgetHeaders';

// A fresh PGlite takes seconds, many more on a busy machine; the widget is bundled once per process.
const SETUP_MS = 60_000;

const policy = hubPolicySchema.parse({
  chat: {
    quickExitUrl: 'https://exit.example/nyheder?fra=chat&x="y"',
    frameAncestors: ['https://www.raadgivning.example/kontakt', 'https://raadgivning.example'],
  },
});

const widgetPaths = [CHAT_PAGE_PATH, CHAT_SCRIPT_PATH, CHAT_STYLE_PATH, CHAT_EMBED_PATH];

/** The CSP's directives by name. */
function directives(response: LightMyRequestResponse): Map<string, string> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
}

describe.each(hubDatabaseEngines)('the visitor widget served by a hub on %s', (engine) => {
  let db: Database;
  let app: FastifyInstance;
  let context: ReturnType<typeof testHubContext>;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    context = testHubContext(db, policy);
    app = await buildHub(context);
  }, SETUP_MS);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (url: string, method: 'GET' | 'HEAD' = 'GET') => app.inject({ method, url, headers: { cookie: 'tracker=1', 'x-forwarded-for': '203.0.113.9' } });

  it('serves every part with a strict CSP, no referrer, no cache, no sniffing, no features, and never a cookie', async () => {
    for (const path of widgetPaths) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await get(path, method);
        expect(response.statusCode, `${method} ${path}`).toBe(200);
        expect(response.headers['set-cookie'], path).toBeUndefined();
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        const features = String(response.headers['permissions-policy']);
        for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(features).toContain(`${feature}=()`);
        expect(features).not.toMatch(/=\((?!\))/);
        const csp = directives(response);
        expect(Object.fromEntries(csp)).toMatchObject({
          'default-src': "'none'",
          'script-src': "'self'",
          'style-src': "'self'",
          'connect-src': "'self'",
          'img-src': "'none'",
          'base-uri': "'none'",
          'form-action': "'none'",
          'frame-ancestors': 'https://www.raadgivning.example https://raadgivning.example',
          'require-trusted-types-for': "'script'",
        });
        // Nothing anywhere loosens it.
        expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe-|data:|blob:|https?:\/\/(?!www\.raadgivning|raadgivning)/);
      }
    }
  });

  it('serves the page in Danish, with the policy’s quick-exit address (escaped) and the script and style from the hub', async () => {
    const response = await get(CHAT_PAGE_PATH);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    const html = response.body;
    expect(html).toMatch(/^<!doctype html>\s*<html lang="da">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('data-quick-exit-url="https://exit.example/nyheder?fra=chat&amp;x=&quot;y&quot;"');
    expect(html).toContain(`<script src="${CHAT_SCRIPT_PATH}" defer></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${CHAT_STYLE_PATH}">`);
    // Nothing inline for the CSP to refuse, and nothing from elsewhere.
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son\w+=/i);
    expect(html).not.toMatch(/https?:\/\/(?!exit\.example)/);
    // The query does not matter (?lang=en only tells the script).
    expect((await get(`${CHAT_PAGE_PATH}?lang=en`)).body).toBe(html);
  });

  it('serves the page’s script as one small bundle that fetches nothing from elsewhere and writes no HTML', async () => {
    const response = await get(CHAT_SCRIPT_PATH);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const script = response.body;
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script.length).toBeGreaterThan(5_000);
    // zod stays out (the page checks frames by hand), so the script stays small.
    expect(script.length).toBeLessThan(60_000);
    expect(script).not.toMatch(/ZodError|\$ZodType/);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|localStorage|document\.cookie|eval\(/);
    expect(script).not.toMatch(/https?:\/\//);
    expect(script).toContain('sessionStorage');
    expect(script).toContain('Forlad siden');
  });

  it('serves the style sheet with no fonts, images or imports to fetch', async () => {
    const response = await get(CHAT_STYLE_PATH);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.body).toContain(':focus-visible');
    expect(response.body).not.toMatch(/@import|url\(|@font-face/);
  });

  it('serves the embed script for the service’s site: loadable from another origin, pointing at the page', async () => {
    const response = await get(CHAT_EMBED_PATH);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const script = response.body;
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script.length).toBeLessThan(8_000);
    expect(script).toContain(JSON.stringify(CHAT_PAGE_PATH));
    expect(script).toContain('Chat anonymt');
    expect(script).toContain('no-referrer');
    expect(script).not.toMatch(/innerHTML|localStorage|sessionStorage|document\.cookie|fetch\(|XMLHttpRequest/);
  });

  it('writes no address of a visitor fetching the widget to the log', async () => {
    for (const path of widgetPaths) await app.inject({ method: 'GET', url: path, headers: { 'x-forwarded-for': '203.0.113.9' }, remoteAddress: '198.51.100.7' });
    expect(JSON.stringify(context.log.lines)).not.toMatch(/203\.0\.113\.9|198\.51\.100\.7/);
  });
});

describe('frame-ancestors', () => {
  it('lets any site frame the page when the policy names none, and only the named sites (as origins) otherwise', () => {
    expect(frameAncestors(defaultHubPolicy.chat)).toBe('*');
    expect(widgetContentSecurityPolicy(defaultHubPolicy.chat)).toContain('frame-ancestors *;');
    expect(frameAncestors({ frameAncestors: ['https://a.example/x', 'https://a.example/y', 'http://b.example:8080/'] })).toBe('https://a.example http://b.example:8080');
  });
});
