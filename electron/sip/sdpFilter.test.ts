import { describe, expect, it } from 'vitest';
import { MediaServerList } from './mediaServers';
import { filterInboundSdp, filterOutboundSdp, type SdpDialogState } from './sdpFilter';
import { SipRefusal, type RefusalReason } from './sipMessage';
import { MEDIA_SERVER, MEDIA_SERVER_V6, mediaSdp } from './testing/sipFixtures';

const media = new MediaServerList([MEDIA_SERVER, MEDIA_SERVER_V6]);
const CALLER = '203.0.113.7';
const HOME = '192.168.1.23';

const filter = (sdp: string, state: SdpDialogState = {}): string[] => filterInboundSdp(sdp, media, state).split('\r\n').slice(0, -1);
const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;

function refusal(run: () => unknown): RefusalReason | 'no refusal' {
  try {
    run();
  } catch (error) {
    if (error instanceof SipRefusal) return error.reason;
    throw error;
  }
  return 'no refusal';
}

/** A caller-side offer a provider forgot to clean: every line a WebRTC or SIP phone may send. */
const leaky = sdp(
  'v=0',
  `o=+4512345678 29739 7272939 IN IP4 ${CALLER}`,
  's=Hans Jensen',
  'i=Call from Hans',
  'u=http://hans.example/',
  'e=hans@example.com (Hans Jensen)',
  'p=+45 12 34 56 78',
  `c=IN IP4 ${CALLER}`,
  'b=AS:64',
  't=3149328700 0',
  'r=7d 1h 0 25h',
  'z=2882844526 -1h 2898848070 0',
  'k=clear:hanssecret',
  'a=tool:HansPhone 1.0',
  'a=msid-semantic: WMS hansstream',
  'm=audio 49170 UDP/TLS/RTP/SAVPF 111 0',
  `c=IN IP4 ${CALLER}`,
  'i=audio of Hans',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:0 PCMU/8000',
  'a=mid:0',
  'a=sendrecv',
  `a=candidate:842163049 1 udp 1677729535 ${CALLER} 49170 typ srflx raddr ${HOME} rport 49170 generation 0 network-id 1`,
  `a=candidate:3012 1 udp 2122260223 ${HOME} 49170 typ host generation 0`,
  `a=candidate:77 1 udp 41819903 ${MEDIA_SERVER} 30000 typ relay raddr ${CALLER} rport 49170 ufrag hans`,
  `a=candidate:77 2 udp 41819902 ${MEDIA_SERVER} 30001 typ relay raddr ${CALLER} rport 49171`,
  `a=candidate:78 1 tcp 1518280447 ${MEDIA_SERVER} 9 typ host tcptype passive`,
  'a=ssrc:1001 cname:hans@example.com',
  'a=ssrc:1001 msid:hansstream hanstrack',
  'a=msid:hansstream hanstrack',
  'a=label:Hans Jensen',
  'a=x-caller:+4512345678',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2 http://hans.example/my-extension',
  `a=rtcp:49171 IN IP4 ${CALLER}`,
  'a=fingerprint:sha-256 "Hans"',
);

describe('inbound SDP: what is kept and what is dropped', () => {
  it('keeps what a WebRTC audio call needs, from the configured media server', () => {
    const lines = filter(mediaSdp());
    expect(lines).toEqual(
      expect.arrayContaining([
        'v=0', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'm=audio 30000 UDP/TLS/RTP/SAVPF 111 0 8 101', `c=IN IP4 ${MEDIA_SERVER}`,
        'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16',
        'a=mid:0', 'a=sendrecv', 'a=rtcp:30000', 'a=rtcp-mux', 'a=setup:actpass', 'a=ice-ufrag:Hv7pK2qc',
        'a=ice-pwd:Zm4vBq9xR2sT8wY1uP6nL3kJ', 'a=ice-options:trickle', `a=candidate:1 1 UDP 2130706431 ${MEDIA_SERVER} 30000 typ host`,
        'a=end-of-candidates', 'a=ptime:20',
      ]),
    );
    expect(lines.some((line) => line.startsWith('a=fingerprint:sha-256 4A:AD:'))).toBe(true);
  });

  it('neutralises origin and session name, and drops i=, u=, e=, p=, k=, z= and r= lines', () => {
    const lines = filter(leaky);
    expect(lines[1]).toMatch(/^o=- \d+ 1 IN IP4 0\.0\.0\.0$/);
    expect(lines).toContain('s=-');
    expect(lines).toContain('t=0 0');
    expect(lines.filter((line) => /^[iuepkzr]=/.test(line))).toEqual([]);
  });

  it('drops a=ssrc, a=msid, a=label, a=tool, unknown attributes, unknown extmap URIs and malformed fingerprints', () => {
    const attributes = filter(leaky).filter((line) => line.startsWith('a='));
    for (const dropped of ['a=ssrc', 'a=msid', 'a=label', 'a=tool', 'a=x-caller', 'a=fingerprint', 'a=msid-semantic']) {
      expect(attributes.filter((line) => line.startsWith(dropped))).toEqual([]);
    }
    expect(attributes).toContain('a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level');
    expect(attributes.join('\n')).not.toContain('hans.example');
  });

  it('keeps candidates only for allowed media servers, with raddr rewritten and extensions dropped', () => {
    const candidates = filter(leaky).filter((line) => line.startsWith('a=candidate:'));
    expect(candidates).toEqual([
      `a=candidate:1 1 udp 41819903 ${MEDIA_SERVER} 30000 typ relay raddr 0.0.0.0 rport 0`,
      `a=candidate:1 2 udp 41819902 ${MEDIA_SERVER} 30001 typ relay raddr 0.0.0.0 rport 0`,
      `a=candidate:2 1 tcp 1518280447 ${MEDIA_SERVER} 9 typ host tcptype passive`,
    ]);
  });

  it('renumbers foundations: the same foundation keeps one number, a new one gets the next', () => {
    const lines = filter(
      mediaSdp({
        extra: [
          `a=candidate:a8f3 1 udp 100 ${MEDIA_SERVER} 30002 typ relay raddr ${CALLER} rport 1`,
          `a=candidate:zz9 1 udp 99 ${MEDIA_SERVER} 30003 typ host`,
          `a=candidate:a8f3 2 udp 98 ${MEDIA_SERVER} 30004 typ relay raddr ${CALLER} rport 2`,
        ],
      }),
    );
    expect(lines.filter((line) => line.startsWith('a=candidate:')).map((line) => line.split(' ')[0])).toEqual([
      'a=candidate:1', 'a=candidate:2', 'a=candidate:3', 'a=candidate:2',
    ]);
  });

  it('replaces connection addresses that are not media servers, and the address of a=rtcp', () => {
    const lines = filter(leaky);
    expect(lines.filter((line) => line.startsWith('c='))).toEqual(['c=IN IP4 0.0.0.0', 'c=IN IP4 0.0.0.0']);
    expect(lines).toContain('a=rtcp:49171');
    expect(lines.join('\n')).not.toMatch(new RegExp(`${CALLER}|${HOME}|4512345678|Hans|hans`));
  });

  it('keeps numeric bandwidth lines and drops others', () => {
    const lines = filter(mediaSdp({ extra: [] }).replace('t=0 0', 't=0 0\r\nb=AS:64\r\nb=X-YZ:hans'));
    expect(lines).toContain('b=AS:64');
    expect(lines.join('\n')).not.toContain('hans');
  });
});

describe('inbound SDP: IPv6', () => {
  it('keeps an allowed IPv6 media server and replaces any other IPv6 address', () => {
    const lines = filter(
      mediaSdp({ address: MEDIA_SERVER_V6, extra: ['a=candidate:9 1 udp 5 2001:db8:cafe::17 4000 typ srflx raddr fe80::1 rport 4000'] }),
    );
    expect(lines).toContain(`c=IN IP6 ${MEDIA_SERVER_V6}`);
    expect(lines).toContain(`a=candidate:1 1 UDP 2130706431 ${MEDIA_SERVER_V6} 30000 typ host`);
    expect(lines.join('\n')).not.toMatch(/cafe|fe80/);
    const other = filter(mediaSdp().replace('t=0 0', 't=0 0\r\nc=IN IP6 2001:db8:cafe::17'));
    expect(other).toContain('c=IN IP6 ::');
  });
});

describe('inbound SDP: other media', () => {
  it('declines video and data channels with port 0, keeping the m-line count and only their mid', () => {
    const offer = mediaSdp().concat(
      'm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n', `c=IN IP4 ${CALLER}\r\n`, 'a=rtpmap:96 VP8/90000\r\n', 'a=mid:1\r\n',
      `a=candidate:5 1 udp 9 ${MEDIA_SERVER} 40000 typ host\r\n`,
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n', 'a=mid:2\r\n', 'a=sctp-port:5000\r\n',
    );
    const lines = filter(offer);
    const after = lines.slice(lines.indexOf('m=video 0 UDP/TLS/RTP/SAVPF 96 97'));
    expect(after).toEqual(['m=video 0 UDP/TLS/RTP/SAVPF 96 97', 'a=mid:1', 'm=application 0 UDP/DTLS/SCTP webrtc-datachannel', 'a=mid:2']);
    expect(lines.filter((line) => line.startsWith('m='))).toHaveLength(3);
  });

  it('refuses an m-line with words outside the media vocabulary', () => {
    for (const mline of ['m=hans 0 RTP/AVP 0', 'm=audio 4000 RTP/HANS 0', 'm=audio 4000 RTP/AVP 0 hans4512345678', 'm=video 0 RTP/AVP cnry1']) {
      expect(refusal(() => filter(mediaSdp().concat(`${mline}\r\n`)))).toBe('unsupported-media');
    }
  });
});

describe('inbound SDP: refusals', () => {
  it('refuses with no-media-server when no allowed address remains', () => {
    const callerOnly = sdp('v=0', `o=- 1 1 IN IP4 ${CALLER}`, 's=-', `c=IN IP4 ${CALLER}`, 't=0 0', 'm=audio 4000 RTP/AVP 0',
      `a=candidate:1 1 udp 1 ${CALLER} 4000 typ host`);
    expect(refusal(() => filter(callerOnly))).toBe('no-media-server');
  });

  it('does not count a media server that serves only a declined stream', () => {
    const videoOnly = sdp('v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', 't=0 0', `m=audio 4000 RTP/AVP 0`, `c=IN IP4 ${CALLER}`,
      'm=video 5000 RTP/AVP 96', `c=IN IP4 ${MEDIA_SERVER}`, `a=candidate:1 1 udp 1 ${MEDIA_SERVER} 5000 typ host`);
    expect(refusal(() => filter(videoOnly))).toBe('no-media-server');
  });

  it('accepts a session-level connection address of a media server for audio without its own (RFC 8866 §5.7)', () => {
    const sessionLevel = sdp('v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', `c=IN IP4 ${MEDIA_SERVER}`, 't=0 0', 'm=audio 4000 RTP/AVP 0');
    expect(filter(sessionLevel)).toContain(`c=IN IP4 ${MEDIA_SERVER}`);
    const overridden = sessionLevel.concat(`c=IN IP4 ${CALLER}\r\n`);
    expect(refusal(() => filter(overridden))).toBe('no-media-server');
  });

  it('refuses a body that is not SDP, a malformed line or a malformed origin', () => {
    expect(refusal(() => filter('hello\r\n'))).toBe('unsupported-media');
    expect(refusal(() => filter(mediaSdp().concat('garbage\r\n')))).toBe('unsupported-media');
    expect(refusal(() => filter(mediaSdp().replace(/o=.*\r\n/, 'o=- 1 IN IP4\r\n')))).toBe('unsupported-media');
    expect(refusal(() => filter(mediaSdp().replace(/m=audio.*\r\n/, 'm=audio\r\n')))).toBe('unsupported-media');
  });
});

describe('inbound SDP: re-offers', () => {
  it('keeps one session id per dialog and preserves version increments, without the provider numbers', () => {
    const state: SdpDialogState = {};
    const first = filter(mediaSdp({ version: 7272939 }), state)[1];
    const same = filter(mediaSdp({ version: 7272939 }), state)[1];
    const hold = filter(mediaSdp({ version: 7272940, direction: 'sendonly' }), state);
    const resume = filter(mediaSdp({ version: 7272941 }), state)[1];
    const id = /^o=- (\d+) /.exec(first ?? '')?.[1];
    expect(first).toBe(`o=- ${id} 1 IN IP4 0.0.0.0`);
    expect(same).toBe(first);
    expect(hold[1]).toBe(`o=- ${id} 2 IN IP4 0.0.0.0`);
    expect(hold).toContain('a=sendonly');
    expect(resume).toBe(`o=- ${id} 3 IN IP4 0.0.0.0`);
    expect([first, hold[1], resume].join()).not.toContain('727294');
  });

  it('shows a session id that carries nothing of the sender: the same constant in every dialog', () => {
    const one = filter(mediaSdp().replace(/^o=\S+ \d+/m, 'o=- 4561234578'), {})[1];
    const other = filter(mediaSdp(), {})[1];
    expect(one).toBe('o=- 1 1 IN IP4 0.0.0.0');
    expect(other).toBe(one);
  });
});

describe('outbound SDP', () => {
  it('neutralises the browser origin user and session name and drops informational lines, keeping the rest', () => {
    const browser = sdp('v=0', 'o=mozilla...THIS_IS_SDPARTA-99.0 4294967296 0 IN IP4 0.0.0.0', 's=SomeBrowserSession', 'i=info',
      'u=http://x', 'e=a@b', 'p=+451', 'k=clear:x', 'z=0 0', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0',
      'a=msid:- {1234}');
    expect(filterOutboundSdp(browser)).toBe(
      sdp('v=0', 'o=- 4294967296 0 IN IP4 0.0.0.0', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=msid:- {1234}'),
    );
  });
});
