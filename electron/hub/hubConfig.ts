import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Plain HTTP only to this machine itself (tests and the local stack); everything else is TLS. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

function allowedHubUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

/**
 * `hub.json` in the data directory: where this workstation's hub is. Main-process
 * configuration, like softphone.json; no credentials (staff log in with their own).
 */
export const hubConfigFileSchema = z
  .object({
    /** The hub's base address: https://…, or http://127.0.0.1 / localhost for a hub on this machine. */
    url: z.string().refine(allowedHubUrl, 'must be https:// (or http:// to 127.0.0.1 / localhost), without credentials, query or fragment'),
    /** A PEM file with the CA that signed the hub's certificate, for a service's private CA. Relative to hub.json. */
    caCertificate: z.string().min(1).optional(),
  })
  .strict();

export interface HubConfig {
  /** Without a trailing slash; API paths are appended to it. */
  baseUrl: string;
  /** PEM text of the private CA, if one is configured; otherwise the system's CAs. */
  ca?: string;
}

/** Reads and validates a hub.json; the error names the problem, never a value from the file. */
export function loadHubConfig(file: string): HubConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(error instanceof SyntaxError ? `hub settings in ${file} are not JSON` : `hub settings in ${file} cannot be read`);
  }
  const parsed = hubConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid hub settings in ${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'} ${issue.message}`).join('; ')}`);
  }
  const config: HubConfig = { baseUrl: parsed.data.url.replace(/\/+$/, '') };
  if (parsed.data.caCertificate) {
    const caFile = path.resolve(path.dirname(file), parsed.data.caCertificate);
    let pem: string;
    try {
      pem = fs.readFileSync(caFile, 'utf8');
    } catch {
      throw new Error(`the hub's CA certificate ${caFile} (caCertificate in ${file}) cannot be read`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`the hub's CA certificate ${caFile} is not a PEM certificate`);
    config.ca = pem;
  }
  return config;
}

/** The hub settings if there are any; a missing file means no hub (nobody can log in), a broken one is reported. */
export function hubConfigIfPresent(file: string, report: (problem: string) => void): HubConfig | null {
  if (!fs.existsSync(file)) return null;
  try {
    return loadHubConfig(file);
  } catch (error) {
    report((error as Error).message);
    return null;
  }
}
