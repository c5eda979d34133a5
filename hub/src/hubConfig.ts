import fs from 'node:fs';
import path from 'node:path';
import { transcriptKeyFrom } from './chat/chatTranscripts';
import { sipServerFromEnv } from './sip/sipServerConfig';
import type { SipServer } from './sip/sipServer';

/**
 * How a hub process is started, from its environment (a systemd unit sets these; see deploy/).
 * Nothing here is policy: what the service keeps and for how long is in the policy file.
 */
export interface HubConfig {
  host: string;
  port: number;
  /** PostgreSQL server; without it the hub runs on PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  policyFile?: string;
  tls?: { cert: string; key: string };
  logFile?: string;
  /** Kamailio's JSON-RPC (HUB_SIP_RPC_URL, HUB_SIP_DOMAIN; see sip/sipServerConfig.ts), or none. */
  sip?: SipServer | null;
  /**
   * HUB_CHAT_TRANSCRIPT_KEY (32 bytes, base64): what kept chat transcripts are encrypted with,
   * needed only when the policy keeps them. Kept out of the database and the policy file.
   */
  chatTranscriptKey?: Buffer | null;
}

export function hubConfigFromEnv(env: NodeJS.ProcessEnv): HubConfig {
  const port = Number(env.HUB_PORT ?? 7480);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`HUB_PORT must be a port number, not ${env.HUB_PORT}`);
  const host = env.HUB_HOST ?? '127.0.0.1';
  const certFile = env.HUB_TLS_CERT;
  const keyFile = env.HUB_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('set both HUB_TLS_CERT and HUB_TLS_KEY, or neither');
  const tls = certFile && keyFile ? { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') } : undefined;
  // Plain HTTP is for loopback only: anything reachable from elsewhere must be TLS.
  if (!tls && !isLoopback(host)) throw new Error(`the hub listens on ${host} without TLS: set HUB_TLS_CERT and HUB_TLS_KEY`);
  return {
    host,
    port,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    dataDir: path.resolve(env.HUB_DATA_DIR ?? '.hub-data'),
    ...(env.HUB_POLICY ? { policyFile: env.HUB_POLICY } : {}),
    ...(tls ? { tls } : {}),
    ...(env.HUB_LOG ? { logFile: env.HUB_LOG } : {}),
    sip: sipServerFromEnv(env),
    chatTranscriptKey: transcriptKeyFrom(env.HUB_CHAT_TRANSCRIPT_KEY),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
