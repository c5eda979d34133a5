import type { Finding } from './masks';

/**
 * IPv4 with valid octets (and an optional port or prefix length), and IPv6 in full, compressed
 * or IPv4-mapped form. "12.34.56.78" is left to the phone detector: written that way it is a
 * Danish phone number far more often than an address.
 */

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = new RegExp(`(?<![\\d.])${octet}(?:\\.${octet}){3}(?!\\.?\\d)(?::\\d{1,5}(?!\\d)|/(?:3[0-2]|[12]?\\d)(?!\\d))?`, 'g');

/**
 * Read at a colon only; `isIpv6` decides. The IPv4-mapped form ("::ffff:192.0.2.1") is tried
 * only when the plain form stops at a dot, which spares the backtracking on colon-heavy text.
 */
const hex = '[0-9A-Fa-f]{0,4}';
const tail = '(%[0-9A-Za-z]{1,16})?(\\](?::\\d{1,5})?)?';
const ipv6Plain = new RegExp(`(\\[)?(${hex}(?::${hex}){2,7})${tail}`, 'y');
const ipv6Mapped = new RegExp(`(\\[)?(${hex}(?::${hex}){1,6}:\\d{1,3}(?:\\.\\d{1,3}){3})${tail}`, 'y');
const hexDigit = /[0-9A-Fa-f]/;
const wordChar = /[0-9A-Za-z_.]/;

export function findIps(text: string, out: Finding[]): void {
  ipv4.lastIndex = 0;
  for (let match = ipv4.exec(text); match; match = ipv4.exec(text)) {
    const bare = match[0].replace(/[:/].*$/, '');
    if (/^\d\d\.\d\d\.\d\d\.\d\d$/.test(bare)) continue;
    out.push({ kind: 'ip', start: match.index, end: match.index + match[0].length });
  }
  let next = 0;
  for (let colon = text.indexOf(':', next); colon !== -1; colon = text.indexOf(':', next)) {
    next = colon + 1;
    // Groups have at most four digits, so an IPv6 address has a second colon within five characters.
    const second = text.indexOf(':', colon + 1);
    if (second === -1 || second - colon > 5) continue;
    let from = colon;
    while (from > 0 && colon - from < 4 && hexDigit.test(text.charAt(from - 1))) from--;
    // "IPv6:2001:db8::1": hex digits that end a longer word are not the first group.
    if (wordChar.test(text.charAt(from - 1))) from = colon;
    else if (text.charAt(from - 1) === '[') from--;
    ipv6Plain.lastIndex = from;
    let match = ipv6Plain.exec(text);
    if (match && text.charAt(from + match[0].length) === '.') {
      ipv6Mapped.lastIndex = from;
      match = ipv6Mapped.exec(text) ?? match;
    }
    if (!match) continue;
    const [whole, open, body = '', zone = '', close] = match;
    let address = body;
    let start = from + (open ? 1 : 0);
    // A lone colon at either end is punctuation ("IP:2001:db8::1", "… ::1:").
    if (/^:[^:]/.test(address)) {
      address = address.slice(1);
      start++;
    }
    const trimmedEnd = /[^:]:$/.test(address);
    if (trimmedEnd) address = address.slice(0, -1);
    if (!isIpv6(address)) continue;
    // "[2001:db8::42]:443" goes with its brackets and port; otherwise the address and its zone.
    const bracketed = Boolean(open && close) && address.length === body.length;
    const end = bracketed ? from + whole.length : start + address.length + (trimmedEnd ? 0 : zone.length);
    out.push({ kind: 'ip', start: bracketed ? from : start, end });
    next = Math.max(next, end);
  }
}

export function isIpv6(candidate: string): boolean {
  // "::1", "a::b" or "14::30:00" name nobody: an address worth masking has three hex digits in a
  // row somewhere. Tested first because it is cheap and rejects colon-heavy text at once.
  if (!/[0-9A-Fa-f]{3}/.test(candidate)) return false;
  let text = candidate;
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    if (!(v4[1] ?? '').split('.').every((part) => Number(part) <= 255)) return false;
    text = `${text.slice(0, v4.index)}:0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parts = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!parts.every((part) => /^[0-9A-Fa-f]{1,4}$/.test(part))) return false;
  return halves.length === 2 ? parts.length <= 7 : parts.length === 8;
}
