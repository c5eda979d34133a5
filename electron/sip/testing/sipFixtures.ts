/**
 * Message builders for the identity firewall's tests: realistic SIP traffic between a provider's
 * SIP server (Kamailio/rtpengine style) and the renderer's sip.js, with the tools to read what
 * the firewall made of it. Test-only; nothing in the application imports this module.
 */
import { randomBytes } from 'node:crypto';
import { INBOUND_ALLOWED_HEADERS } from '../headerPolicy';
import { IdentityFirewall, type FirewallConfig, type InboundResult, type OutboundResult } from '../identityFirewall';
import { MediaServerList } from '../mediaServers';
import { parseUri } from '../sipGrammar';
import { headerValue, parseSipMessage, type RefusalReason, type SipHeader, type SipMessage } from '../sipMessage';

export const MEDIA_SERVER = '198.51.100.10';
export const MEDIA_SERVER_V6 = '2001:db8:5::10';
export const AOR = { user: '1001', domain: 'sip.provider.example' } as const;
export const PROVIDER_HEADERS = { pseudonym: 'X-Caller-Pseudonym', callReference: 'X-Provider-Call-Ref' } as const;
/** The provider's proxy: its address is not the caller's, but it is still no business of the renderer. */
export const PROXY = '192.0.2.50';

/** Every refusal code, checked against the type in both directions by `satisfies`. */
const REASONS = {
  'too-large': true, 'too-many-headers': true, 'header-too-long': true, 'not-utf8': true, 'bad-start-line': true,
  'bad-header': true, 'missing-header': true, 'bad-content-length': true, 'cseq-mismatch': true, 'bad-uri': true,
  'bad-via': true, 'bad-name-addr': true, 'bad-cseq': true, 'bad-number': true, 'unknown-token': true,
  'unknown-destination': true, 'unsupported-body': true, 'no-media-server': true, 'unsupported-media': true,
  'outgoing-call': true, 'not-connected': true, 'internal-error': true,
} satisfies Record<RefusalReason, true>;
export const REFUSAL_REASONS: ReadonlySet<string> = new Set(Object.keys(REASONS));

export function makeFirewall(overrides: Partial<FirewallConfig> = {}): IdentityFirewall {
  return new IdentityFirewall({
    aor: { ...AOR },
    mediaServers: new MediaServerList([MEDIA_SERVER, MEDIA_SERVER_V6]),
    providerHeaders: { ...PROVIDER_HEADERS },
    ...overrides,
  });
}

/** A unique value planted where an identity could hide; found again by a plain text search. */
export function canary(): string {
  return `cnry${randomBytes(6).toString('hex')}`;
}

/** A caller's number in the forms a provider may write it, and addresses of the caller's side. */
export const CALLER_NUMBERS = ['4512345678', '+4512345678', '12345678', '12 34 56 78'] as const;
export const CALLER_IPS = ['203.0.113.7', '192.168.1.23', '10.20.30.40', '2001:db8:cafe::17'] as const;

/** CRLF lines, a blank line, the body; an exact Content-Length unless the headers bring one. */
export function sipText(start: string, headers: readonly string[], body = ''): string {
  const lines = [start, ...headers];
  if (!headers.some((header) => /^(content-length|l)\s*:/i.test(header))) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export function branch(): string {
  return `z9hG4bK${randomBytes(5).toString('hex')}`;
}

// ---- reading messages -------------------------------------------------------------------

export function delivered(result: InboundResult): string {
  if (result.kind !== 'deliver') throw new Error(`expected delivery, got refusal ${result.reason}`);
  return result.text;
}

export function sent(result: OutboundResult): string {
  if (result.kind !== 'send') throw new Error(`expected sending, got refusal ${result.reason}`);
  return result.text;
}

export function headerList(text: string): SipHeader[] {
  return parseSipMessage(text).headers;
}

/** All values of a header, one per line as written. */
export function headers(text: string, name: string): string[] {
  return headerList(text).filter((header) => header.name === name).map((header) => header.value);
}

export function header(text: string, name: string): string {
  const value = headers(text, name)[0];
  if (value === undefined) throw new Error(`no ${name} header`);
  return value;
}

export function startLine(text: string): string {
  return text.slice(0, text.indexOf('\r\n'));
}

export function body(text: string): string {
  return text.slice(text.indexOf('\r\n\r\n') + 4);
}

/** `<sip:x@y>;tag=z` → `sip:x@y`. */
export function uriOf(nameAddr: string): string {
  return /<([^>]*)>/.exec(nameAddr)?.[1] ?? nameAddr.split(';')[0] ?? '';
}

export function tagOf(nameAddr: string): string | undefined {
  return /;\s*tag=([^;\s]+)/.exec(nameAddr)?.[1];
}

// ---- the renderer's side (sip.js) --------------------------------------------------------

export const RENDERER = {
  viaHost: 'q8w2e4r6t8y0.invalid',
  contact: 'sip:k3j5h7g9@q8w2e4r6t8y0.invalid;transport=ws',
  registerCallId: 'reg7a6s5d4f3g2h1',
} as const;

export function rendererVia(viaBranch = branch()): string {
  return `SIP/2.0/WSS ${RENDERER.viaHost};branch=${viaBranch}`;
}

export function rendererRegister(cseq = 1, viaBranch = branch()): string {
  return sipText('REGISTER sip:tavs.invalid SIP/2.0', [
    `Via: ${rendererVia(viaBranch)}`,
    'Max-Forwards: 70',
    'To: <sip:counsellor@tavs.invalid>',
    'From: <sip:counsellor@tavs.invalid>;tag=rg0tag1',
    `Call-ID: ${RENDERER.registerCallId}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <${RENDERER.contact}>;expires=600`,
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, NOTIFY',
  ]);
}

/** Registers the renderer (so requests to its Contact are for it); returns what the server got. */
export function register(firewall: IdentityFirewall): string {
  return sent(firewall.outbound(rendererRegister()));
}

/** The renderer's response to a request it was given, as sip.js writes it. */
export function rendererResponse(
  request: string,
  status: number,
  options: { toTag?: string; contact?: boolean; body?: string; extra?: readonly string[] } = {},
): string {
  const to = header(request, 'To');
  const lines = [
    ...headers(request, 'Via').map((value) => `Via: ${value}`),
    ...headers(request, 'Record-Route').map((value) => `Record-Route: ${value}`),
    `From: ${header(request, 'From')}`,
    `To: ${options.toTag && !tagOf(to) ? `${to};tag=${options.toTag}` : to}`,
    `Call-ID: ${header(request, 'Call-ID')}`,
    `CSeq: ${header(request, 'CSeq')}`,
    ...(options.contact ? [`Contact: <${RENDERER.contact}>`] : []),
    ...(options.extra ?? []),
    ...(options.body ? ['Content-Type: application/sdp'] : []),
  ];
  return sipText(`SIP/2.0 ${status} ${status === 200 ? 'OK' : 'Status'}`, lines, options.body ?? '');
}

/**
 * A request the renderer sends inside a dialog it accepted (BYE, re-INVITE, INFO, …). As the
 * UAS, its route set is the INVITE's Record-Route in order (RFC 3261 §12.1.1).
 */
export function rendererRequest(
  invite: string,
  method: string,
  options: { localTag: string; cseq: number; viaBranch?: string; body?: string; contentType?: string; extra?: readonly string[] },
): string {
  const routes = headers(invite, 'Record-Route');
  const lines = [
    `Via: ${rendererVia(options.viaBranch)}`,
    'Max-Forwards: 70',
    ...routes.map((value) => `Route: ${value}`),
    `From: ${header(invite, 'To')};tag=${options.localTag}`,
    `To: ${header(invite, 'From')}`,
    `Call-ID: ${header(invite, 'Call-ID')}`,
    `CSeq: ${options.cseq} ${method}`,
    ...(method === 'INVITE' || method === 'UPDATE' ? [`Contact: <${RENDERER.contact}>`] : []),
    ...(options.extra ?? []),
    ...(options.body ? [`Content-Type: ${options.contentType ?? 'application/sdp'}`] : []),
  ];
  return sipText(`${method} ${uriOf(header(invite, 'Contact'))} SIP/2.0`, lines, options.body ?? '');
}

// ---- the server's side ------------------------------------------------------------------

/** An rtpengine-style WebRTC offer anchored on `address`. */
export function mediaSdp(options: { address?: string; version?: number; extra?: readonly string[]; direction?: string } = {}): string {
  const address = options.address ?? MEDIA_SERVER;
  const ip = address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- 1545997027 ${options.version ?? 1} IN ${ip} ${address}`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=audio 30000 UDP/TLS/RTP/SAVPF 111 0 8 101',
    `c=IN ${ip} ${address}`,
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=mid:0',
    `a=${options.direction ?? 'sendrecv'}`,
    'a=rtcp:30000',
    'a=rtcp-mux',
    'a=setup:actpass',
    'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF',
    'a=ice-ufrag:Hv7pK2qc',
    'a=ice-pwd:Zm4vBq9xR2sT8wY1uP6nL3kJ',
    'a=ice-options:trickle',
    `a=candidate:1 1 UDP 2130706431 ${address} 30000 typ host`,
    ...(options.extra ?? []),
    'a=end-of-candidates',
    'a=ptime:20',
    '',
  ].join('\r\n');
}

export interface ServerInvite {
  callId?: string;
  from?: string;
  to?: string;
  requestUri?: string;
  vias?: readonly string[];
  recordRoutes?: readonly string[];
  contact?: string;
  cseq?: number;
  extra?: readonly string[];
  sdp?: string | null;
}

/** An incoming call as the provider's proxy forwards it to the registered workstation. */
export function serverInvite(options: ServerInvite = {}): string {
  const sdp = options.sdp === undefined ? mediaSdp() : options.sdp;
  const lines = [
    ...(options.vias ?? [`SIP/2.0/WSS ${PROXY}:8443;branch=${branch()};rport=5060`, `SIP/2.0/UDP ${PROXY}:5060;branch=${branch()}`]).map(
      (value) => `Via: ${value}`,
    ),
    ...(options.recordRoutes ?? [`<sip:${PROXY}:8443;transport=ws;r2=on;lr>`, `<sip:${PROXY}:5060;r2=on;lr>`]).map(
      (value) => `Record-Route: ${value}`,
    ),
    'Max-Forwards: 69',
    `From: ${options.from ?? `<sip:anonymous@anonymous.invalid>;tag=${randomBytes(4).toString('hex')}`}`,
    `To: ${options.to ?? `<sip:${AOR.user}@${AOR.domain}>`}`,
    `Call-ID: ${options.callId ?? `${randomBytes(8).toString('hex')}@${PROXY}`}`,
    `CSeq: ${options.cseq ?? 4711} INVITE`,
    `Contact: ${options.contact ?? `<sip:anonymous@${PROXY}:5060;ob>`}`,
    'Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, UPDATE, INFO',
    'Supported: 100rel, timer, replaces',
    ...(options.extra ?? []),
    ...(sdp ? ['Content-Type: application/sdp'] : []),
  ];
  return sipText(`INVITE ${options.requestUri ?? RENDERER.contact} SIP/2.0`, lines, sdp ?? '');
}

/** A request the caller's side sends inside the dialog of `invite` (re-INVITE, BYE, INFO, …). */
export function serverRequest(
  invite: string,
  method: string,
  options: {
    toTag: string;
    cseq: number;
    vias?: readonly string[];
    body?: string;
    contentType?: string;
    extra?: readonly string[];
    from?: string;
  },
): string {
  const lines = [
    ...(options.vias ?? [`SIP/2.0/WSS ${PROXY}:8443;branch=${branch()}`, `SIP/2.0/UDP ${PROXY}:5060;branch=${branch()}`]).map(
      (value) => `Via: ${value}`,
    ),
    'Max-Forwards: 69',
    `From: ${options.from ?? header(invite, 'From')}`,
    `To: ${header(invite, 'To')};tag=${options.toTag}`,
    `Call-ID: ${header(invite, 'Call-ID')}`,
    `CSeq: ${options.cseq} ${method}`,
    ...(method === 'INVITE' || method === 'UPDATE' ? [`Contact: ${header(invite, 'Contact')}`] : []),
    ...(options.extra ?? []),
    ...(options.body ? [`Content-Type: ${options.contentType ?? 'application/sdp'}`] : []),
  ];
  return sipText(`${method} ${RENDERER.contact} SIP/2.0`, lines, options.body ?? '');
}

/**
 * The server's response to a request the workstation sent (`request` as it reached the
 * server): the same Via path, with the received/rport a proxy adds to the top one.
 */
export function serverResponse(
  request: string,
  status: number,
  options: { toTag?: string; contact?: string; body?: string; extra?: readonly string[] } = {},
): string {
  const [top = '', ...rest] = headers(request, 'Via');
  const to = header(request, 'To');
  const lines = [
    `Via: ${top};received=${CALLER_IPS[1]};rport=51234`,
    ...rest.map((value) => `Via: ${value}`),
    `From: ${header(request, 'From')}`,
    `To: ${options.toTag && !tagOf(to) ? `${to};tag=${options.toTag}` : to}`,
    `Call-ID: ${header(request, 'Call-ID')}`,
    `CSeq: ${header(request, 'CSeq')}`,
    ...(options.contact ? [`Contact: ${options.contact}`] : []),
    ...(options.extra ?? []),
    ...(options.body ? ['Content-Type: application/sdp'] : []),
  ];
  return sipText(`SIP/2.0 ${status} Whatever The Server Says`, lines, options.body ?? '');
}

/**
 * An incoming call through to the renderer's 200 OK and the server's ACK: returns what each side
 * holds, for the tests of what follows in the dialog.
 */
export function establishedCall(firewall: IdentityFirewall, invite = serverInvite(), localTag = 'rendtag1') {
  const shownInvite = delivered(firewall.inbound(invite));
  const ok = sent(firewall.outbound(rendererResponse(shownInvite, 200, { toTag: localTag, contact: true, body: mediaSdp() })));
  const ack = serverRequest(invite, 'ACK', { toTag: localTag, cseq: Number(/^\d+/.exec(header(invite, 'CSeq'))?.[0]) });
  const shownAck = delivered(firewall.inbound(ack));
  return { invite, shownInvite, ok, ack, shownAck, localTag };
}

// ---- identity values of a message ---------------------------------------------------------

const SCHEMES = 'sips?|tel|https?|isbn|name|soap\\.beep|nobodyKnowsThisScheme';

/**
 * What in a message could identify someone: user and host parts of every URI, Via sent-by and
 * received addresses, display names, tags, the Call-ID, IP addresses, and the SDP origin user.
 * `except` lists values known to be the renderer's own (a response's top Via). Short values
 * (under four characters) are left out: they occur anywhere by chance.
 */
export function identityValues(text: string, except: readonly string[] = []): string[] {
  const split = text.indexOf('\r\n\r\n');
  const head = (split === -1 ? text : text.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  const sdp = split === -1 ? '' : text.slice(split + 4);
  const found = new Set<string>();
  const add = (value: string | undefined): void => {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= 4) found.add(trimmed);
  };
  for (const match of head.matchAll(new RegExp(`(?:${SCHEMES}):/*(?:([^@\\s<>;?,"]+)@)?([^\\s<>;?,:"/]+)`, 'gi'))) {
    add(match[1]);
    add(match[2]);
  }
  for (const match of head.matchAll(/SIP\s*\/\s*[\d.]+\s*\/\s*\w+\s+([^\s;:,]+)/g)) add(match[1]);
  for (const match of head.matchAll(/;\s*(?:received|tag|branch|maddr)\s*=\s*([^;\s,>]+)/gi)) add(match[1]);
  for (const match of head.matchAll(/"((?:[^"\\]|\\.)*)"/g)) add(match[1]);
  for (const match of head.matchAll(/^(?:from|to|contact|[ftm])\s*:\s*([^<"\r\n]+?)\s*</gim)) add(match[1]);
  for (const match of head.matchAll(/^(?:call-id|i)\s*:\s*(\S+)/gim)) add(match[1]);
  for (const match of text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)) add(match[0]);
  for (const match of sdp.matchAll(/^o=(\S+)/gm)) if (match[1] !== '-') add(match[1]);
  found.delete('z9hG4bK');
  return [...found].filter((value) => !except.some((own) => own.includes(value)));
}

// ---- what may reach the renderer -----------------------------------------------------------

/** The SDP a renderer may see: these line types, and these attributes. Written out, not imported. */
export const RENDERER_SDP_LINES = ['v', 'o', 's', 't', 'c', 'b', 'm', 'a'] as const;
export const RENDERER_SDP_ATTRIBUTES = [
  'rtpmap', 'fmtp', 'rtcp-fb', 'rtcp-mux', 'rtcp-rsize', 'ptime', 'maxptime', 'mid', 'group', 'sendrecv', 'sendonly', 'recvonly',
  'inactive', 'ice-ufrag', 'ice-pwd', 'ice-options', 'ice-lite', 'fingerprint', 'setup', 'end-of-candidates', 'extmap',
  'extmap-allow-mixed', 'candidate', 'rtcp',
] as const;

const OWN_URIS = /^sips?:(tk[0-9a-f]{16}@tavs\.invalid(;lr)?|counsellor@tavs\.invalid)$/;
const TOKEN_VIA = /^SIP\/2\.0\/WSS (tv[0-9a-f]{16})\.invalid;branch=z9hG4bK\1$/;

/**
 * Everything in a message for the renderer that should not be there: a planted value, a caller
 * number or address, a header or SDP line off the allow-list, a URI that is not a token, a
 * display name, a Via that is neither a token nor the renderer's own. Empty when clean.
 */
export function findLeaks(text: string, planted: readonly string[]): string[] {
  const leaks: string[] = [];
  const lower = text.toLowerCase();
  for (const value of [...planted, ...CALLER_NUMBERS, ...CALLER_IPS, PROXY]) {
    if (lower.includes(value.toLowerCase())) leaks.push(`value ${value}`);
  }
  for (const address of text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) {
    if (address !== MEDIA_SERVER && address !== '0.0.0.0') leaks.push(`address ${address}`);
  }
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const sdp = split === -1 ? '' : text.slice(split + 4);
  const [start = '', ...lines] = head.split('\r\n');
  const allowed: readonly string[] = INBOUND_ALLOWED_HEADERS;
  for (const line of lines) {
    const name = line.slice(0, line.indexOf(':'));
    const value = line.slice(line.indexOf(':') + 1).trim();
    if (!allowed.includes(name)) leaks.push(`header ${name}`);
    if (name === 'Via' && !TOKEN_VIA.test(value) && !value.startsWith(`SIP/2.0/WSS ${RENDERER.viaHost};`)) leaks.push(`via ${value}`);
  }
  if (head.includes('"')) leaks.push('display name');
  for (const uri of [...head.matchAll(/<([^>]*)>/g)].map((match) => match[1] ?? '').concat(/^[A-Z]+ (\S+) SIP\/2\.0$/.exec(start)?.[1] ?? [])) {
    if (!OWN_URIS.test(uri) && uri !== RENDERER.contact) leaks.push(`uri ${uri}`);
  }
  const dtmf = lines.includes('Content-Type: application/dtmf-relay');
  if (dtmf && !/^Signal=[0-9A-D*#]\r\nDuration=\d{1,5}\r\n$/.test(sdp)) leaks.push('dtmf body');
  if (!dtmf && sdp !== '' && !lines.includes('Content-Type: application/sdp')) leaks.push('body');
  for (const line of dtmf ? [] : sdp.split('\r\n').filter((l) => l !== '')) {
    const type = line[0] ?? '';
    if (!(RENDERER_SDP_LINES as readonly string[]).includes(type) || line[1] !== '=') leaks.push(`sdp line ${line}`);
    const attribute = type === 'a' ? /^a=([^:]+)/.exec(line)?.[1] ?? '' : null;
    if (attribute !== null && !(RENDERER_SDP_ATTRIBUTES as readonly string[]).includes(attribute)) leaks.push(`sdp attribute ${attribute}`);
  }
  return leaks;
}

// ---- arbitrary messages (RFC 4475, fuzzing) ------------------------------------------------

/**
 * A firewall for a message from anywhere: registered as its Request-URI, so a request gets past
 * the destination check to the header and SDP rules; for a response, the renderer first sent
 * the request it answers. `own` lists what the renderer itself wrote (its Via, From, Call-ID):
 * those come back to it by right.
 */
export function firewallFor(text: string, mediaServers: MediaServerList): { firewall: IdentityFirewall; own: string[] } {
  const target = /^\S+ (\S+) SIP\/2\.0\r\n/.exec(text)?.[1];
  let aor = { user: 'nobody', domain: 'nowhere.invalid' };
  try {
    const uri = target ? parseUri(target) : undefined;
    if (uri?.user) aor = { user: uri.user, domain: uri.host };
  } catch {
    // An unparsable Request-URI is the firewall's to refuse.
  }
  const firewall = makeFirewall({ aor, mediaServers });
  let message: SipMessage;
  try {
    message = parseSipMessage(text);
  } catch {
    return { firewall, own: [] };
  }
  if (message.start.kind !== 'response') return { firewall, own: [] };
  const via = (headerValue(message, 'Via') ?? '').split(',')[0] ?? '';
  const cseq = headerValue(message, 'CSeq') ?? '';
  const own = [via, headerValue(message, 'From') ?? '', headerValue(message, 'Call-ID') ?? ''];
  const request = sipText(`${cseq.split(/\s+/)[1] ?? 'OPTIONS'} sip:target@example.com SIP/2.0`, [
    `Via: ${via}`, 'Max-Forwards: 70', `From: ${own[1] ?? ''}`, `To: ${headerValue(message, 'To') ?? ''}`, `Call-ID: ${own[2] ?? ''}`, `CSeq: ${cseq}`,
  ]);
  firewall.outbound(request);
  return { firewall, own };
}
