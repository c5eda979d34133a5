import { KamailioSipServer } from './kamailioSipServer';
import type { SipServer } from './sipServer';

/**
 * The hub's SIP server from its environment (a systemd unit sets these; see deploy/):
 *
 *   HUB_SIP_RPC_URL    Kamailio's JSON-RPC, on loopback only (on the hub's host, or an SSH tunnel
 *                      to Kamailio's host): http(s)://127.0.0.1:<port>/RPC
 *   HUB_SIP_DOMAIN     the SIP domain, which is the digest realm of the per-shift credentials
 *   HUB_SIP_RPC_TOKEN  optional bearer token (deploy/kamailio/kamailio.cfg checks RPC_TOKEN)
 *
 * Both of the first two or neither: without them the hub issues no SIP credentials and the board
 * shows no call figures. Errors name the variable, never its value (the URL could hold a secret).
 */
export function sipServerFromEnv(env: NodeJS.ProcessEnv): SipServer | null {
  const rpcUrl = env.HUB_SIP_RPC_URL?.trim() ?? '';
  const domain = env.HUB_SIP_DOMAIN?.trim() ?? '';
  if (!rpcUrl && !domain) return null;
  if (!rpcUrl || !domain) throw new Error('set both HUB_SIP_RPC_URL and HUB_SIP_DOMAIN, or neither');

  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new Error('HUB_SIP_RPC_URL is not a URL (expected e.g. http://127.0.0.1:5071/RPC)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('HUB_SIP_RPC_URL must be an http:// or https:// URL');
  if (!isLoopback(url.hostname)) {
    throw new Error("HUB_SIP_RPC_URL must point at loopback (127.0.0.1, ::1 or localhost): Kamailio's JSON-RPC is never exposed; use a tunnel");
  }
  if (url.username || url.password) throw new Error('HUB_SIP_RPC_URL must not carry credentials: set HUB_SIP_RPC_TOKEN');
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(domain)) throw new Error('HUB_SIP_DOMAIN must be a domain name such as helpline.example.org');

  const token = env.HUB_SIP_RPC_TOKEN?.trim();
  return new KamailioSipServer({ rpcUrl: url.href, realm: domain, ...(token ? { token } : {}) });
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
