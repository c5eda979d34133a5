import { describe, expect, it } from 'vitest';
import { containsToken } from './dialogTokens';
import {
  AOR, PROXY, RENDERER, body, branch, delivered, establishedCall, header, headers, makeFirewall, mediaSdp, register,
  rendererRegister, rendererRequest, rendererResponse, sent, serverInvite, serverRequest, serverResponse, sipText, startLine, tagOf, uriOf,
} from './testing/sipFixtures';

/** Round trips through the firewall: what each side sees must make a correct SIP conversation. */

const CALLER_CONTACT = `<sip:anon-7f3a@${PROXY}:5060;ob>`;
const TOKEN_URI = /^<sip:tk[0-9a-f]{16}@tavs\.invalid(;lr)?>$/;

function call() {
  const firewall = makeFirewall();
  register(firewall);
  const invite = serverInvite({ from: `"Anonymous" <sip:anonymous@${PROXY}>;tag=c4ll3r`, contact: CALLER_CONTACT, cseq: 4711 });
  return { firewall, ...establishedCall(firewall, invite, 'rendtag1') };
}

describe('registration', () => {
  it('sends REGISTER under the real address of record, leaving the renderer\'s own Call-ID, Via and Contact', () => {
    const firewall = makeFirewall();
    const out = sent(firewall.outbound(rendererRegister(1, 'z9hG4bKreg1')));
    expect(startLine(out)).toBe(`REGISTER sip:${AOR.domain} SIP/2.0`);
    expect(header(out, 'To')).toBe(`<sip:${AOR.user}@${AOR.domain}>`);
    expect(header(out, 'From')).toBe(`<sip:${AOR.user}@${AOR.domain}>;tag=rg0tag1`);
    expect(header(out, 'Call-ID')).toBe(RENDERER.registerCallId);
    expect(header(out, 'Via')).toBe(`SIP/2.0/WSS ${RENDERER.viaHost};branch=z9hG4bKreg1`);
    expect(header(out, 'Contact')).toBe(`<${RENDERER.contact}>;expires=600`);
    expect(out).not.toContain('counsellor@tavs.invalid');
  });

  it('delivers the registrar\'s 200 with the renderer\'s own Via and Contact, and other devices\' contacts as tokens', () => {
    const firewall = makeFirewall();
    const out = register(firewall);
    const ok = serverResponse(out, 200, {
      toTag: 'regtag',
      contact: `<${RENDERER.contact}>;expires=600, <sip:desk2@198.51.100.77:5060>;expires=3600`,
      extra: ['Server: Kamailio (5.8.4 (x86_64/linux))', 'Path: <sip:10.0.0.1;lr>', 'Service-Route: <sip:10.0.0.2;lr>'],
    });
    const shown = delivered(firewall.inbound(ok));
    expect(header(shown, 'Via')).toBe(headers(out, 'Via')[0]);
    expect(headers(shown, 'Contact')[0]).toBe(`<${RENDERER.contact}>;expires=600`);
    expect(headers(shown, 'Contact')[1]).toMatch(/^<sip:tk[0-9a-f]{16}@tavs\.invalid>;expires=3600$/);
    expect(header(shown, 'To')).toMatch(/^<sip:counsellor@tavs\.invalid>;tag=tg[0-9a-f]{16}$/);
    expect(header(shown, 'Call-ID')).toBe(RENDERER.registerCallId);
    expect(shown).not.toMatch(/Kamailio|Path|Service-Route|198\.51\.100\.77|received|rport|1001|provider\.example/);
  });
});

describe('incoming call', () => {
  it('reaches the renderer addressed to its registered Contact, with every caller-side value a token', () => {
    const { shownInvite } = call();
    expect(startLine(shownInvite)).toBe(`INVITE ${RENDERER.contact} SIP/2.0`);
    expect(header(shownInvite, 'Call-ID')).toMatch(/^tc[0-9a-f]{16}$/);
    expect(header(shownInvite, 'From')).toMatch(/^<sip:tk[0-9a-f]{16}@tavs\.invalid>;tag=tg[0-9a-f]{16}$/);
    expect(header(shownInvite, 'To')).toBe('<sip:counsellor@tavs.invalid>');
    expect(header(shownInvite, 'Contact')).toMatch(TOKEN_URI);
    expect(headers(shownInvite, 'Record-Route')).toHaveLength(2);
    for (const route of headers(shownInvite, 'Record-Route')) expect(route).toMatch(/^<sip:tk[0-9a-f]{16}@tavs\.invalid;lr>$/);
    expect(headers(shownInvite, 'Via')).toEqual([expect.stringMatching(/^SIP\/2\.0\/WSS (tv[0-9a-f]{16})\.invalid;branch=z9hG4bK\1$/)]);
    expect(header(shownInvite, 'CSeq')).toBe('1 INVITE');
    expect(shownInvite).not.toMatch(/192\.0\.2\.50|anonymous|c4ll3r|4711|anon-7f3a/);
  });

  it('restores the renderer\'s 180 and 200 exactly: Via path, Record-Route, tags, Call-ID, CSeq', () => {
    const firewall = makeFirewall();
    register(firewall);
    const invite = serverInvite({ from: `<sip:anonymous@${PROXY}>;tag=c4ll3r`, cseq: 4711 });
    const shownInvite = delivered(firewall.inbound(invite));
    for (const status of [180, 200]) {
      const out = sent(firewall.outbound(rendererResponse(shownInvite, status, { toTag: 'rendtag1', contact: true, body: status === 200 ? mediaSdp() : undefined })));
      expect(startLine(out)).toMatch(new RegExp(`^SIP/2\\.0 ${status} `));
      expect(headers(out, 'Via')).toEqual(headers(invite, 'Via'));
      expect(headers(out, 'Record-Route')).toEqual(headers(invite, 'Record-Route'));
      expect(header(out, 'From')).toBe(`<sip:anonymous@${PROXY}>;tag=c4ll3r`);
      expect(header(out, 'To')).toBe(`<sip:${AOR.user}@${AOR.domain}>;tag=rendtag1`);
      expect(header(out, 'Call-ID')).toBe(header(invite, 'Call-ID'));
      expect(header(out, 'CSeq')).toBe('4711 INVITE');
      expect(header(out, 'Contact')).toBe(`<${RENDERER.contact}>`);
      expect(containsToken(out)).toBe(false);
    }
  });

  it('delivers the ACK for the 200 in the same dialog', () => {
    const { shownInvite, shownAck } = call();
    expect(startLine(shownAck)).toBe(`ACK ${RENDERER.contact} SIP/2.0`);
    expect(header(shownAck, 'Call-ID')).toBe(header(shownInvite, 'Call-ID'));
    expect(header(shownAck, 'From')).toBe(header(shownInvite, 'From'));
    expect(header(shownAck, 'To')).toBe(`${header(shownInvite, 'To')};tag=rendtag1`);
    expect(header(shownAck, 'CSeq')).toBe('1 ACK');
    expect(header(shownAck, 'Via')).not.toBe(header(shownInvite, 'Via'));
  });

  it('sends the renderer\'s BYE to the caller\'s real target, with the Route set from Record-Route', () => {
    const { firewall, invite, shownInvite } = call();
    const bye = rendererRequest(shownInvite, 'BYE', { localTag: 'rendtag1', cseq: 1 });
    const out = sent(firewall.outbound(bye));
    expect(startLine(out)).toBe(`BYE ${uriOf(CALLER_CONTACT)} SIP/2.0`);
    expect(headers(out, 'Route')).toEqual(headers(invite, 'Record-Route'));
    expect(header(out, 'From')).toBe(`<sip:${AOR.user}@${AOR.domain}>;tag=rendtag1`);
    // The dialog's remote URI and tag (RFC 3261 §12.2.1.1); the display name is not part of it.
    expect(header(out, 'To')).toBe(`<sip:anonymous@${PROXY}>;tag=c4ll3r`);
    expect(header(out, 'Call-ID')).toBe(header(invite, 'Call-ID'));
    expect(header(out, 'CSeq')).toBe('1 BYE');
    expect(header(out, 'Via')).toBe(header(bye, 'Via'));
    const ok = delivered(firewall.inbound(serverResponse(out, 200)));
    expect(header(ok, 'Via')).toBe(header(bye, 'Via'));
    expect(header(ok, 'CSeq')).toBe('1 BYE');
    expect(header(ok, 'From')).toBe(header(bye, 'From'));
    expect(tagOf(header(ok, 'To'))).toBe(tagOf(header(shownInvite, 'From')));
  });
});

describe('hold and resume', () => {
  it('restores the renderer\'s re-INVITE and delivers the server\'s 200 with a filtered answer', () => {
    const { firewall, shownInvite } = call();
    const hold = rendererRequest(shownInvite, 'INVITE', { localTag: 'rendtag1', cseq: 2, body: mediaSdp({ direction: 'sendonly', version: 2 }) });
    const out = sent(firewall.outbound(hold));
    expect(startLine(out)).toBe(`INVITE ${uriOf(CALLER_CONTACT)} SIP/2.0`);
    expect(header(out, 'To')).toBe(`<sip:anonymous@${PROXY}>;tag=c4ll3r`);
    expect(body(out)).toContain('a=sendonly');
    const answer = serverResponse(out, 200, { contact: CALLER_CONTACT, body: mediaSdp({ direction: 'recvonly', version: 5 }) });
    const shown = delivered(firewall.inbound(answer));
    expect(header(shown, 'CSeq')).toBe('2 INVITE');
    expect(header(shown, 'Contact')).toBe(header(shownInvite, 'Contact'));
    expect(body(shown)).toContain('a=recvonly');
    // Same remote session as the INVITE's offer (version 1 there, 5 here): same id, increment kept.
    const sessionId = /^o=- (\d+) /m.exec(body(shownInvite))?.[1] ?? 'none';
    expect(body(shown)).toMatch(new RegExp(`^o=- ${sessionId} 5 IN IP4 0\\.0\\.0\\.0$`, 'm'));
  });

  it('delivers the caller\'s re-INVITE in the same dialog, with the next CSeq and a raised SDP version', () => {
    const { firewall, invite, shownInvite } = call();
    const reinvite = serverRequest(invite, 'INVITE', { toTag: 'rendtag1', cseq: 4712, body: mediaSdp({ direction: 'sendonly', version: 2 }) });
    const shown = delivered(firewall.inbound(reinvite));
    expect(header(shown, 'Call-ID')).toBe(header(shownInvite, 'Call-ID'));
    expect(header(shown, 'From')).toBe(header(shownInvite, 'From'));
    expect(header(shown, 'To')).toBe('<sip:counsellor@tavs.invalid>;tag=rendtag1');
    expect(header(shown, 'CSeq')).toBe('2 INVITE');
    const originOf = (text: string): string | undefined => /^o=- (\d+) (\d+) /m.exec(body(text))?.slice(1).join(' ');
    expect(originOf(shown)?.split(' ')[0]).toBe(originOf(shownInvite)?.split(' ')[0]);
    expect(Number(originOf(shown)?.split(' ')[1])).toBe(Number(originOf(shownInvite)?.split(' ')[1]) + 1);
    const ok = sent(firewall.outbound(rendererResponse(shown, 200, { contact: true, body: mediaSdp({ direction: 'recvonly' }) })));
    expect(headers(ok, 'Via')).toEqual(headers(reinvite, 'Via'));
    expect(header(ok, 'CSeq')).toBe('4712 INVITE');
  });
});

describe('CANCEL', () => {
  it('reaches the renderer with the INVITE\'s Via branch, and each response goes back along its own Via path', () => {
    const firewall = makeFirewall();
    register(firewall);
    const proxyBranch = branch();
    const invite = serverInvite({ vias: [`SIP/2.0/WSS ${PROXY}:8443;branch=${proxyBranch};rport=5060`, `SIP/2.0/UDP 203.0.113.7;branch=${branch()}`] });
    const shownInvite = delivered(firewall.inbound(invite));
    delivered(firewall.inbound(invite));
    // RFC 3261 §9.1: the CANCEL carries only the top Via of the INVITE it cancels.
    const cancel = sipText(`CANCEL ${RENDERER.contact} SIP/2.0`, [
      `Via: SIP/2.0/WSS ${PROXY}:8443;branch=${proxyBranch};rport=5060`, 'Max-Forwards: 70', `From: ${header(invite, 'From')}`,
      `To: ${header(invite, 'To')}`, `Call-ID: ${header(invite, 'Call-ID')}`, 'CSeq: 4711 CANCEL',
    ]);
    const shownCancel = delivered(firewall.inbound(cancel));
    expect(header(shownCancel, 'Via')).toBe(header(shownInvite, 'Via'));
    expect(header(shownCancel, 'CSeq')).toBe('1 CANCEL');
    const cancelOk = sent(firewall.outbound(rendererResponse(shownCancel, 200, { toTag: 'rendtag1' })));
    expect(headers(cancelOk, 'Via')).toEqual(headers(cancel, 'Via'));
    expect(header(cancelOk, 'CSeq')).toBe('4711 CANCEL');
    const terminated = sent(firewall.outbound(rendererResponse(shownInvite, 487, { toTag: 'rendtag1' })));
    expect(headers(terminated, 'Via')).toEqual(headers(invite, 'Via'));
    expect(header(terminated, 'CSeq')).toBe('4711 INVITE');
    const ack = sipText(`ACK ${RENDERER.contact} SIP/2.0`, [
      `Via: SIP/2.0/WSS ${PROXY}:8443;branch=${proxyBranch}`, 'Max-Forwards: 70', `From: ${header(invite, 'From')}`,
      `To: ${header(invite, 'To')};tag=rendtag1`, `Call-ID: ${header(invite, 'Call-ID')}`, 'CSeq: 4711 ACK',
    ]);
    expect(header(delivered(firewall.inbound(ack)), 'Via')).toBe(header(shownInvite, 'Via'));
  });
});

describe('reliable provisional responses and UPDATE', () => {
  it('delivers PRACK with RAck in the renderer\'s CSeq space and restores the 200 for it', () => {
    const { firewall, invite } = (() => {
      const fw = makeFirewall();
      register(fw);
      return { firewall: fw, invite: serverInvite({ cseq: 4711, extra: ['Require: 100rel'] }) };
    })();
    const shownInvite = delivered(firewall.inbound(invite));
    expect(header(shownInvite, 'Require')).toBe('100rel');
    const ringing = sent(firewall.outbound(rendererResponse(shownInvite, 180, { toTag: 'rendtag1', contact: true, extra: ['RSeq: 1', 'Require: 100rel'] })));
    expect(header(ringing, 'RSeq')).toBe('1');
    const prack = serverRequest(invite, 'PRACK', { toTag: 'rendtag1', cseq: 4712, extra: ['RAck: 1 4711 INVITE'] });
    const shown = delivered(firewall.inbound(prack));
    expect(header(shown, 'RAck')).toBe('1 1 INVITE');
    expect(header(shown, 'CSeq')).toBe('2 PRACK');
    const ok = sent(firewall.outbound(rendererResponse(shown, 200)));
    expect(headers(ok, 'Via')).toEqual(headers(prack, 'Via'));
    expect(header(ok, 'CSeq')).toBe('4712 PRACK');
  });

  it('delivers the caller\'s UPDATE and restores the renderer\'s answer', () => {
    const { firewall, invite } = call();
    const update = serverRequest(invite, 'UPDATE', { toTag: 'rendtag1', cseq: 4712, body: mediaSdp({ version: 2 }), extra: ['Session-Expires: 1800;refresher=uac'] });
    const shown = delivered(firewall.inbound(update));
    expect(header(shown, 'Session-Expires')).toBe('1800;refresher=uac');
    const ok = sent(firewall.outbound(rendererResponse(shown, 200, { contact: true, body: mediaSdp() })));
    expect(headers(ok, 'Via')).toEqual(headers(update, 'Via'));
    expect(header(ok, 'CSeq')).toBe('4712 UPDATE');
  });
});

describe('other requests from the server', () => {
  it('delivers an OPTIONS keep-alive to the registered Contact and restores the answer', () => {
    const firewall = makeFirewall();
    register(firewall);
    const options = sipText(`OPTIONS ${RENDERER.contact} SIP/2.0`, [
      `Via: SIP/2.0/WSS ${PROXY}:8443;branch=${branch()}`, 'Max-Forwards: 70', `From: <sip:ping@${PROXY}>;tag=p1ng`,
      `To: <${RENDERER.contact}>`, `Call-ID: ping-1@${PROXY}`, 'CSeq: 10 OPTIONS', 'Accept: application/sdp',
    ]);
    const shown = delivered(firewall.inbound(options));
    expect(startLine(shown)).toBe(`OPTIONS ${RENDERER.contact} SIP/2.0`);
    expect(header(shown, 'Accept')).toBe('application/sdp');
    const ok = sent(firewall.outbound(rendererResponse(shown, 200, { toTag: 'o1' })));
    expect(headers(ok, 'Via')).toEqual(headers(options, 'Via'));
    expect(header(ok, 'From')).toBe(`<sip:ping@${PROXY}>;tag=p1ng`);
    expect(header(ok, 'Call-ID')).toBe(`ping-1@${PROXY}`);
    expect(header(ok, 'CSeq')).toBe('10 OPTIONS');
  });

  it('passes INFO with a dtmf-relay body as Signal and Duration only', () => {
    const { firewall, invite } = call();
    const info = serverRequest(invite, 'INFO', { toTag: 'rendtag1', cseq: 4712, contentType: 'application/dtmf-relay', body: 'Signal=5\r\nDuration=160\r\n' });
    const shown = delivered(firewall.inbound(info));
    expect(header(shown, 'Content-Type')).toBe('application/dtmf-relay');
    expect(body(shown)).toBe('Signal=5\r\nDuration=160\r\n');
    const odd = serverRequest(invite, 'INFO', { toTag: 'rendtag1', cseq: 4713, contentType: 'application/dtmf-relay', body: 'Signal=5\r\nDuration=160\r\nCaller=4512345678\r\n' });
    expect(firewall.inbound(odd)).toMatchObject({ kind: 'refuse', reason: 'unsupported-body' });
  });

  it('delivers an in-dialog NOTIFY with its event and subscription state', () => {
    const { firewall, invite } = call();
    const notify = serverRequest(invite, 'NOTIFY', { toTag: 'rendtag1', cseq: 4712, extra: ['Event: talk', 'Subscription-State: active;expires=60'] });
    const shown = delivered(firewall.inbound(notify));
    expect(header(shown, 'Event')).toBe('talk');
    expect(header(shown, 'Subscription-State')).toBe('active;expires=60');
    expect(header(shown, 'CSeq')).toBe('2 NOTIFY');
  });

  it('refuses a MESSAGE with a text body and answers the server 415, never the renderer', () => {
    const { firewall, invite } = call();
    const message = serverRequest(invite, 'MESSAGE', { toTag: 'rendtag1', cseq: 4712, contentType: 'text/plain', body: 'Hi, this is Hans, 4512345678' });
    const result = firewall.inbound(message);
    expect(result).toMatchObject({ kind: 'refuse', reason: 'unsupported-body' });
    if (result.kind !== 'refuse') return;
    expect(startLine(result.reply ?? '')).toBe('SIP/2.0 415 Unsupported Media Type');
    expect(headers(result.reply ?? '', 'Via')).toEqual(headers(message, 'Via'));
  });
});
