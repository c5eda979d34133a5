// A minimal SIP user agent over UDP, for tests and benchmarks that need a phone without a
// browser: it registers with digest auth (a counsellor, e.g. a per-shift account), places calls
// as the provider's gateway (caller1) with any number in From, rings, answers, rejects, cancels
// and hangs up. No media: the SDP is a placeholder. One socket on 127.0.0.1, no retransmission
// timers (loopback does not lose datagrams); Kamailio's retransmissions get the last response.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { digestAuthorization, parseChallenge } from '../../electron/sip/digestAuth';
import { header, headerValues, parseSipMessage, type SipMessage } from './sipText.js';

export interface UdpAgentOptions {
  /** Kamailio's UDP address, host:port (SipStack.udpAddress). */
  server: string;
  domain: string;
  user: string;
  password: string;
}

export interface IncomingCall {
  callId: string;
  invite: SipMessage;
  answer(): void;
  reject(status: number): void;
  /** Resolves when the call ends: the caller cancelled it, or a BYE came. */
  readonly ended: Promise<'cancelled' | 'bye'>;
}

export interface OutgoingCall {
  callId: string;
  /** Resolves with the first provisional (1xx above 100) or final status. */
  readonly progress: Promise<number>;
  /** Resolves with the final status (2xx: answered; 480: nobody there; 487: cancelled). */
  readonly final: Promise<number>;
  /** CANCEL while it rings (after a provisional); the final status becomes 487. */
  cancel(): Promise<void>;
  /** BYE after a 2xx. */
  hangup(): Promise<number>;
}

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

function token(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

function statusOf(message: SipMessage): number {
  return Number(/^SIP\/2\.0 (\d{3})/.exec(message.startLine)?.[1] ?? 0);
}

function lines(start: string, headers: Array<string | false>, body = ''): string {
  const present = headers.filter((line): line is string => line !== false);
  return [start, ...present, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

export class UdpSipAgent {
  /** Called for each new incoming INVITE (after the agent answered 180); default: keep ringing. */
  onInvite: (call: IncomingCall) => void = () => undefined;

  private readonly pending = new Map<string, { onResponse: (message: SipMessage) => void }>();
  private readonly incoming = new Map<string, { lastResponse: string; state: 'ringing' | 'answered' | 'done'; end: (why: 'cancelled' | 'bye') => void }>();
  private readonly registrationCallId = `reg-${token()}`;
  private readonly serverHost: string;
  private readonly serverPort: number;
  private cseq = 1;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    private readonly options: UdpAgentOptions,
  ) {
    const [host = '127.0.0.1', serverPort = '5060'] = options.server.split(':');
    this.serverHost = host;
    this.serverPort = Number(serverPort);
    socket.on('message', (data) => this.receive(data.toString('utf8')));
  }

  static async open(options: UdpAgentOptions): Promise<UdpSipAgent> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new UdpSipAgent(socket, socket.address().port, options);
  }

  /**
   * REGISTER (answering the digest challenge); resolves with the final status: 200, 403, ...
   * `aorUser` registers another user's AOR with these credentials (a server must refuse that).
   */
  async register(expires = 600, aorUser = this.options.user): Promise<number> {
    const { domain } = this.options;
    const aor = `sip:${aorUser}@${domain}`;
    const reply = await this.authenticated('REGISTER', `sip:${domain}`, (cseq, branch, auth) =>
      lines(`REGISTER sip:${domain} SIP/2.0`, [
        this.via(branch),
        'Max-Forwards: 70',
        `From: <${aor}>;tag=${token()}`,
        `To: <${aor}>`,
        `Call-ID: ${this.registrationCallId}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <sip:${this.options.user}@127.0.0.1:${this.port}>`,
        `Expires: ${expires}`,
        auth ?? false,
      ]),
    );
    return statusOf(reply);
  }

  /** INVITE sip:<to>@domain with `fromUser` in From (the gateway puts the caller's number there). */
  call(to: string, fromUser = this.options.user): OutgoingCall {
    const { domain } = this.options;
    const callId = `call-${token(8)}`;
    const fromTag = token();
    const uri = `sip:${to}@${domain}`;
    let invite = { cseq: 0, branch: '' };
    let answer: SipMessage | undefined;
    let reportProgress: (status: number) => void = () => undefined;
    const progress = new Promise<number>((resolve) => (reportProgress = resolve));
    // A CANCEL may follow any provisional response, 100 Trying included (RFC 3261 §9.1).
    let reportCancellable: () => void = () => undefined;
    const cancellable = new Promise<void>((resolve) => (reportCancellable = resolve));
    let finished = false;
    const build = (cseq: number, branch: string, auth?: string): string => {
      invite = { cseq, branch };
      return lines(
        `INVITE ${uri} SIP/2.0`,
        [
          this.via(branch),
          'Max-Forwards: 70',
          `From: <sip:${fromUser}@${domain}>;tag=${fromTag}`,
          `To: <${uri}>`,
          `Call-ID: ${callId}`,
          `CSeq: ${cseq} INVITE`,
          `Contact: <sip:${this.options.user}@127.0.0.1:${this.port}>`,
          'Content-Type: application/sdp',
          auth ?? false,
        ],
        SDP,
      );
    };
    const final = this.authenticated('INVITE', uri, build, (provisional) => {
      reportCancellable();
      if (statusOf(provisional) > 100) reportProgress(statusOf(provisional));
    }).then((reply) => {
      const status = statusOf(reply);
      finished = true;
      reportCancellable();
      reportProgress(status);
      if (status >= 300) this.ackFailure(reply, uri, invite.cseq, invite.branch);
      else {
        answer = reply;
        this.send(this.inDialog('ACK', reply, invite.cseq, token()));
      }
      return status;
    });
    return {
      callId,
      progress,
      final,
      cancel: async () => {
        await cancellable;
        if (finished) return;
        const cancel = lines(`CANCEL ${uri} SIP/2.0`, [
          this.via(invite.branch),
          'Max-Forwards: 70',
          `From: <sip:${fromUser}@${domain}>;tag=${fromTag}`,
          `To: <${uri}>`,
          `Call-ID: ${callId}`,
          `CSeq: ${invite.cseq} CANCEL`,
        ]);
        // The CANCEL shares the INVITE's branch; the INVITE then ends with 487.
        await this.transaction(invite.branch, cancel);
      },
      hangup: async () => {
        await final;
        if (!answer) throw new Error('hangup: the call was not answered');
        const branch = `z9hG4bK${token()}`;
        return statusOf(await this.transaction(branch, this.inDialog('BYE', answer, invite.cseq + 1, branch.slice(7))));
      },
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private via(branch: string): string {
    return `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${branch};rport`;
  }

  private send(text: string): void {
    this.socket.send(text, this.serverPort, this.serverHost);
  }

  /** Sends a request and resolves with its final response; provisional ones go to `onProvisional`. */
  private transaction(branch: string, text: string, onProvisional?: (message: SipMessage) => void): Promise<SipMessage> {
    // A CANCEL shares its INVITE's branch: responses are matched by branch and CSeq method.
    const key = `${branch} ${/^CSeq: \d+ (\w+)/m.exec(text)?.[1]}`;
    return new Promise((resolve) => {
      this.pending.set(key, {
        onResponse: (message) => {
          if (statusOf(message) < 200) return onProvisional?.(message);
          this.pending.delete(key);
          resolve(message);
        },
      });
      this.send(text);
    });
  }

  /** A request that may be challenged (401/407): answered once with digest credentials. */
  private async authenticated(
    method: string,
    uri: string,
    build: (cseq: number, branch: string, auth?: string) => string,
    onProvisional?: (message: SipMessage) => void,
  ): Promise<SipMessage> {
    const cseq = this.cseq++;
    const branch = `z9hG4bK${token()}`;
    const reply = await this.transaction(branch, build(cseq, branch), onProvisional);
    const status = statusOf(reply);
    if (status !== 401 && status !== 407) return reply;
    if (method === 'INVITE') this.ackFailure(reply, uri, cseq, branch);
    const challenge = parseChallenge(header(reply, status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate') ?? '');
    if (!challenge) throw new Error(`${method}: ${status} without a usable digest challenge`);
    const { user, password } = this.options;
    const auth = digestAuthorization({ method, uri, username: user, password, challenge });
    const retry = this.cseq++;
    const next = `z9hG4bK${token()}`;
    return this.transaction(next, build(retry, next, `${status === 401 ? 'Authorization' : 'Proxy-Authorization'}: ${auth}`), onProvisional);
  }

  /** The ACK of a non-2xx final response: same branch, hop by hop. */
  private ackFailure(reply: SipMessage, uri: string, cseq: number, branch: string): void {
    this.send(
      lines(`ACK ${uri} SIP/2.0`, [
        this.via(branch),
        'Max-Forwards: 70',
        `From: ${header(reply, 'From')}`,
        `To: ${header(reply, 'To')}`,
        `Call-ID: ${header(reply, 'Call-ID')}`,
        `CSeq: ${cseq} ACK`,
      ]),
    );
  }

  /** ACK (of a 2xx) or BYE inside the dialog the 2xx set up: to its Contact, through its route set. */
  private inDialog(method: 'ACK' | 'BYE', answer: SipMessage, cseq: number, branchToken: string): string {
    const target = /<([^>]+)>/.exec(header(answer, 'Contact') ?? '')?.[1] ?? '';
    const routes = headerValues(answer, 'Record-Route').flatMap((value) => value.split(/,\s*(?=<)/)).reverse();
    return lines(`${method} ${target} SIP/2.0`, [
      this.via(`z9hG4bK${branchToken}`),
      'Max-Forwards: 70',
      ...routes.map((route) => `Route: ${route}`),
      `From: ${header(answer, 'From')}`,
      `To: ${header(answer, 'To')}`,
      `Call-ID: ${header(answer, 'Call-ID')}`,
      `CSeq: ${cseq} ${method}`,
    ]);
  }

  private receive(raw: string): void {
    const message = parseSipMessage(raw);
    if (message.startLine.startsWith('SIP/2.0 ')) {
      const branch = /branch=([^;,\s]+)/.exec(header(message, 'Via') ?? '')?.[1] ?? '';
      const method = (header(message, 'CSeq') ?? '').split(/\s+/)[1];
      this.pending.get(`${branch} ${method}`)?.onResponse(message);
      return;
    }
    const method = message.startLine.split(' ')[0] ?? '';
    const callId = header(message, 'Call-ID') ?? '';
    switch (method) {
      case 'INVITE':
        return this.incomingInvite(callId, message);
      case 'CANCEL': {
        this.send(this.response(message, 200, 'OK'));
        const call = this.incoming.get(callId);
        if (call?.state === 'ringing') {
          call.state = 'done';
          call.lastResponse = this.response(this.invites.get(callId) ?? message, 487, 'Request Terminated');
          this.send(call.lastResponse);
          call.end('cancelled');
        }
        return;
      }
      case 'BYE':
        this.send(this.response(message, 200, 'OK'));
        this.incoming.get(callId)?.end('bye');
        return;
      case 'ACK':
        return;
      default:
        this.send(this.response(message, 405, 'Method Not Allowed'));
    }
  }

  private readonly invites = new Map<string, SipMessage>();
  private readonly toTag = token();

  private incomingInvite(callId: string, invite: SipMessage): void {
    const known = this.incoming.get(callId);
    if (known) return this.send(known.lastResponse); // a retransmission
    let end: (why: 'cancelled' | 'bye') => void = () => undefined;
    const ended = new Promise<'cancelled' | 'bye'>((resolve) => (end = resolve));
    const state = { lastResponse: this.response(invite, 180, 'Ringing'), state: 'ringing' as 'ringing' | 'answered' | 'done', end };
    this.incoming.set(callId, state);
    this.invites.set(callId, invite);
    this.send(state.lastResponse);
    const finish = (text: string, next: 'answered' | 'done'): void => {
      if (state.state !== 'ringing') return;
      state.state = next;
      state.lastResponse = text;
      this.send(text);
    };
    this.onInvite({
      callId,
      invite,
      ended,
      answer: () => finish(this.response(invite, 200, 'OK', SDP), 'answered'),
      reject: (status) => finish(this.response(invite, status, 'Declined'), 'done'),
    });
  }

  private response(request: SipMessage, status: number, reason: string, sdp = ''): string {
    const to = header(request, 'To') ?? '';
    const isInvite = request.startLine.startsWith('INVITE ');
    return lines(
      `SIP/2.0 ${status} ${reason}`,
      [
        ...headerValues(request, 'Via').map((via) => `Via: ${via}`),
        ...(isInvite && status < 300 ? headerValues(request, 'Record-Route').map((route) => `Record-Route: ${route}`) : []),
        `From: ${header(request, 'From')}`,
        `To: ${/;tag=/.test(to) || status === 100 ? to : `${to};tag=${this.toTag}`}`,
        `Call-ID: ${header(request, 'Call-ID')}`,
        `CSeq: ${header(request, 'CSeq')}`,
        isInvite && status < 300 ? `Contact: <sip:${this.options.user}@127.0.0.1:${this.port}>` : false,
        sdp ? 'Content-Type: application/sdp' : false,
      ],
      sdp,
    );
  }
}
