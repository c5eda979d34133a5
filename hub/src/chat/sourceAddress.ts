import crypto from 'node:crypto';
import net from 'node:net';
import type { ChatEscrow } from './chatPorts';

/**
 * Where a visitor connects from, as the chat broker may know it (invariant I1): a keyed hash for
 * the abuse limits, and, only with an escrow key, a closure that seals the address for an
 * escalated conversation. The address itself is in no field, map or log line: it lives in the
 * closure, which the visitor's socket holds and drops when it closes.
 */
export interface VisitorSource {
  /** HMAC-SHA256 under this process's random key (IPv6: of the /64, which one subscriber usually has). */
  readonly hash: string;
  /** Seals the address and `at` to the escrow key (resolves to the escrow row's id); null without escrow. */
  readonly seal: ((conversationId: string, at: Date) => Promise<string>) | null;
}

export type SourceResolver = (socketAddress: string | undefined, forwardedFor: string | string[] | undefined) => VisitorSource;

/**
 * One per process: the key is random and never leaves memory, so a hash means nothing after a
 * restart or outside this process. X-Forwarded-For is believed only from `trustedProxies` (exact
 * socket addresses), and then only its right-most hop that is not itself a trusted proxy: the
 * hops to the left of it are whatever the client wrote.
 */
export function createSourceResolver(escrow: Pick<ChatEscrow, 'enabled' | 'seal'>, trustedProxies: () => readonly string[]): SourceResolver {
  const key = crypto.randomBytes(32);
  return (socketAddress, forwardedFor) => {
    const trusted = new Set(trustedProxies().map((address) => normalise(address) ?? address));
    const address = visitorAddress(socketAddress, forwardedFor, trusted);
    const hash = crypto.createHmac('sha256', key).update(address === null ? 'unknown' : limitKey(address)).digest('base64url');
    const seal = escrow.enabled && address !== null ? (conversationId: string, at: Date) => escrow.seal(conversationId, address, at) : null;
    return { hash, seal };
  };
}

/** The visitor's address by the rule above, normalised; null if there is none that parses. */
function visitorAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: ReadonlySet<string>): string | null {
  const direct = socketAddress === undefined ? null : normalise(socketAddress);
  if (direct === null || !trusted.has(direct) || forwardedFor === undefined) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((hop) => hop.trim());
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = normalise(hops[index] ?? '');
    // A hop that does not parse was not written by our proxy: stop at the proxy itself.
    if (hop === null) return direct;
    if (!trusted.has(hop)) return hop;
  }
  return direct;
}

/** An IP address without port, brackets, zone or IPv4-mapped prefix; null if it is not one. */
function normalise(value: string): string | null {
  let candidate = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed?.[1]) candidate = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(':'));
  candidate = candidate.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(candidate);
  if (mapped?.[1]) candidate = mapped[1];
  switch (net.isIP(candidate)) {
    case 4:
      return candidate;
    case 6:
      return expandIpv6(candidate);
    default:
      return null;
  }
}

/** What the limits count by: an IPv4 address, or an IPv6 address's /64. */
function limitKey(address: string): string {
  return net.isIPv6(address) ? `${address.split(':').slice(0, 4).join(':')}::/64` : address;
}

/** Eight groups of four hex digits, so one address has one spelling. */
function expandIpv6(address: string): string {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.padStart(4, '0')).join(':');
}
