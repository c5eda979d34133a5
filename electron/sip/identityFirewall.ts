import { LOCAL_AOR, LOCAL_DOMAIN, DialogTokens, containsToken, remember, type Dialog } from './dialogTokens';
import { INBOUND_METHODS, simpleHeaderChecks, standardPhrase } from './headerPolicy';
import type { MediaServerList } from './mediaServers';
import { filterInboundSdp, filterOutboundSdp } from './sdpFilter';
import { parseNameAddr, parseUri, parseVia, sameAddress } from './sipGrammar';
import {
  SipRefusal,
  defaultLimits,
  headerValue,
  parseCSeq,
  parseSipMessage,
  serializeSipMessage,
  splitHeaderList,
  type RefusalReason,
  type SipHeader,
  type SipLimits,
  type SipMessage,
} from './sipMessage';

/**
 * The identity firewall (DESIGN.md §2, invariant I1). Inbound, from the SIP server to the
 * renderer, it rebuilds each message from an allow-list: addresses, display names, tags and the
 * Call-ID become per-dialog tokens, protocol headers are checked against closed vocabularies,
 * the SDP is filtered, and every other header is dropped. Outbound it restores the tokens so the
 * server sees a correct conversation. It never throws: a message it cannot vouch for is refused.
 */
export interface FirewallConfig {
  /** The real address of record the workstation registers as. */
  aor: { user: string; domain: string };
  mediaServers: MediaServerList;
  /**
   * Header names the provider sets with a meaning. Trusted only when the provider strips any
   * caller-supplied copies (DESIGN.md §2); otherwise null and they are dropped like the rest.
   */
  providerHeaders: { pseudonym: string; callReference: string } | null;
  limits?: SipLimits;
  now?: () => number;
}

/** What the provider's headers told about a new incoming call; kept in the main process. */
export interface ProviderFacts {
  shownCallId: string;
  pseudonym?: string;
  callReference?: string;
}

export type InboundResult =
  | { kind: 'deliver'; text: string; call?: ProviderFacts; ended?: string }
  /** `reply` is the response the main process sends back to the server, if the message was a request. */
  | { kind: 'refuse'; reason: RefusalReason; reply?: string; callRefused?: boolean };

export type OutboundResult = { kind: 'send'; text: string; message: SipMessage } | { kind: 'refuse'; reason: RefusalReason };

const VISIBLE_TEXT = /^[\x21-\x7e]{1,256}$/;

export class IdentityFirewall {
  private readonly tokens: DialogTokens;
  private readonly limits: SipLimits;
  /** The Contact URI the renderer registered, as it wrote it; requests to it are for us. */
  private ownContact: { uri: string; user: string } | null = null;
  private readonly branchAliases = new Map<string, string>();

  constructor(private readonly config: FirewallConfig) {
    this.tokens = new DialogTokens(config.now);
    this.limits = config.limits ?? defaultLimits;
  }

  inbound(text: string): InboundResult {
    let message: SipMessage;
    try {
      message = parseSipMessage(text, this.limits);
    } catch (error) {
      return { kind: 'refuse', reason: reasonOf(error) };
    }
    try {
      return message.start.kind === 'request' ? this.inboundRequest(message) : this.inboundResponse(message);
    } catch (error) {
      const reason = reasonOf(error);
      const callRefused = reason === 'no-media-server' || reason === 'unsupported-media';
      return { kind: 'refuse', reason, reply: replyFor(message, reason), callRefused };
    }
  }

  outbound(text: string): OutboundResult {
    try {
      const message = parseSipMessage(text, this.limits);
      const restored = this.restore(message);
      const serialized = serializeSipMessage(restored);
      return { kind: 'send', text: serialized, message: restored };
    } catch (error) {
      return { kind: 'refuse', reason: reasonOf(error) };
    }
  }

  /**
   * Called when the main process answered a challenge itself: the retry went out with the
   * CSeq raised by one and a new branch, which the renderer must never notice.
   */
  answeredChallenge(callId: string, sentBranch: string, rendererBranch: string): void {
    const dialog = this.tokens.known(callId);
    if (dialog) dialog.localCseqOffset += 1;
    this.branchAliases.set(sentBranch, rendererBranch);
    // Bounded: an alias is needed only until the retried transaction completes.
    if (this.branchAliases.size > 1000) this.branchAliases.delete(this.branchAliases.keys().next().value ?? '');
  }

  prune(): number {
    return this.tokens.prune({ graceMs: 64_000, idleMs: 4 * 3600_000 });
  }

  get dialogCount(): number {
    return this.tokens.size;
  }

  private inboundRequest(message: SipMessage): InboundResult {
    if (message.start.kind !== 'request') throw new SipRefusal('bad-start-line');
    const { method } = message.start;
    const callId = headerValue(message, 'Call-ID') ?? '';
    if (!INBOUND_METHODS.has(method)) throw new SipRefusal('unknown-destination');
    const dialog = this.tokens.fromServer(callId);
    this.tokens.touch(dialog);

    const cseq = parseCSeq(headerValue(message, 'CSeq') ?? '');
    dialog.remoteCseqBase ??= cseq.seq;
    if (cseq.seq < dialog.remoteCseqBase) throw new SipRefusal('bad-cseq');

    const vias = message.headers.filter((header) => header.name === 'Via').map((header) => header.value);
    const headers: SipHeader[] = [
      { name: 'Via', value: this.viaToken(dialog, vias, method) },
      ...this.commonHeaders(message, dialog),
      { name: 'CSeq', value: `${cseq.seq - dialog.remoteCseqBase + 1} ${cseq.method}` },
      { name: 'Max-Forwards', value: '70' },
    ];
    const rack = headerValue(message, 'RAck');
    if (rack) headers.push({ name: 'RAck', value: this.remapRAck(rack, dialog) });

    const filtered = this.filterBody(message, dialog, headers);
    const toTag = parseNameAddr(headerValue(message, 'To') ?? '').getParam('tag');
    const initialInvite = method === 'INVITE' && !toTag;
    if (method === 'BYE' || method === 'CANCEL') this.tokens.end(dialog);
    const text = serializeSipMessage({
      start: { kind: 'request', method, uri: this.requestUriToRenderer(message.start.uri) },
      headers,
      body: filtered,
    });
    return initialInvite ? { kind: 'deliver', text, call: this.providerFacts(message, dialog) } : { kind: 'deliver', text };
  }

  private inboundResponse(message: SipMessage): InboundResult {
    if (message.start.kind !== 'response') throw new SipRefusal('bad-start-line');
    // A response belongs to a request the renderer sent, so its dialog must already exist.
    const dialog = this.tokens.known(headerValue(message, 'Call-ID') ?? '');
    if (!dialog) throw new SipRefusal('unknown-destination');
    this.tokens.touch(dialog);
    const topVia = message.headers.find((header) => header.name === 'Via')?.value ?? '';
    const via = parseVia(splitHeaderList(topVia)[0] ?? '');
    const cseq = parseCSeq(headerValue(message, 'CSeq') ?? '');
    // Only a Via the renderer sent comes back, exactly as the renderer wrote it: nothing of the
    // server's (received/rport hold the workstation's address; any other text could be a leak).
    const branch = this.branchAliases.get(via.branch ?? '') ?? via.branch ?? '';
    const ownVia = dialog.localVias.get(`${branch}\n${cseq.method}`);
    if (ownVia === undefined) throw new SipRefusal('bad-via');
    const headers: SipHeader[] = [
      { name: 'Via', value: ownVia },
      ...this.commonHeaders(message, dialog),
      { name: 'CSeq', value: `${Math.max(1, cseq.seq - dialog.localCseqOffset)} ${cseq.method}` },
    ];
    const body = this.filterBody(message, dialog, headers);
    if (cseq.method === 'BYE' && message.start.status >= 200) this.tokens.end(dialog);
    const { status } = message.start;
    const text = serializeSipMessage({ start: { kind: 'response', status, reason: standardPhrase(status) }, headers, body });
    return { kind: 'deliver', text };
  }

  /** Call-ID, From, To, Contact, Record-Route and the checked protocol headers. */
  private commonHeaders(message: SipMessage, dialog: Dialog): SipHeader[] {
    const out: SipHeader[] = [{ name: 'Call-ID', value: dialog.shownCallId }];
    for (const header of message.headers) {
      switch (header.name) {
        case 'From':
        case 'To':
          out.push({ name: header.name, value: this.nameAddrToRenderer(header.value, dialog, []) });
          break;
        case 'Contact':
          for (const value of splitHeaderList(header.value)) {
            out.push({ name: 'Contact', value: value === '*' ? '*' : this.contactToRenderer(value, dialog) });
          }
          break;
        case 'Record-Route':
          for (const value of splitHeaderList(header.value)) {
            out.push({ name: 'Record-Route', value: this.nameAddrToRenderer(value, dialog, []) });
          }
          break;
        default: {
          const check = simpleHeaderChecks[header.name];
          const kept = check?.(header.value);
          if (kept) out.push({ name: header.name, value: kept });
        }
      }
    }
    return out;
  }

  private nameAddrToRenderer(value: string, dialog: Dialog, keepParams: readonly string[]): string {
    const parsed = parseNameAddr(value);
    const uri = parsed.uri;
    const real = rawUri(value);
    let shown: string;
    if (sameAddress(uri, this.config.aor.user, this.config.aor.domain)) shown = LOCAL_AOR;
    else shown = `sip:${this.tokens.token(dialog, 'uri', real)}@${LOCAL_DOMAIN}${uri.hasParam('lr') ? ';lr' : ''}`;
    let out = `<${shown}>`;
    const tag = parsed.getParam('tag');
    if (tag) out += `;tag=${dialog.localTags.has(tag) ? tag : this.tokens.token(dialog, 'tag', tag)}`;
    for (const name of keepParams) {
      const param = parsed.getParam(name);
      if (typeof param === 'string' && /^\d{1,7}$/.test(param)) out += `;${name}=${param}`;
    }
    return out;
  }

  private contactToRenderer(value: string, dialog: Dialog): string {
    const parsed = parseNameAddr(value);
    if (this.ownContact && parsed.uri.user === this.ownContact.user) {
      const expires = parsed.getParam('expires');
      return `<${this.ownContact.uri}>${expires && /^\d{1,7}$/.test(expires) ? `;expires=${expires}` : ''}`;
    }
    return this.nameAddrToRenderer(value, dialog, ['expires']);
  }

  /**
   * The whole Via path of a request becomes one token Via. The token stands for the transaction
   * (RFC 3261 §17.2.3: top Via branch and sent-by), so a CANCEL, which carries only its INVITE's
   * top Via, reaches the renderer with the INVITE's branch and cancels it; the path itself is
   * kept per method, because the response to the CANCEL must go back along the CANCEL's path.
   */
  private viaToken(dialog: Dialog, vias: string[], method: string): string {
    const path = vias.flatMap((value) => splitHeaderList(value));
    const top = parseVia(path[0] ?? '');
    for (const via of path.slice(1)) parseVia(via);
    const token = this.tokens.token(dialog, 'via', `${top.host}:${top.port ?? ''};${top.branch ?? path[0] ?? ''}`);
    remember(dialog.viaPaths, `${token}\n${method}`, vias.join('\n'));
    return `SIP/2.0/WSS ${token}.invalid;branch=z9hG4bK${token}`;
  }

  private remapRAck(value: string, dialog: Dialog): string {
    // RFC 3262: reliable provisional responses exist only for INVITE.
    const match = /^(\d{1,10})\s+(\d{1,10})\s+(INVITE)$/.exec(value.trim());
    if (!match || dialog.remoteCseqBase === undefined) throw new SipRefusal('bad-number');
    return `${match[1]} ${Number(match[2]) - dialog.remoteCseqBase + 1} ${match[3]}`;
  }

  private requestUriToRenderer(text: string): string {
    const uri = parseUri(text);
    if (this.ownContact && uri.user === this.ownContact.user) return this.ownContact.uri;
    if (sameAddress(uri, this.config.aor.user, this.config.aor.domain)) return LOCAL_AOR;
    throw new SipRefusal('unknown-destination');
  }

  private filterBody(message: SipMessage, dialog: Dialog, headers: SipHeader[]): string {
    if (message.body === '') return '';
    const type = (headerValue(message, 'Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type === 'application/sdp') {
      headers.push({ name: 'Content-Type', value: 'application/sdp' });
      return filterInboundSdp(message.body, this.config.mediaServers, dialog.sdp);
    }
    if (type === 'application/dtmf-relay') {
      const match = /^Signal=\s*([0-9A-D*#])\r?\nDuration=\s*(\d{1,5})\s*$/i.exec(message.body.trim());
      if (!match) throw new SipRefusal('unsupported-body');
      headers.push({ name: 'Content-Type', value: 'application/dtmf-relay' });
      return `Signal=${match[1]}\r\nDuration=${match[2]}\r\n`;
    }
    throw new SipRefusal('unsupported-body');
  }

  private providerFacts(message: SipMessage, dialog: Dialog): ProviderFacts {
    const facts: ProviderFacts = { shownCallId: dialog.shownCallId };
    const names = this.config.providerHeaders;
    if (!names) return facts;
    const find = (name: string): string | undefined => {
      const value = message.headers.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;
      return value !== undefined && VISIBLE_TEXT.test(value) ? value : undefined;
    };
    const pseudonym = find(names.pseudonym);
    const callReference = find(names.callReference);
    if (pseudonym) facts.pseudonym = pseudonym;
    if (callReference) facts.callReference = callReference;
    return facts;
  }

  private restore(message: SipMessage): SipMessage {
    const shownCallId = headerValue(message, 'Call-ID') ?? '';
    const dialog = this.tokens.fromRenderer(shownCallId);
    if (!dialog) throw new SipRefusal('unknown-token');
    this.tokens.touch(dialog);
    const isRequest = message.start.kind === 'request';
    if (message.start.kind === 'request' && message.start.method === 'INVITE') {
      const toTag = parseNameAddr(headerValue(message, 'To') ?? '').getParam('tag');
      // Counsellors answer calls; they never place one (no accidental call-back to a caller).
      if (!toTag) throw new SipRefusal('outgoing-call');
    }
    this.recordLocalTag(message, dialog, isRequest ? 'From' : 'To');
    const method = parseCSeq(headerValue(message, 'CSeq') ?? '').method;
    const topVia = message.headers.find((header) => header.name === 'Via')?.value;
    if (isRequest && topVia !== undefined) {
      const own = splitHeaderList(topVia)[0] ?? '';
      remember(dialog.localVias, `${parseVia(own).branch ?? ''}\n${method}`, own);
    }

    const headers: SipHeader[] = [];
    for (const header of message.headers) {
      switch (header.name) {
        case 'Authorization':
        case 'Proxy-Authorization':
          // Credentials live in the main process only; the renderer never has any.
          break;
        case 'Via':
          if (!isRequest && /^SIP\/2\.0\/WSS tv[0-9a-f]{16}\.invalid;/.test(header.value)) {
            const token = /tv[0-9a-f]{16}/.exec(header.value)?.[0] ?? '';
            const real = dialog.viaPaths.get(`${token}\n${method}`);
            if (real === undefined) throw new SipRefusal('unknown-token');
            for (const value of real.split('\n')) headers.push({ name: 'Via', value });
          } else {
            headers.push(header);
          }
          break;
        case 'Call-ID':
          headers.push({ name: 'Call-ID', value: dialog.callId });
          break;
        case 'CSeq': {
          const cseq = parseCSeq(header.value);
          const seq = isRequest ? cseq.seq + dialog.localCseqOffset : cseq.seq + (dialog.remoteCseqBase ?? 1) - 1;
          headers.push({ name: 'CSeq', value: `${seq} ${cseq.method}` });
          break;
        }
        case 'Contact':
          if (message.start.kind === 'request' && message.start.method === 'REGISTER') this.recordOwnContact(header.value);
          headers.push({ name: header.name, value: this.restoreText(header.value, dialog) });
          break;
        default:
          headers.push({ name: header.name, value: this.restoreText(header.value, dialog) });
      }
    }
    const start =
      message.start.kind === 'request'
        ? { ...message.start, uri: this.restoreText(message.start.uri, dialog) }
        : message.start;
    const type = (headerValue(message, 'Content-Type') ?? '').toLowerCase();
    const body = type.startsWith('application/sdp') ? filterOutboundSdp(message.body) : message.body;
    const restored = { start, headers, body };
    if (containsToken(serializeSipMessage(restored).replaceAll(dialog.callId, ''))) throw new SipRefusal('unknown-token');
    return restored;
  }

  /** Replaces token URIs, tags and the local address of record by their real values. */
  private restoreText(text: string, dialog: Dialog): string {
    const { user, domain } = this.config.aor;
    return text
      .replace(/sip:(tk[0-9a-f]{16})@tavs\.invalid(;lr)?/g, (_match, token: string) => {
        const real = this.tokens.resolve(dialog, token);
        if (real === null) throw new SipRefusal('unknown-token');
        return real;
      })
      .replace(/;tag=(tg[0-9a-f]{16})/g, (_match, token: string) => {
        const real = this.tokens.resolve(dialog, token);
        if (real === null) throw new SipRefusal('unknown-token');
        return `;tag=${real}`;
      })
      .replaceAll(LOCAL_AOR, `sip:${user}@${domain}`)
      .replace(/^sip:tavs\.invalid$/, `sip:${domain}`);
  }

  private recordLocalTag(message: SipMessage, dialog: Dialog, header: 'From' | 'To'): void {
    const value = headerValue(message, header);
    const tag = value ? parseNameAddr(value).getParam('tag') : undefined;
    if (tag && !/^tg[0-9a-f]{16}$/.test(tag)) dialog.localTags.add(tag);
  }

  private recordOwnContact(value: string): void {
    const first = splitHeaderList(value)[0];
    if (!first || first === '*') return;
    const parsed = parseNameAddr(first);
    if (parsed.uri.user) this.ownContact = { uri: rawUri(first), user: parsed.uri.user };
  }
}

/** The URI of a name-addr or addr-spec exactly as written (RFC 3261 §20.10). */
function rawUri(value: string): string {
  const open = openingAngle(value);
  if (open !== -1) {
    const close = value.indexOf('>', open);
    if (close === -1) throw new SipRefusal('bad-name-addr');
    return value.slice(open + 1, close).trim();
  }
  return (value.split(';')[0] ?? '').trim();
}

function openingAngle(value: string): number {
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === '\\' && quoted) index++;
    else if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) return index;
  }
  return -1;
}

function reasonOf(error: unknown): RefusalReason {
  return error instanceof SipRefusal ? error.reason : 'internal-error';
}

const REPLY_STATUS: Partial<Record<RefusalReason, number>> = {
  'no-media-server': 488,
  'unsupported-media': 488,
  'unsupported-body': 415,
  'unknown-destination': 404,
};

/**
 * A refused request still gets an answer, so the server's transaction ends cleanly. It is built
 * from the server's own message and goes only back to the server, never to the renderer.
 */
function replyFor(message: SipMessage, reason: RefusalReason): string | undefined {
  return responseTo(message, REPLY_STATUS[reason] ?? 400);
}

/**
 * A final response with `status` to a request from the server (none to an ACK), built from the
 * server's own message: it goes only back to the server, never to the renderer.
 */
export function responseTo(message: SipMessage, status: number): string | undefined {
  if (message.start.kind !== 'request' || message.start.method === 'ACK') return undefined;
  const copied = message.headers.filter((header) => ['Via', 'From', 'To', 'Call-ID', 'CSeq'].includes(header.name));
  const headers = copied.map((header) =>
    header.name === 'To' && !/;\s*tag=/i.test(header.value) ? { ...header, value: `${header.value};tag=tavs-refused` } : header,
  );
  return serializeSipMessage({ start: { kind: 'response', status, reason: standardPhrase(status) }, headers, body: '' });
}
