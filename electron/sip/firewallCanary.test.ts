import { describe, expect, it } from 'vitest';
import { simpleHeaderChecks } from './headerPolicy';
import type { IdentityFirewall } from './identityFirewall';
import {
  MEDIA_SERVER, PROVIDER_HEADERS, PROXY, RENDERER, canary, delivered, findLeaks, header, makeFirewall, register, rendererRequest,
  rendererResponse, sent, serverResponse, sipText,
} from './testing/sipFixtures';

/**
 * Invariant I1 (DESIGN.md §4): canary values planted in every place a provider might put an
 * identity, in every kind of message the renderer can receive, and none may come out. The
 * checker (findLeaks) also insists on structure: only allow-listed headers and SDP lines, only
 * token URIs and Vias, no display names, no address but the media server.
 */

const planted: string[] = [];
const c = (): string => {
  const value = canary();
  planted.push(value);
  return value;
};
const NUMBER = '+4512345678';
const CALLER_IP = '203.0.113.7';
const HOME_IP = '192.168.1.23';
const V6 = '2001:db8:cafe::17';

/** Every header a provider (or a caller's equipment) might fill with who is calling. */
function identityHeaders(): string[] {
  return [
    `P-Asserted-Identity: "Hans ${c()}" <sip:${NUMBER}@${CALLER_IP};user=phone>, <tel:${NUMBER}>`,
    `P-Preferred-Identity: <sip:12345678@${c()}.example>`,
    `Remote-Party-ID: "${c()}" <sip:4512345678@${CALLER_IP}>;party=calling;privacy=off;screen=yes`,
    `Diversion: <sip:12345678@${c()}.example>;reason=unconditional;counter=1`,
    `History-Info: <sip:${NUMBER}@${CALLER_IP}?Reason=SIP%3Bcause%3D302%3Btext%3D%22${c()}%22>;index=1`,
    `Identity: ${c()}eyJhbGciOiJFUzI1NiJ9;info=<https://cert.example/${c()}.pem>;alg=ES256;ppt=shaken`,
    `P-Charging-Vector: icid-value=${c()};icid-generated-at=${CALLER_IP};orig-ioi=${c()}`,
    `P-Access-Network-Info: 3GPP-UTRAN-FDD; utran-cell-id-3gpp=${c()}`,
    `Reason: Q.850;cause=16;text="${c()} Hans Jensen 12 34 56 78"`,
    `Warning: 399 ${CALLER_IP} "${c()}"`,
    `Subject: Call from Hans ${c()} 12 34 56 78`,
    `s: ${c()}`,
    `Organization: ${c()} A/S`,
    `User-Agent: HansPhone/${c()} (${NUMBER})`,
    `Server: Kamailio ${c()}`,
    `Call-Info: <https://${c()}.example/photo.jpg>;purpose=icon`,
    `Alert-Info: <http://${c()}.example/ring.wav>`,
    `Referred-By: "${c()}" <sip:${c()}@${CALLER_IP}>`,
    `b: <sip:${c()}@${CALLER_IP}>`,
    `X-${c()}: ${c()}`,
    `${c()}: ${NUMBER}`,
    `X-Caller-Number: 12 34 56 78`,
    `Supported: 100rel, timer, ${c()}`,
    `Allow: INVITE, ACK, BYE, ${c()}`,
    `Accept: application/sdp, ${c()}/x`,
    `Allow-Events: talk, ${c()}`,
    `Session-Expires: 1800;refresher=uac;${c()}`,
    `Expires: ${c()}`,
  ];
}

function leakySdp(version: number): string {
  return [
    'v=0',
    `o=${c()}4512345678 8412 ${version} IN IP4 ${CALLER_IP}`,
    `s=${c()} Hans Jensen`,
    `i=${c()} 12 34 56 78`,
    `u=http://${c()}.example/`,
    `e=${c()}@example.com (Hans Jensen)`,
    'p=+45 12 34 56 78',
    `c=IN IP4 ${CALLER_IP}`,
    't=0 0',
    `a=tool:${c()}`,
    `a=${c()}:1`,
    `a=msid-semantic: WMS ${c()}`,
    'm=audio 30000 UDP/TLS/RTP/SAVPF 111 0 101',
    `c=IN IP4 ${MEDIA_SERVER}`,
    `i=${c()}`,
    'a=rtpmap:111 opus/48000/2',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=mid:0',
    'a=sendrecv',
    'a=setup:actpass',
    'a=ice-ufrag:Hv7pK2qc',
    'a=ice-pwd:Zm4vBq9xR2sT8wY1uP6nL3kJ',
    `a=candidate:${c()} 1 udp 1677729535 ${CALLER_IP} 40000 typ srflx raddr ${HOME_IP} rport 40000 generation 0 ufrag ${c()}`,
    `a=candidate:${c()} 1 udp 2122260223 ${MEDIA_SERVER} 30000 typ host network-id ${c()}`,
    `a=candidate:${c()} 1 udp 41819903 ${MEDIA_SERVER} 30002 typ relay raddr ${CALLER_IP} rport 40000`,
    `a=candidate:7 1 udp 1 ${V6} 40000 typ host`,
    `a=ssrc:12345678 cname:${c()}`,
    `a=ssrc:12345678 msid:${c()} ${c()}`,
    `a=msid:${c()} ${c()}`,
    `a=label:${c()}`,
    `a=x-${c()}:${c()}`,
    `a=rtcp:30001 IN IP4 ${CALLER_IP}`,
    `a=extmap:3 http://${c()}.example/ext`,
    '',
  ].join('\r\n');
}

interface Call {
  firewall: IdentityFirewall;
  invite: string;
  shownInvite: string;
  result: ReturnType<IdentityFirewall['inbound']>;
  callId: string;
  fromTag: string;
  toTag: string;
}

/** The caller's side of a dialog: Vias, Record-Route, From and Call-ID, all planted. */
function serverVias(): string[] {
  return [
    `Via: SIP/2.0/WSS ${PROXY}:8443;received=${CALLER_IP};rport=5060;branch=z9hG4bK${c()}`,
    `Via: SIP/2.0/UDP ${c()}.example:5060;branch=z9hG4bK${c()};received=${HOME_IP}`,
    `v: SIP/2.0/TCP [${V6}]:5060;branch=z9hG4bK${c()}`,
  ];
}

function incomingCall(): Call {
  const firewall = makeFirewall();
  register(firewall);
  const callId = `${c()}-4512345678@${CALLER_IP}`;
  const fromTag = c();
  const invite = sipText(`INVITE ${RENDERER.contact};alias=${CALLER_IP}~5555~6;x-caller=${c()} SIP/2.0`, [
    ...serverVias(),
    `Record-Route: <sip:${c()}@10.20.30.40;lr;ftag=${c()}>, <sip:${PROXY};lr>`,
    'Max-Forwards: 69',
    `From: "Hans \\"${c()}\\" Jensen 12 34 56 78" <sip:${NUMBER}@${CALLER_IP};user=phone;x=${c()}>;tag=${fromTag}`,
    `To: "Rådgivning ${c()}" <sip:1001@sip.provider.example>`,
    `i: ${callId}`,
    'CSeq: 4711 INVITE',
    `m: Hans ${c()} <sip:4512345678@${CALLER_IP}:5060;transport=udp;${c()}>;+sip.instance="<urn:uuid:${c()}>";expires=3600`,
    ...identityHeaders(),
    `${PROVIDER_HEADERS.pseudonym}: ps-${c()}`,
    `${PROVIDER_HEADERS.callReference}: ref-${c()}`,
    `Content-Type: application/sdp;${c()}=1`,
  ], leakySdp(1));
  const result = firewall.inbound(invite);
  const shownInvite = delivered(result);
  sent(firewall.outbound(rendererResponse(shownInvite, 200, { toTag: 'rendtag1', contact: true })));
  return { firewall, invite, shownInvite, result, callId, fromTag, toTag: 'rendtag1' };
}

/** A request from the caller's side inside the dialog, planted like the INVITE. */
function inDialog(call: Call, method: string, cseq: number, extra: readonly string[], body = '', type = 'application/sdp'): string {
  return sipText(`${method} ${RENDERER.contact} SIP/2.0`, [
    ...serverVias(),
    'Max-Forwards: 69',
    `From: "${c()}" <sip:${NUMBER}@${CALLER_IP};user=phone>;tag=${call.fromTag}`,
    `To: "${c()}" <sip:1001@sip.provider.example>;tag=${call.toTag}`,
    `Call-ID: ${call.callId}`,
    `CSeq: ${cseq} ${method}`,
    ...extra,
    ...identityHeaders(),
    ...(body ? [`Content-Type: ${type}`] : []),
  ], body);
}

function expectClean(text: string): void {
  expect(findLeaks(text, planted)).toEqual([]);
}

describe('canaries in every place a provider might put an identity', () => {
  it('initial INVITE: delivered without any of them; provider facts go to the main process only', () => {
    const call = incomingCall();
    expect(planted.filter((value) => call.invite.includes(value)).length).toBeGreaterThan(60);
    expectClean(call.shownInvite);
    if (call.result.kind !== 'deliver') throw new Error('refused');
    const { pseudonym, callReference } = call.result.call ?? {};
    expect(pseudonym).toMatch(/^ps-cnry[0-9a-f]{12}$/);
    expect(callReference).toMatch(/^ref-cnry[0-9a-f]{12}$/);
    expect(call.shownInvite).not.toContain(pseudonym);
    expect(call.shownInvite).not.toContain(callReference);
    expect(header(call.shownInvite, 'Supported')).toBe('100rel, timer');
  });

  it('re-INVITE (hold), UPDATE, INFO, NOTIFY, PRACK, ACK, CANCEL and BYE from the caller', () => {
    const call = incomingCall();
    const messages = [
      inDialog(call, 'ACK', 4711, []),
      inDialog(call, 'INVITE', 4712, [`Contact: <sip:${c()}@${CALLER_IP}>`], leakySdp(2).replace('a=sendrecv', 'a=sendonly')),
      inDialog(call, 'UPDATE', 4713, [`Contact: "${c()}" <sip:${NUMBER}@${CALLER_IP}>`], leakySdp(3)),
      inDialog(call, 'INFO', 4714, [], 'Signal=7\r\nDuration=160\r\n', 'application/dtmf-relay'),
      inDialog(call, 'NOTIFY', 4715, [`Event: talk;${c()}`, `Subscription-State: active;expires=60;${c()}`]),
      inDialog(call, 'PRACK', 4716, [`RAck: 1 4711 INVITE`]),
      inDialog(call, 'OPTIONS', 4717, []),
      inDialog(call, 'BYE', 4718, []),
      inDialog(call, 'CANCEL', 4718, []),
    ];
    for (const message of messages) expectClean(delivered(call.firewall.inbound(message)));
  });

  it('out-of-dialog OPTIONS to the registered Contact, with a display name without quotes', () => {
    const firewall = makeFirewall();
    register(firewall);
    const options = sipText(`OPTIONS ${RENDERER.contact} SIP/2.0`, [
      ...serverVias(), 'Max-Forwards: 70', `From: Hans ${c()} <sip:${c()}@${CALLER_IP}>;tag=${c()}`, `To: <${RENDERER.contact}>`,
      `Call-ID: ${c()}@${CALLER_IP}`, 'CSeq: 1 OPTIONS', ...identityHeaders(),
    ]);
    expectClean(delivered(firewall.inbound(options)));
  });

  it('MESSAGE, a NOTIFY with a sipfrag and an INFO with extra body lines are refused, delivering nothing', () => {
    const call = incomingCall();
    const refused = [
      inDialog(call, 'MESSAGE', 4720, [], `Hello, this is Hans ${c()}, call me on 12 34 56 78`, 'text/plain'),
      inDialog(call, 'NOTIFY', 4721, ['Event: refer'], `SIP/2.0 200 OK\r\nFrom: <sip:${c()}@${CALLER_IP}>\r\n`, 'message/sipfrag'),
      inDialog(call, 'INFO', 4722, [], `Signal=7\r\nDuration=160\r\nCaller=${c()}\r\n`, 'application/dtmf-relay'),
    ];
    for (const message of refused) expect(call.firewall.inbound(message)).toMatchObject({ kind: 'refuse', reason: 'unsupported-body' });
  });

  it('responses to the renderer\'s BYE, re-INVITE and REGISTER', () => {
    const call = incomingCall();
    const extra = [...identityHeaders(), `Contact: "${c()}" <sip:${NUMBER}@${CALLER_IP}>`, `Record-Route: <sip:${c()}@${PROXY};lr>`];
    const reinvite = sent(call.firewall.outbound(rendererRequest(call.shownInvite, 'INVITE', { localTag: 'rendtag1', cseq: 1, body: leakySdp(9) })));
    // A proxy that forgot to strip them: Vias of other hops below the renderer's own.
    const answer = serverResponse(reinvite, 200, { body: leakySdp(2), extra });
    expectClean(delivered(call.firewall.inbound(answer.replace(/^Via: (.*)$/m, `Via: $1\r\nVia: SIP/2.0/UDP ${CALLER_IP};branch=${c()}`))));
    // A top Via the renderer never wrote is refused outright.
    const forged = answer.replace(/^Via: .*$/m, `Via: SIP/2.0/WSS ${c()}.invalid;branch=z9hG4bK${c()}`);
    expect(call.firewall.inbound(forged)).toMatchObject({ kind: 'refuse', reason: 'bad-via' });
    const bye = sent(call.firewall.outbound(rendererRequest(call.shownInvite, 'BYE', { localTag: 'rendtag1', cseq: 2 })));
    expectClean(delivered(call.firewall.inbound(serverResponse(bye, 200, { extra }))));
    const firewall = makeFirewall();
    const registered = register(firewall);
    const contacts = `Contact: <${RENDERER.contact}>;expires=600, "${c()}" <sip:${NUMBER}@${CALLER_IP}>;expires=60`;
    expectClean(delivered(firewall.inbound(serverResponse(registered, 200, { toTag: c(), extra: [contacts, ...identityHeaders()] }))));
  });

  it('a Request-URI with a caller number in it is refused, not delivered', () => {
    const call = incomingCall();
    const stray = inDialog(call, 'INVITE', 4730, []).replace(`INVITE ${RENDERER.contact}`, `INVITE sip:${NUMBER}@${CALLER_IP}`);
    expect(call.firewall.inbound(stray)).toMatchObject({ kind: 'refuse', reason: 'unknown-destination' });
  });
});

describe('the canary check itself', () => {
  it('fails for any one planted header or SDP line that would get through', () => {
    const call = incomingCall();
    const [head = '', sdp = ''] = call.invite.split('\r\n\r\n');
    const [shownHead = '', shownSdp = ''] = call.shownInvite.split('\r\n\r\n');
    const plantedLines = (text: string): string[] =>
      text.split('\r\n').filter((line) => planted.some((value) => line.includes(value)) || /\d+\.\d+\.\d+\.\d+|12345678|12 34/.test(line.replaceAll(MEDIA_SERVER, '')));
    const headerLines = plantedLines(head).slice(1);
    const sdpLines = plantedLines(sdp);
    expect(headerLines.length).toBeGreaterThan(30);
    expect(sdpLines.length).toBeGreaterThan(15);
    for (const line of headerLines) expect(findLeaks(`${shownHead}\r\n${line}\r\n\r\n${shownSdp}`, planted), line).not.toEqual([]);
    for (const line of sdpLines) expect(findLeaks(`${shownHead}\r\n\r\n${shownSdp}${line}\r\n`, planted), line).not.toEqual([]);
  });

  it('fails when one more header joins the firewall\'s allow-list', () => {
    const checks = simpleHeaderChecks as Record<string, (value: string) => string | null>;
    checks.Subject = (value) => value;
    try {
      const { shownInvite } = incomingCall();
      const leaks = findLeaks(shownInvite, planted);
      expect(leaks).toContain('header Subject');
      expect(leaks.some((leak) => leak.startsWith('value cnry'))).toBe(true);
    } finally {
      delete checks.Subject;
    }
    expectClean(incomingCall().shownInvite);
  });
});
