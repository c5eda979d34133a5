import { Grammar, NameAddrHeader, type URI } from 'sip.js';
import { SipRefusal } from './sipMessage';

/**
 * sip.js's RFC 3261 grammar (the same parser the renderer's stack uses), wrapped so that a
 * value it cannot parse becomes a refusal instead of `undefined` or -1.
 *
 * The generated parser rebuilds its tables on every call (~0.1–0.2 ms), and a dialog repeats
 * the same From/To/Contact/Route values in every message, so results are memoised in a small
 * bounded cache. Cached objects are only read, never changed.
 */
const CACHE_SIZE = 2_000;

function memoised<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T;
    const value = parse(text);
    cache.set(text, value);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
    return value;
  };
}

const uriOrNull = memoised((text: string): URI | null => Grammar.URIParse(text) ?? null);
const nameAddrOrNull = memoised((text: string): NameAddrHeader | null => {
  const header: unknown = Grammar.nameAddrHeaderParse(text) ?? Grammar.parse(text, 'From');
  return header instanceof NameAddrHeader ? header : null;
});
const viaOrNull = memoised((text: string): ParsedVia | null => {
  const parsed = Grammar.parse(text, 'Via') as ParsedVia | -1;
  return parsed === -1 || typeof parsed !== 'object' || typeof parsed.host !== 'string' ? null : parsed;
});

export function parseUri(text: string): URI {
  const uri = uriOrNull(text);
  if (!uri) throw new SipRefusal('bad-uri');
  return uri;
}

/**
 * A name-addr (`"Name" <sip:…>;tag=…`) or a bare addr-spec (`sip:…;tag=…`): RFC 3261 §20.10
 * allows both in From, To and Contact. sip.js's `From` rule accepts both forms.
 */
export function parseNameAddr(text: string): NameAddrHeader {
  const header = nameAddrOrNull(text);
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
  const parsed = viaOrNull(text);
  if (!parsed) throw new SipRefusal('bad-via');
  return parsed;
}

export function sameAddress(uri: URI, user: string, host: string): boolean {
  return uri.user === user && uri.host.toLowerCase() === host.toLowerCase();
}
