import { describe, expect, it } from 'vitest';
import { MediaServerList } from './mediaServers';
import {
  MEDIA_SERVER, PROXY, PROVIDER_HEADERS, RENDERER, branch, delivered, establishedCall, header, headers, makeFirewall, register, rendererRegister,
  rendererRequest, rendererResponse, sent, serverInvite, serverRequest, serverResponse, sipText, startLine, tagOf,
} from './testing/sipFixtures';

/** The firewall's rules beyond a single round trip: tokens, refusals, provider facts, memory. */

const caller = (tag: string): string => `"Hans Jensen" <sip:+4512345678@203.0.113.7>;tag=${tag}`;

describe('tokens', () => {
  it('are stable within a dialog and different in every other dialog, even for the same caller', () => {
    const firewall = makeFirewall();
    register(firewall);
    const first = establishedCall(firewall, serverInvite({ from: caller('a1'), callId: 'call-1@pbx' }));
    const bye = delivered(firewall.inbound(serverRequest(first.invite, 'BYE', { toTag: first.localTag, cseq: 4712 })));
    for (const name of ['Call-ID', 'From']) expect(header(bye, name)).toBe(header(first.shownInvite, name));
    expect(tagOf(header(bye, 'To'))).toBe(first.localTag);

    const second = establishedCall(firewall, serverInvite({ from: caller('a1'), callId: 'call-2@pbx' }));
    for (const name of ['Call-ID', 'From', 'Contact', 'Via']) {
      expect(header(second.shownInvite, name)).not.toBe(header(first.shownInvite, name));
    }
    expect(headers(second.shownInvite, 'Record-Route')).not.toEqual(headers(first.shownInvite, 'Record-Route'));
  });

  it('refuse to resolve outbound when unknown or issued in another dialog', () => {
    const firewall = makeFirewall();
    register(firewall);
    const one = establishedCall(firewall, serverInvite({ callId: 'one@pbx' }));
    const two = establishedCall(firewall, serverInvite({ callId: 'two@pbx' }));
    const bye = rendererRequest(one.shownInvite, 'BYE', { localTag: one.localTag, cseq: 1 });
    const foreignContact = /sip:tk[0-9a-f]{16}/.exec(header(two.shownInvite, 'Contact'))?.[0] ?? '';
    const cases = [
      bye.replace(/BYE sip:tk[0-9a-f]{16}/, 'BYE sip:tk0123456789abcdef'),
      bye.replace(/BYE sip:tk[0-9a-f]{16}/, `BYE ${foreignContact}`),
      bye.replace(/;tag=tg[0-9a-f]{16}/, ';tag=tg0123456789abcdef'),
      bye.replace(/Call-ID: tc[0-9a-f]{16}/, 'Call-ID: tc0123456789abcdef'),
      bye.replace('CSeq: 1 BYE', 'CSeq: 1 BYE\r\nX-Note: tk0123456789abcdef'),
      rendererResponse(one.shownInvite, 200, { toTag: one.localTag }).replace(/tv[0-9a-f]{16}/g, 'tv0123456789abcdef'),
    ];
    for (const text of cases) expect(firewall.outbound(text)).toEqual({ kind: 'refuse', reason: 'unknown-token' });
    expect(firewall.outbound(bye).kind).toBe('send');
  });
});

describe('refusals', () => {
  it('refuses an outgoing initial INVITE: a counsellor never places a call', () => {
    const firewall = makeFirewall();
    register(firewall);
    const invite = sipText('INVITE sip:+4512345678@sip.provider.example SIP/2.0', [
      `Via: SIP/2.0/WSS ${RENDERER.viaHost};branch=${branch()}`, 'Max-Forwards: 70', 'From: <sip:counsellor@tavs.invalid>;tag=x1',
      'To: <sip:+4512345678@sip.provider.example>', 'Call-ID: out-1', 'CSeq: 1 INVITE', `Contact: <${RENDERER.contact}>`,
    ]);
    expect(firewall.outbound(invite)).toEqual({ kind: 'refuse', reason: 'outgoing-call' });
  });

  it('refuses a request to anyone but the workstation, answering the server 404 with a To tag', () => {
    const firewall = makeFirewall();
    register(firewall);
    const stray = serverInvite({ requestUri: 'sip:someone-else@sip.provider.example' });
    const result = firewall.inbound(stray);
    expect(result).toMatchObject({ kind: 'refuse', reason: 'unknown-destination' });
    if (result.kind !== 'refuse' || !result.reply) throw new Error('no reply');
    expect(startLine(result.reply)).toBe('SIP/2.0 404 Not Found');
    for (const name of ['Via', 'From', 'Call-ID', 'CSeq']) expect(headers(result.reply, name)).toEqual(headers(stray, name));
    expect(header(result.reply, 'To')).toBe(`${header(stray, 'To')};tag=tavs-refused`);
  });

  it('refuses a request method the workstation never takes (REGISTER, SUBSCRIBE, REFER)', () => {
    const firewall = makeFirewall();
    register(firewall);
    const { invite } = establishedCall(firewall);
    for (const method of ['REGISTER', 'SUBSCRIBE', 'REFER', 'PUBLISH']) {
      expect(firewall.inbound(serverRequest(invite, method, { toTag: 'rendtag1', cseq: 4800 }))).toMatchObject({ kind: 'refuse', reason: 'unknown-destination' });
    }
  });

  it('refuses a response whose Call-ID no request of the renderer had', () => {
    const firewall = makeFirewall();
    const out = register(firewall);
    const stray = serverResponse(out, 200).replace(`Call-ID: ${RENDERER.registerCallId}`, 'Call-ID: never-seen@pbx');
    expect(firewall.inbound(stray)).toMatchObject({ kind: 'refuse', reason: 'unknown-destination' });
  });

  it('refuses a response whose top Via the renderer never sent, or for another method', () => {
    const firewall = makeFirewall();
    const out = register(firewall);
    const foreign = serverResponse(out, 200).replace(/branch=[^;\r]+/, 'branch=z9hG4bKsomeoneelse');
    expect(firewall.inbound(foreign)).toMatchObject({ kind: 'refuse', reason: 'bad-via' });
    const otherMethod = serverResponse(out, 200).replace('1 REGISTER', '1 OPTIONS');
    expect(firewall.inbound(otherMethod)).toMatchObject({ kind: 'refuse', reason: 'bad-via' });
    expect(firewall.inbound(serverResponse(out, 200)).kind).toBe('deliver');
  });

  it('refuses an RAck for anything but INVITE (RFC 3262), so no free word rides in it', () => {
    const firewall = makeFirewall();
    register(firewall);
    const { invite } = establishedCall(firewall);
    const prack = serverRequest(invite, 'PRACK', { toTag: 'rendtag1', cseq: 4712, extra: ['RAck: 1 4711 CNRY4512345678'] });
    expect(firewall.inbound(prack)).toMatchObject({ kind: 'refuse', reason: 'bad-number' });
  });

  it('reports a fault of its own as internal-error, never as a fault of the message', () => {
    const media = new MediaServerList([MEDIA_SERVER]);
    media.allows = () => {
      throw new TypeError('broken media server list');
    };
    const firewall = makeFirewall({ mediaServers: media });
    register(firewall);
    expect(firewall.inbound(serverInvite())).toMatchObject({ kind: 'refuse', reason: 'internal-error' });
  });

  it('replaces the reason phrase of a response by the standard one', () => {
    const firewall = makeFirewall();
    const out = register(firewall);
    const shown = delivered(firewall.inbound(serverResponse(out, 486).replace('Whatever The Server Says', 'Busy: Hans Jensen 4512345678')));
    expect(startLine(shown)).toBe('SIP/2.0 486 Busy Here');
  });
});

describe('provider headers', () => {
  const invite = serverInvite({ extra: [`${PROVIDER_HEADERS.pseudonym}: ps-9f8e7d`, `${PROVIDER_HEADERS.callReference}: ref-2024-000117`] });

  it('are read for a new call when configured, and never delivered', () => {
    const firewall = makeFirewall();
    register(firewall);
    const result = firewall.inbound(invite);
    if (result.kind !== 'deliver') throw new Error('refused');
    expect(result.call).toEqual({ shownCallId: header(result.text, 'Call-ID'), pseudonym: 'ps-9f8e7d', callReference: 'ref-2024-000117' });
    expect(result.text).not.toMatch(/ps-9f8e7d|ref-2024-000117|X-Caller|X-Provider/);
  });

  it('are ignored and dropped when not configured (providerHeaders: null)', () => {
    const firewall = makeFirewall({ providerHeaders: null });
    register(firewall);
    const result = firewall.inbound(invite);
    if (result.kind !== 'deliver') throw new Error('refused');
    expect(result.call).toEqual({ shownCallId: header(result.text, 'Call-ID') });
    expect(result.text).not.toMatch(/ps-9f8e7d|ref-2024-000117/);
  });

  it('are read case-insensitively, only from the initial INVITE, and only as short printable text', () => {
    const firewall = makeFirewall();
    register(firewall);
    const odd = serverInvite({ extra: ['x-caller-pseudonym: ps-1', `${PROVIDER_HEADERS.callReference}: has spaces in it`] });
    const result = firewall.inbound(odd);
    expect(result).toMatchObject({ kind: 'deliver', call: { pseudonym: 'ps-1' } });
    if (result.kind === 'deliver') expect(result.call).not.toHaveProperty('callReference');
    const reinvite = serverRequest(odd, 'INVITE', { toTag: 'rt', cseq: 4712, extra: [`${PROVIDER_HEADERS.pseudonym}: ps-2`] });
    const again = firewall.inbound(reinvite);
    expect(again.kind).toBe('deliver');
    if (again.kind === 'deliver') expect(again.call).toBeUndefined();
  });
});

describe('CSeq', () => {
  it('maps the server\'s numbers to the renderer\'s space starting at 1, and back', () => {
    const firewall = makeFirewall();
    register(firewall);
    const { invite, shownInvite } = establishedCall(firewall, serverInvite({ cseq: 900_001 }));
    expect(header(shownInvite, 'CSeq')).toBe('1 INVITE');
    const info = serverRequest(invite, 'INFO', { toTag: 'rendtag1', cseq: 900_005, contentType: 'application/dtmf-relay', body: 'Signal=1\r\nDuration=100\r\n' });
    const shown = delivered(firewall.inbound(info));
    expect(header(shown, 'CSeq')).toBe('5 INFO');
    expect(header(sent(firewall.outbound(rendererResponse(shown, 200))), 'CSeq')).toBe('900005 INFO');
    const older = serverRequest(invite, 'INFO', { toTag: 'rendtag1', cseq: 900_000 });
    expect(firewall.inbound(older)).toMatchObject({ kind: 'refuse', reason: 'bad-cseq' });
  });

  it('hides the retry the main process made for a challenge: CSeq and branch come back as the renderer sent them', () => {
    const firewall = makeFirewall();
    const out = sent(firewall.outbound(rendererRegister(1, 'z9hG4bKfirst')));
    const retryBranch = 'z9hG4bKretry1';
    firewall.answeredChallenge(RENDERER.registerCallId, retryBranch, 'z9hG4bKfirst');
    const retry = out.replace('z9hG4bKfirst', retryBranch).replace('CSeq: 1 REGISTER', 'CSeq: 2 REGISTER');
    const shown = delivered(firewall.inbound(serverResponse(retry, 200, { toTag: 'r' })));
    expect(header(shown, 'Via')).toBe(`SIP/2.0/WSS ${RENDERER.viaHost};branch=z9hG4bKfirst`);
    expect(header(shown, 'CSeq')).toBe('1 REGISTER');
    const next = sent(firewall.outbound(rendererRegister(2, 'z9hG4bKsecond')));
    expect(header(next, 'CSeq')).toBe('3 REGISTER');
  });
});

describe('memory', () => {
  it('forgets a dialog a grace period after it ended, so its tokens no longer resolve', () => {
    let now = 1_000_000;
    const firewall = makeFirewall({ now: () => now });
    register(firewall);
    const ended = establishedCall(firewall, serverInvite({ callId: 'ended@pbx' }));
    const active = establishedCall(firewall, serverInvite({ callId: 'active@pbx' }));
    delivered(firewall.inbound(serverRequest(ended.invite, 'BYE', { toTag: ended.localTag, cseq: 4712 })));
    const before = firewall.dialogCount;
    now += 10_000;
    expect(firewall.prune()).toBe(0);
    now += 60_000;
    expect(firewall.prune()).toBe(1);
    expect(firewall.dialogCount).toBe(before - 1);
    expect(firewall.outbound(rendererResponse(ended.shownInvite, 200, { toTag: ended.localTag })).kind).toBe('refuse');
    expect(firewall.outbound(rendererRequest(active.shownInvite, 'BYE', { localTag: active.localTag, cseq: 1 })).kind).toBe('send');
  });

  it('forgets dialogs left idle for hours without an end', () => {
    let now = 0;
    const firewall = makeFirewall({ now: () => now });
    register(firewall);
    establishedCall(firewall, serverInvite({ callId: 'idle@pbx' }));
    now += 3 * 3600_000;
    sent(firewall.outbound(rendererRegister(2)));
    now += 2 * 3600_000;
    expect(firewall.prune()).toBe(1);
    expect(firewall.dialogCount).toBe(1);
  });

  it('keeps the Via paths of a long dialog bounded: a transaction hundreds of requests old is forgotten', () => {
    const firewall = makeFirewall();
    register(firewall);
    const { invite } = establishedCall(firewall);
    const shown: string[] = [];
    for (let cseq = 4712; cseq < 4712 + 600; cseq++) {
      const info = serverRequest(invite, 'INFO', { toTag: 'rendtag1', cseq, vias: [`SIP/2.0/WSS ${PROXY}:8443;branch=${branch()}`] });
      shown.push(delivered(firewall.inbound(info)));
    }
    expect(firewall.outbound(rendererResponse(shown[0] ?? '', 200))).toEqual({ kind: 'refuse', reason: 'unknown-token' });
    expect(firewall.outbound(rendererResponse(shown.at(-1) ?? '', 200)).kind).toBe('send');
  });
});
