// Caller simulator: stands for a person phoning the helpline through the
// provider's PSTN gateway. It authenticates as a "caller" account and may put
// any number in From, plant identity headers, and tamper with its SDP, so the
// tests can check what reaches the counsellor. Driven through window.tavsCaller
// (Playwright) or the form on the page (demo).
import { Inviter, SessionState, UserAgent, Web, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { CallOutcome, CallerApi, PlaceCallOptions, SdpCanaries, SipAccountConfig } from '../pageApi.js';
import { callState, endSession, mediaStats, playRemoteAudio, sdhOptions, waitForState } from '../browser/media.js';

let ua: UserAgent | undefined;
let config: SipAccountConfig | undefined;
let session: Inviter | undefined;
const canariesBySession = new WeakMap<Session, SdpCanaries>();

/** Plant canary values in an SDP body as it leaves (after ICE gathering). */
export function plantCanaries(sdp: string, c: SdpCanaries): string {
  let lines = sdp.split(/\r?\n/).filter((l) => l !== '');
  if (c.originUsername) lines = lines.map((l) => (l.startsWith('o=') ? `o=${c.originUsername} ${l.slice(2).split(' ').slice(1).join(' ')}` : l));
  if (c.sessionName) lines = lines.map((l) => (l.startsWith('s=') ? `s=${c.sessionName}` : l));
  if (c.sessionLines?.length) {
    const at = lines.findIndex((l) => l.startsWith('s=')) + 1;
    lines.splice(at, 0, ...c.sessionLines);
  }
  if (c.candidateAddresses?.length) {
    const out: string[] = [];
    const candidates = c.candidateAddresses.map(
      (ip, i) => `a=candidate:${9000 + i} 1 udp 2122260223 ${ip} ${40000 + i} typ host generation 0`,
    );
    lines.forEach((l, i) => {
      out.push(l);
      const next = lines[i + 1];
      const inMedia = lines.slice(0, i + 1).some((x) => x.startsWith('m='));
      if (inMedia && (next === undefined || next.startsWith('m='))) out.push(...candidates);
    });
    lines = out;
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The default WebRTC handler, with the outgoing SDP tampered with on the wire. */
function tamperingFactory(): SessionDescriptionHandlerFactory {
  const base = Web.defaultSessionDescriptionHandlerFactory();
  return (s, options) => {
    const sdh = base(s, options);
    const getDescription = sdh.getDescription.bind(sdh);
    sdh.getDescription = async (o, m) => {
      const description = await getDescription(o, m);
      const canaries = canariesBySession.get(s);
      return canaries ? { ...description, body: plantCanaries(description.body, canaries) } : description;
    };
    return sdh;
  };
}

function headerLines(headers: PlaceCallOptions['headers']): string[] {
  if (!headers) return [];
  return Array.isArray(headers) ? headers : Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
}

async function disconnect(): Promise<void> {
  await endSession(session).catch(() => undefined);
  session = undefined;
  await ua?.stop().catch(() => undefined);
  ua = undefined;
}

async function connect(c: SipAccountConfig): Promise<void> {
  await disconnect();
  config = c;
  const uri = UserAgent.makeURI(`sip:${c.user}@${c.domain}`);
  if (!uri) throw new Error(`bad caller account ${c.user}@${c.domain}`);
  ua = new UserAgent({
    uri,
    authorizationUsername: c.user,
    authorizationPassword: c.password,
    transportOptions: { server: c.wsUrl },
    sessionDescriptionHandlerFactory: tamperingFactory(),
    sessionDescriptionHandlerFactoryOptions: sdhOptions,
    logLevel: 'warn',
  });
  await ua.start();
}

async function placeCall(options: PlaceCallOptions): Promise<CallOutcome> {
  if (!ua || !config) throw new Error('tavsCaller.connect() first');
  if (session && session.state !== SessionState.Terminated) throw new Error('a call is already in progress');
  const target = UserAgent.makeURI(`sip:${options.to ?? 'helpline'}@${config.domain}`);
  if (!target) throw new Error(`bad target ${options.to}`);
  const inviter = new Inviter(ua, target, {
    extraHeaders: headerLines(options.headers),
    params: {
      fromUri: `sip:${options.number}@${config.domain}`,
      fromDisplayName: options.displayName,
      toDisplayName: options.toDisplayName,
    },
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
  });
  if (options.sdpCanaries) canariesBySession.set(inviter, options.sdpCanaries);
  session = inviter;
  const callId = inviter.request.callId;
  let final: { statusCode?: number; reason?: string } = {};
  const outcome = new Promise<CallOutcome>((resolve) => {
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        playRemoteAudio(inviter, audioElement());
        resolve({ outcome: 'established', callId });
      }
      // sip.js reports Terminated before it calls onReject: read `final` a tick later.
      if (state === SessionState.Terminated) setTimeout(() => resolve({ outcome: 'failed', callId, ...final }), 0);
    });
  });
  await inviter.invite({
    requestDelegate: {
      onReject: (response) => {
        final = { statusCode: response.message.statusCode, reason: response.message.reasonPhrase };
      },
    },
  });
  return outcome;
}

async function sendDtmf(tones: string, via: 'rtp' | 'info' = 'rtp'): Promise<boolean> {
  if (!session || session.state !== SessionState.Established) return false;
  if (via === 'rtp') {
    const sdh = session.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh.sendDtmf(tones) : false;
  }
  for (const tone of tones) {
    await session.info({
      requestOptions: {
        body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160` },
      },
    });
  }
  return true;
}

function audioElement(): HTMLAudioElement {
  return document.querySelector<HTMLAudioElement>('#remote') ?? document.body.appendChild(document.createElement('audio'));
}

const api: CallerApi = {
  connect,
  placeCall,
  hangup: () => endSession(session),
  sendDtmf,
  stats: () => mediaStats(session),
  state: () => callState(session),
  disconnect,
};
window.tavsCaller = api;

// ---- The demo form (optional: /config.json is served when the page server knows the stack).
function field(id: string): HTMLInputElement {
  return document.querySelector<HTMLInputElement>(`#${id}`)!;
}

function show(text: string): void {
  const status = document.querySelector('#status');
  if (status) status.textContent = text;
}

async function bootDemo(): Promise<void> {
  const response = await fetch('config.json').catch(() => undefined);
  const demoConfig = response?.ok ? ((await response.json()) as SipAccountConfig | null) : null;
  if (!demoConfig) return show('waiting to be driven through window.tavsCaller');
  await connect(demoConfig);
  show('ready');
  document.querySelector('#call')?.addEventListener('click', () => {
    show('calling…');
    placeCall({ to: field('to').value, number: field('number').value, displayName: field('name').value || undefined })
      .then((r) => {
        show(r.outcome === 'established' ? 'in call' : `failed: ${r.statusCode ?? ''} ${r.reason ?? ''}`);
        if (r.outcome === 'established') void waitForState(session!, SessionState.Terminated, 24 * 3600_000).then(() => show('ended'));
      })
      .catch((e: unknown) => show(String(e)));
  });
  document.querySelector('#hangup')?.addEventListener('click', () => void endSession(session));
  document.querySelector('#dtmf')?.addEventListener('click', () => void sendDtmf(field('digits').value));
}
void bootDemo();
