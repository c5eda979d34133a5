import fs from 'node:fs/promises';
import { APP_HOST } from '../security/appOrigin';
import { contentTypeFor, resolveBundlePath } from '../security/bundlePath';
import { contentSecurityPolicy, securityHeaders } from '../security/contentSecurityPolicy';

const headers = securityHeaders(contentSecurityPolicy());

/**
 * The answer to one app:// request: a file of the renderer bundle, with the CSP and the other
 * security headers on every response, errors included. Electron-free so it is tested directly.
 */
export async function appBundleResponse(rendererRoot: string, request: { url: string; method: string }): Promise<Response> {
  const url = new URL(request.url);
  const file = url.hostname === APP_HOST && request.method === 'GET' ? resolveBundlePath(rendererRoot, url.pathname) : null;
  const body = file ? await fs.readFile(file).catch(() => null) : null;
  if (!file || !body) return new Response('Not found', { status: 404, headers });
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file) } });
}
