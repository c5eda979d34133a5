import { Grammar, type NameAddrHeader, type URI } from 'sip.js';
import { SipRefusal } from './sipMessage';

/**
 * sip.js's RFC 3261 grammar (the same parser the renderer's stack uses), wrapped so that a
 * value it cannot parse becomes a refusal instead of `undefined` or -1.
 */
export function parseUri(text: string): URI {
  const uri = Grammar.URIParse(text);
  if (!uri) throw new SipRefusal('bad-uri');
  return uri;
}

export function parseNameAddr(text: string): NameAddrHeader {
  const header = Grammar.nameAddrHeaderParse(text);
  if (!header) throw new SipRefusal('bad-name-addr');
  return header;
}

export interface ParsedVia {
  protocol: string;
  transport: string;
  host: string;
  port?: number;
  branch?: string;
}

export function parseVia(text: string): ParsedVia {
  const parsed = Grammar.parse(text, 'Via') as ParsedVia | -1;
  if (parsed === -1 || typeof parsed !== 'object' || typeof parsed.host !== 'string') throw new SipRefusal('bad-via');
  return parsed;
}

export function sameAddress(uri: URI, user: string, host: string): boolean {
  return uri.user === user && uri.host.toLowerCase() === host.toLowerCase();
}
