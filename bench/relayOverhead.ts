// Relay overhead per SIP message: the identity firewall's own cost, and a round trip to the
// real Kamailio through the relay against the same round trip from a plain WebSocket client
// (what sip.js talking to Kamailio directly does), in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startSipStack } from '../e2e/sip/sipStack.js';
import { IdentityFirewall } from '../electron/sip/identityFirewall';
import { MediaServerList } from '../electron/sip/mediaServers';
import { SipRelay } from '../electron/sip/sipRelay';
import { createLogger } from '../electron/services/logger';
import { percentile, summary } from './stats';

const ROUND_TRIPS = 2_000;
const FIREWALL_MESSAGES = 20_000;

function options(callId: string, seq: number, domain: string): string {
  return [
    `OPTIONS sip:${domain} SIP/2.0`,
    `Via: SIP/2.0/WSS bench.invalid;branch=z9hG4bKbench${seq}`,
    'Max-Forwards: 70',
    `To: <sip:${domain}>`,
    'From: <sip:counsellor@tavs.invalid>;tag=benchtag',
    `Call-ID: ${callId}`,
    `CSeq: ${seq} OPTIONS`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

async function roundTrips(send: (seq: number) => void, onReply: (resolve: () => void) => void): Promise<number[]> {
  const samples: number[] = [];
  for (let seq = 1; seq <= ROUND_TRIPS; seq++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      onReply(resolve);
      send(seq);
    });
    samples.push(performance.now() - started);
  }
  return samples;
}

async function direct(wsUrl: string, domain: string): Promise<number[]> {
  const socket = new WebSocket(wsUrl, 'sip');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let pending: (() => void) | undefined;
  socket.on('message', () => pending?.());
  const samples = await roundTrips(
    (seq) => socket.send(options('bench-direct', seq, domain)),
    (resolve) => (pending = resolve),
  );
  socket.close();
  return samples;
}

async function relayed(wsUrl: string, domain: string): Promise<number[]> {
  let pending: (() => void) | undefined;
  const firewall = new IdentityFirewall({ aor: { user: 'counsellor1', domain }, mediaServers: new MediaServerList(['127.0.0.0/8']), providerHeaders: null });
  const relay = new SipRelay({ wsUrl, authUsername: 'x', password: 'x' }, firewall, createLogger({}), {
    message: () => pending?.(),
    transport: () => undefined,
    incomingCall: () => undefined,
    callRefused: () => undefined,
  });
  await relay.connect();
  const samples = await roundTrips(
    (seq) => {
      const refusal = relay.send(options('bench-relayed', seq, 'tavs.invalid'));
      if (refusal) throw new Error(`relay refused the benchmark message: ${refusal}`);
    },
    (resolve) => (pending = resolve),
  );
  relay.disconnect('requested');
  return samples;
}

/** The firewall alone, in process: an INVITE with SDP in, its 200 OK out. */
function firewallCost(): { inbound: number[]; outbound: number[] } {
  const firewall = new IdentityFirewall({ aor: { user: '1001', domain: 'sip.example' }, mediaServers: new MediaServerList(['127.0.0.0/8']), providerHeaders: null });
  firewall.outbound(
    ['REGISTER sip:tavs.invalid SIP/2.0', 'Via: SIP/2.0/WSS a.invalid;branch=z9hG4bK1', 'To: <sip:counsellor@tavs.invalid>', 'From: <sip:counsellor@tavs.invalid>;tag=t', 'Call-ID: reg', 'CSeq: 1 REGISTER', 'Contact: <sip:me@a.invalid;transport=ws>', 'Content-Length: 0', '', ''].join('\r\n'),
  );
  const sdp = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 40000 UDP/TLS/RTP/SAVPF 111 0', 'c=IN IP4 127.0.0.1', 'a=rtpmap:111 opus/48000/2', 'a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host', 'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefabcdefabcdefabcdef', 'a=fingerprint:sha-256 AA:BB:CC', 'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux', ''].join('\r\n');
  const inbound: number[] = [];
  const outbound: number[] = [];
  for (let index = 0; index < FIREWALL_MESSAGES; index++) {
    const invite = [
      'INVITE sip:me@a.invalid;transport=ws SIP/2.0',
      `Via: SIP/2.0/WSS 127.0.0.1:8080;branch=z9hG4bK${index}`,
      'Record-Route: <sip:127.0.0.1:8080;transport=ws;lr>',
      `From: "Caller" <sip:+4512345678@198.51.100.1>;tag=c${index}`,
      'To: <sip:1001@sip.example>',
      `Call-ID: call-${index}`,
      'CSeq: 1 INVITE',
      'Contact: <sip:+4512345678@198.51.100.1:5060>',
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(sdp)}`,
      '',
      sdp,
    ].join('\r\n');
    let started = performance.now();
    const delivered = firewall.inbound(invite);
    inbound.push(performance.now() - started);
    if (delivered.kind !== 'deliver') throw new Error(`benchmark INVITE refused: ${delivered.reason}`);
    const get = (name: string): string => delivered.text.split('\r\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
    const ok = ['SIP/2.0 200 OK', `Via: ${get('Via')}`, `Record-Route: ${get('Record-Route')}`, `From: ${get('From')}`, `To: ${get('To')};tag=me${index}`, `Call-ID: ${get('Call-ID')}`, `CSeq: ${get('CSeq')}`, 'Contact: <sip:me@a.invalid;transport=ws>', 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n');
    started = performance.now();
    const sent = firewall.outbound(ok);
    outbound.push(performance.now() - started);
    if (sent.kind !== 'send') throw new Error(`benchmark 200 OK refused: ${sent.reason}`);
  }
  return { inbound, outbound };
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-bench-'));
const stack = await startSipStack({ profile: 'leaky', workDir });
try {
  const cost = firewallCost();
  // Alternate so that neither path enjoys a warmer Kamailio.
  const direct1 = await direct(stack.wsUrl, stack.domain);
  const relayed1 = await relayed(stack.wsUrl, stack.domain);
  const directSamples = [...direct1, ...(await direct(stack.wsUrl, stack.domain))];
  const relayedSamples = [...relayed1, ...(await relayed(stack.wsUrl, stack.domain))];
  console.log('relay overhead (identity firewall), per message');
  console.log(summary('firewall inbound: INVITE with SDP', cost.inbound));
  console.log(summary('firewall outbound: 200 OK with SDP', cost.outbound));
  console.log(summary('OPTIONS round trip, direct WebSocket', directSamples));
  console.log(summary('OPTIONS round trip, through the relay', relayedSamples));
  const ratio = (p: number): string => (percentile(relayedSamples, p) / percentile(directSamples, p)).toFixed(2);
  console.log(`ratio relay/direct: p50 ${ratio(50)}x  p99 ${ratio(99)}x`);
} finally {
  await stack.stop();
}
