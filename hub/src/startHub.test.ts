import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, hubDatabaseEngines } from '../testing/testDatabases';
import { hubConfigFromEnv } from './hubConfig';
import { createMemoryHubLogger } from './hubLogger';
import { startHub, type RunningHub } from './startHub';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-hub-tls-'));
const certFile = path.join(dir, 'cert.pem');
const keyFile = path.join(dir, 'key.pem');

beforeAll(() => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=tavs-hub-test', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function getJson(url: string, ca?: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ...(ca ? { ca } : {}) }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }));
    });
    request.on('error', reject);
  });
}

describe('hub configuration from the environment', () => {
  it('defaults to loopback HTTP on PGlite in .hub-data', () => {
    const config = hubConfigFromEnv({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 7480, dataDir: path.resolve('.hub-data') });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.tls).toBeUndefined();
  });

  it('refuses to listen beyond loopback without TLS, and half a TLS configuration', () => {
    expect(() => hubConfigFromEnv({ HUB_HOST: '0.0.0.0' })).toThrow(/without TLS/);
    expect(() => hubConfigFromEnv({ HUB_TLS_CERT: certFile })).toThrow(/both HUB_TLS_CERT and HUB_TLS_KEY/);
    expect(() => hubConfigFromEnv({ HUB_PORT: 'eighty' })).toThrow(/HUB_PORT/);
    expect(hubConfigFromEnv({ HUB_HOST: '0.0.0.0', HUB_TLS_CERT: certFile, HUB_TLS_KEY: keyFile }).tls?.cert).toContain('BEGIN CERTIFICATE');
  });
});

describe.each(hubDatabaseEngines)('a hub started on %s', (engine) => {
  let hub: RunningHub;
  beforeAll(async () => {
    const config = { ...hubConfigFromEnv({ HUB_PORT: '0', HUB_TLS_CERT: certFile, HUB_TLS_KEY: keyFile }) };
    hub = await startHub(config, createMemoryHubLogger(), { database: await freshDatabase(engine, { migrated: false }), retention: false });
  });
  afterAll(() => hub.stop());

  it('serves HTTPS with its certificate, migrated, and a client that does not trust it is refused', async () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await getJson(`${hub.url}/api/v1/health`, fs.readFileSync(certFile, 'utf8'))).toEqual({ status: 200, body: { status: 'ok', database: engine } });
    await expect(getJson(`${hub.url}/api/v1/health`)).rejects.toThrow(/self.signed|certificate/i);
    const { rows } = await hub.context.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]?.n).toBeGreaterThan(0);
  });
});
