import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { Logger } from '../services/logger';
import { digestAuthorization, parseChallenge } from './digestAuth';
import { responseTo, type IdentityFirewall, type ProviderFacts } from './identityFirewall';
import { headerValue, parseCSeq, parseSipMessage, serializeSipMessage, type RefusalReason, type SipMessage } from './sipMessage';

/**
 * The workstation's one connection to the SIP server. Every message in either direction goes
 * through the identity firewall; digest challenges are answered here, so the renderer never
 * holds the SIP password. Refusals are logged with their fixed reason and nothing else.
 */
export interface SipServer {
  /** ws:// (loopback tests) or wss:// (production; certificates are verified). */
  wsUrl: string;
  authUsername: string;
  password: string;
}

export interface RelayEvents {
  message(text: string): void;
  transport(state: 'connected' | 'disconnected', reason: 'requested' | 'closed' | 'unreachable' | 'logged-out'): void;
  incomingCall(facts: ProviderFacts): void;
  callRefused(reason: RefusalReason): void;
  /** False while new calls are declined (a logout is pending); absent: always true. */
  admitsNewCalls?(): boolean;
}

/** What a declined new call is answered: the counsellor is about to leave (RFC 3261 §21.4.18). */
const DECLINED_STATUS = 480;

const CONNECT_TIMEOUT_MS = 5_000;
/** Bigger than the firewall's limit, so an oversized message is refused and logged, not cut off. */
const SOCKET_MAX_PAYLOAD = 1024 * 1024;

interface SentRequest {
  message: SipMessage;
  answered: boolean;
}

export class SipRelay {
  private socket: WebSocket | undefined;
  /** Requests the renderer sent, by real Call-ID + CSeq, until a final response (for challenges). */
  private readonly sent = new Map<string, SentRequest>();
  private readonly refusals = new Map<string, number>();

  constructor(
    private readonly server: SipServer,
    private readonly firewall: IdentityFirewall,
    private readonly log: Logger,
    private readonly events: RelayEvents,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.socket?.terminate();
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.server.wsUrl, 'sip', { handshakeTimeout: CONNECT_TIMEOUT_MS, maxPayload: SOCKET_MAX_PAYLOAD });
      this.socket = socket;
      let opened = false;
      socket.once('open', () => {
        opened = true;
        this.log.info('sip', 'connected');
        this.events.transport('connected', 'requested');
        resolve();
      });
      socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return this.refused('inbound', 'not-utf8');
        this.receive(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
      });
      socket.once('close', () => {
        if (this.socket !== socket) return;
        this.socket = undefined;
        this.sent.clear();
        if (!opened) {
          reject(new Error('unreachable'));
          return;
        }
        this.log.warn('sip', 'connection closed');
        this.events.transport('disconnected', 'closed');
      });
      // 'close' follows every 'error'; the error itself may carry server text, so it is not logged.
      socket.on('error', () => undefined);
    });
  }

  disconnect(reason: 'requested' | 'logged-out'): void {
    const socket = this.socket;
    this.socket = undefined;
    this.sent.clear();
    if (!socket) return;
    socket.close(1000);
    this.events.transport('disconnected', reason);
  }

  /** Sends a message from the renderer; returns the refusal reason, or null when sent. */
  send(text: string): RefusalReason | null {
    if (!this.socket || !this.connected) return 'not-connected';
    const result = this.firewall.outbound(text);
    if (result.kind === 'refuse') {
      this.refused('outbound', result.reason);
      return result.reason;
    }
    if (result.message.start.kind === 'request' && result.message.start.method !== 'ACK') {
      this.sent.set(requestKey(result.message), { message: result.message, answered: false });
      // Bounded: a request the server never answers must not be remembered forever.
      if (this.sent.size > 500) this.sent.delete(this.sent.keys().next().value ?? '');
    }
    this.socket.send(result.text);
    return null;
  }

  /** Refusal counts by direction and reason, for the benchmark and the logs. */
  refusalCounts(): ReadonlyMap<string, number> {
    return this.refusals;
  }

  private receive(text: string): void {
    if (this.answerChallenge(text)) return;
    if (this.declinedNewCall(text)) return;
    const result = this.firewall.inbound(text);
    if (result.kind === 'refuse') {
      this.refused('inbound', result.reason);
      if (result.reply) this.socket?.send(result.reply);
      if (result.callRefused) this.events.callRefused(result.reason);
      return;
    }
    if (result.call) this.events.incomingCall(result.call);
    this.events.message(result.text);
  }

  /**
   * A 401/407 to a request of the renderer's is answered once here, with the credentials the
   * renderer never sees. A second challenge for the same request (wrong password) passes on.
   */
  private answerChallenge(text: string): boolean {
    let response: SipMessage;
    try {
      response = parseSipMessage(text);
    } catch {
      return false;
    }
    if (response.start.kind !== 'response') return false;
    const key = requestKey(response);
    const request = this.sent.get(key);
    if (response.start.status >= 200) this.sent.delete(key);
    const status = response.start.status;
    if (!request || (status !== 401 && status !== 407) || request.answered) return false;
    const challenge = parseChallenge(headerValue(response, status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate') ?? '');
    if (!challenge || request.message.start.kind !== 'request') return false;

    const original = request.message;
    const { method, uri } = original.start as { method: string; uri: string };
    if (method === 'INVITE') this.socket?.send(ackFor(original, response));
    const cseq = parseCSeq(headerValue(original, 'CSeq') ?? '');
    const rendererBranch = /branch=([^;\s,]+)/.exec(headerValue(original, 'Via') ?? '')?.[1] ?? '';
    const branch = `z9hG4bK${randomBytes(10).toString('hex')}`;
    const retry: SipMessage = {
      start: original.start,
      headers: [
        ...original.headers.map((header) => {
          if (header.name === 'CSeq') return { name: 'CSeq', value: `${cseq.seq + 1} ${cseq.method}` };
          if (header.name === 'Via' && header === original.headers.find((h) => h.name === 'Via')) {
            return { name: 'Via', value: header.value.replace(/branch=[^;\s,]+/, `branch=${branch}`) };
          }
          return header;
        }),
        {
          name: status === 401 ? 'Authorization' : 'Proxy-Authorization',
          value: digestAuthorization({ method, uri, username: this.server.authUsername, password: this.server.password, challenge }),
        },
      ],
      body: original.body,
    };
    this.firewall.answeredChallenge(headerValue(original, 'Call-ID') ?? '', branch, rendererBranch);
    this.sent.set(requestKey(retry), { message: retry, answered: true });
    this.socket?.send(serializeSipMessage(retry));
    return true;
  }

  /**
   * A new call while new calls are declined is answered here and never reaches the firewall or
   * the renderer: the phone does not ring for a counsellor whose logout is waiting.
   */
  private declinedNewCall(text: string): boolean {
    if (!text.startsWith('INVITE ') || this.events.admitsNewCalls?.() !== false) return false;
    let invite: SipMessage;
    try {
      invite = parseSipMessage(text);
    } catch {
      return false;
    }
    // A re-INVITE (To with a tag) belongs to a call in progress, which goes on.
    if (/;\s*tag=/i.test(headerValue(invite, 'To') ?? '')) return false;
    const reply = responseTo(invite, DECLINED_STATUS);
    if (reply) this.socket?.send(reply);
    this.log.info('sip', 'new call declined: logout pending');
    return true;
  }

  private refused(direction: 'inbound' | 'outbound', reason: RefusalReason): void {
    const key = `${direction}:${reason}`;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
    this.log.warn('sip', 'message refused', { direction, reason });
  }
}

function requestKey(message: SipMessage): string {
  const cseq = parseCSeq(headerValue(message, 'CSeq') ?? '');
  return `${headerValue(message, 'Call-ID') ?? ''}\n${cseq.seq}\n${cseq.method}`;
}

/** RFC 3261 §17.1.1.3: the ACK for a non-2xx final response to an INVITE. */
function ackFor(invite: SipMessage, response: SipMessage): string {
  const cseq = parseCSeq(headerValue(invite, 'CSeq') ?? '');
  const topVia = invite.headers.find((header) => header.name === 'Via');
  const headers = [
    ...(topVia ? [topVia] : []),
    ...invite.headers.filter((header) => ['Route', 'From', 'Call-ID', 'Max-Forwards'].includes(header.name)),
    { name: 'To', value: headerValue(response, 'To') ?? '' },
    { name: 'CSeq', value: `${cseq.seq} ACK` },
  ];
  const uri = invite.start.kind === 'request' ? invite.start.uri : '';
  return serializeSipMessage({ start: { kind: 'request', method: 'ACK', uri }, headers, body: '' });
}
