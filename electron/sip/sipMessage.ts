/**
 * A strict, small SIP message reader and writer (RFC 3261 §7) for the identity firewall.
 * It splits a message into start line, headers and body, enforces size limits, and refuses
 * anything malformed with a fixed reason code: never with text from the message, because
 * refusals are logged and logs must hold nothing about a caller.
 */

export type RefusalReason =
  | 'too-large'
  | 'too-many-headers'
  | 'header-too-long'
  | 'not-utf8'
  | 'bad-start-line'
  | 'bad-header'
  | 'missing-header'
  | 'bad-content-length'
  | 'cseq-mismatch'
  | 'bad-uri'
  | 'bad-via'
  | 'bad-name-addr'
  | 'bad-cseq'
  | 'bad-number'
  | 'unknown-token'
  | 'unknown-destination'
  | 'unsupported-body'
  | 'no-media-server'
  | 'unsupported-media'
  | 'outgoing-call'
  | 'not-connected'
  /** A fault in the firewall itself, not in the message: never expected, always worth a look. */
  | 'internal-error';

export class SipRefusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(`SIP message refused: ${reason}`);
    this.name = 'SipRefusal';
  }
}

export interface SipLimits {
  maxBytes: number;
  maxHeaders: number;
  maxHeaderBytes: number;
}

export const defaultLimits: SipLimits = { maxBytes: 64 * 1024, maxHeaders: 80, maxHeaderBytes: 4096 };

export type StartLine =
  | { kind: 'request'; method: string; uri: string }
  | { kind: 'response'; status: number; reason: string };

export interface SipHeader {
  /** Canonical name (compact forms expanded), e.g. `Call-ID`. */
  name: string;
  value: string;
}

export interface SipMessage {
  start: StartLine;
  headers: SipHeader[];
  body: string;
}

const compactForms: Record<string, string> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
  b: 'Referred-By',
  x: 'Session-Expires',
  y: 'Identity',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  d: 'Request-Disposition',
};

const canonicalNames = [
  'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Record-Route', 'Route', 'Max-Forwards',
  'Content-Type', 'Content-Length', 'Content-Disposition', 'Content-Encoding', 'Allow', 'Supported',
  'Require', 'Unsupported', 'Proxy-Require', 'Session-Expires', 'Min-SE', 'RSeq', 'RAck', 'Event',
  'Allow-Events', 'Subscription-State', 'Expires', 'Min-Expires', 'Accept', 'Reason',
  'WWW-Authenticate', 'Proxy-Authenticate', 'Authorization', 'Proxy-Authorization', 'User-Agent',
  'Server', 'Path', 'Service-Route', 'Refer-To', 'Referred-By',
];
const canonicalByLower = new Map(canonicalNames.map((name) => [name.toLowerCase(), name]));

/** RFC 3261 `token` characters: what a method or header name may consist of. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const REQUEST_LINE = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ([^\r\n]*)$/;

export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return compactForms[lower] ?? canonicalByLower.get(lower) ?? name;
}

export function parseSipMessage(text: string, limits: SipLimits = defaultLimits): SipMessage {
  if (text.length > limits.maxBytes || Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new SipRefusal('too-large');
  if (text.includes('\uFFFD') || text.includes('\0')) throw new SipRefusal('not-utf8');

  const boundary = text.indexOf('\r\n\r\n');
  const head = boundary === -1 ? text.replace(/\r\n$/, '') : text.slice(0, boundary);
  const body = boundary === -1 ? '' : text.slice(boundary + 4);

  const lines = head.split('\r\n');
  const startText = lines.shift() ?? '';
  const start = parseStartLine(startText);

  const headers: SipHeader[] = [];
  for (const line of lines) {
    if (line.length > limits.maxHeaderBytes) throw new SipRefusal('header-too-long');
    // Control characters (other than tab) have no place in a header, folded or not, and could
    // split it later.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(line)) throw new SipRefusal('bad-header');
    if (/^[ \t]/.test(line)) {
      // Folded continuation of the previous header (RFC 3261 §7.3.1); the value may start on
      // the continuation line (`To :` then ` sip:…`).
      const previous = headers.at(-1);
      if (!previous) throw new SipRefusal('bad-header');
      previous.value = `${previous.value} ${line.trim()}`.trim();
      if (previous.value.length > limits.maxHeaderBytes) throw new SipRefusal('header-too-long');
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipRefusal('bad-header');
    const name = line.slice(0, colon).trimEnd();
    if (!TOKEN.test(name)) throw new SipRefusal('bad-header');
    headers.push({ name: canonicalHeaderName(name), value: line.slice(colon + 1).trim() });
    if (headers.length > limits.maxHeaders) throw new SipRefusal('too-many-headers');
  }

  const message: SipMessage = { start, headers, body };
  checkMandatory(message);
  return message;
}

function parseStartLine(line: string): StartLine {
  const status = STATUS_LINE.exec(line);
  if (status) return { kind: 'response', status: Number(status[1]), reason: status[2] ?? '' };
  const request = REQUEST_LINE.exec(line);
  if (request) return { kind: 'request', method: request[1] ?? '', uri: request[2] ?? '' };
  throw new SipRefusal('bad-start-line');
}

function checkMandatory(message: SipMessage): void {
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    if (!message.headers.some((header) => header.name === name)) throw new SipRefusal('missing-header');
  }
  for (const name of ['From', 'To', 'Call-ID', 'CSeq', 'Content-Length', 'Max-Forwards']) {
    if (message.headers.filter((header) => header.name === name).length > 1) throw new SipRefusal('bad-header');
  }
  const cseq = parseCSeq(headerValue(message, 'CSeq') ?? '');
  if (message.start.kind === 'request' && cseq.method !== message.start.method) throw new SipRefusal('cseq-mismatch');

  const length = headerValue(message, 'Content-Length');
  if (length !== undefined) {
    if (!/^\d{1,6}$/.test(length)) throw new SipRefusal('bad-content-length');
    // Over a WebSocket one frame is one message, so the declared length must be exact.
    if (Number(length) !== Buffer.byteLength(message.body, 'utf8')) throw new SipRefusal('bad-content-length');
  }
}

export function parseCSeq(value: string): { seq: number; method: string } {
  const match = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value.trim());
  if (!match) throw new SipRefusal('bad-cseq');
  const seq = Number(match[1]);
  if (seq > 2 ** 31 - 1) throw new SipRefusal('bad-cseq');
  return { seq, method: match[2] ?? '' };
}

export function headerValue(message: SipMessage, name: string): string | undefined {
  return message.headers.find((header) => header.name === name)?.value;
}

export function headerValues(message: SipMessage, name: string): string[] {
  return message.headers.filter((header) => header.name === name).flatMap((header) => splitHeaderList(header.value));
}

/**
 * Splits a comma-separated header (Via, Contact, Route, …) into its values, ignoring commas
 * inside quoted strings and angle brackets.
 */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (let index = 0; index < value.length; index++) {
    const char = value[index] ?? '';
    if (quoted && char === '\\') {
      current += char + (value[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle++;
    else if (!quoted && char === '>') angle = Math.max(0, angle - 1);
    if (char === ',' && !quoted && angle === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (quoted || angle !== 0) throw new SipRefusal('bad-header');
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** Writes a message; Content-Length is always recomputed from the body. */
export function serializeSipMessage(message: SipMessage): string {
  const start =
    message.start.kind === 'request'
      ? `${message.start.method} ${message.start.uri} SIP/2.0`
      : `SIP/2.0 ${message.start.status} ${message.start.reason}`;
  const headers = message.headers.filter((header) => header.name !== 'Content-Length');
  const lines = [start, ...headers.map((header) => `${header.name}: ${header.value}`)];
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return `${lines.join('\r\n')}\r\n\r\n${message.body}`;
}
