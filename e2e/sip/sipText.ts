// Reading raw SIP/SDP text in specs (what did the counsellor really receive?). Lenient, unlike the
// firewall's reader, but with the same header names (compact forms expanded).
import { canonicalHeaderName } from '../../electron/sip/sipMessage';

export interface SipMessage {
  startLine: string;
  /** In order, canonical names (compact forms expanded). */
  headers: Array<{ name: string; value: string }>;
  body: string;
}

export function parseSipMessage(raw: string): SipMessage {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers: SipMessage['headers'] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1]!.value += ` ${line.trim()}`; // folded line
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    headers.push({ name: canonicalHeaderName(name), value: line.slice(colon + 1).trim() });
  }
  return { startLine, headers, body };
}

/** All values of a header, case-insensitive. */
export function headerValues(message: SipMessage, name: string): string[] {
  const lower = name.toLowerCase();
  return message.headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
}

export function header(message: SipMessage, name: string): string | undefined {
  return headerValues(message, name)[0];
}

/** Every IP address an SDP body mentions (c=, o=, a=candidate, a=rtcp, ...). */
export function sdpAddresses(sdp: string): string[] {
  const ipv4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
  const ipv6 = /\bIP6 ([0-9a-fA-F:]+)/g;
  const found = new Set<string>();
  for (const m of sdp.matchAll(ipv4)) found.add(m[0]);
  for (const m of sdp.matchAll(ipv6)) found.add(m[1]!);
  for (const line of sdp.split(/\r?\n/)) {
    const cand = /^a=candidate:\S+ \d+ \S+ \d+ (\S+) /.exec(line);
    if (cand) found.add(cand[1]!);
  }
  return [...found];
}
