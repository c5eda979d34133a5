import { describe, expect, it } from 'vitest';
import {
  SipRefusal,
  canonicalHeaderName,
  defaultLimits,
  headerValue,
  headerValues,
  parseCSeq,
  parseSipMessage,
  serializeSipMessage,
  splitHeaderList,
  type RefusalReason,
} from './sipMessage';
import { sipText } from './testing/sipFixtures';

const MANDATORY = [
  'Via: SIP/2.0/WSS proxy.example;branch=z9hG4bK1',
  'From: <sip:a@example.com>;tag=1',
  'To: <sip:b@example.com>',
  'Call-ID: c1@example.com',
  'CSeq: 7 OPTIONS',
];
const options = (extra: readonly string[] = [], body = ''): string => sipText('OPTIONS sip:b@example.com SIP/2.0', [...MANDATORY, ...extra], body);

function refusal(run: () => unknown): RefusalReason | 'no refusal' {
  try {
    run();
  } catch (error) {
    if (error instanceof SipRefusal) return error.reason;
    throw error;
  }
  return 'no refusal';
}

describe('start lines', () => {
  it('reads a request line into method and Request-URI', () => {
    const message = parseSipMessage(options());
    expect(message.start).toEqual({ kind: 'request', method: 'OPTIONS', uri: 'sip:b@example.com' });
  });

  it('reads a status line, keeping an empty or non-ASCII reason phrase', () => {
    const response = (line: string): string => sipText(line, MANDATORY);
    expect(parseSipMessage(response('SIP/2.0 180 Ringing')).start).toEqual({ kind: 'response', status: 180, reason: 'Ringing' });
    expect(parseSipMessage(response('SIP/2.0 100 ')).start).toEqual({ kind: 'response', status: 100, reason: '' });
    expect(parseSipMessage(response('SIP/2.0 200 = 2**3 простое')).start).toMatchObject({ status: 200, reason: '= 2**3 простое' });
  });

  it.each([
    ['a newer protocol version', 'OPTIONS sip:b@example.com SIP/3.0'],
    ['a lower-case version', 'OPTIONS sip:b@example.com sip/2.0'],
    ['two spaces between elements', 'OPTIONS  sip:b@example.com SIP/2.0'],
    ['trailing white space', 'OPTIONS sip:b@example.com SIP/2.0 '],
    ['no version', 'OPTIONS sip:b@example.com'],
    ['a status code above 699', 'SIP/2.0 700 Odd'],
    ['a two-digit status code', 'SIP/2.0 99 Odd'],
    ['an overlarge status code', 'SIP/2.0 4294967301 better not break the receiver'],
    ['a method with a non-token character', 'OPT(IONS sip:b@example.com SIP/2.0'],
  ])('refuses %s', (_label, line) => {
    expect(refusal(() => parseSipMessage(sipText(line, MANDATORY)))).toBe('bad-start-line');
  });
});

describe('header names', () => {
  it.each([
    ['i', 'Call-ID'], ['m', 'Contact'], ['e', 'Content-Encoding'], ['l', 'Content-Length'], ['c', 'Content-Type'],
    ['f', 'From'], ['s', 'Subject'], ['k', 'Supported'], ['t', 'To'], ['v', 'Via'], ['o', 'Event'], ['u', 'Allow-Events'],
    ['r', 'Refer-To'], ['b', 'Referred-By'], ['x', 'Session-Expires'], ['y', 'Identity'], ['a', 'Accept-Contact'],
    ['j', 'Reject-Contact'], ['d', 'Request-Disposition'],
  ])('expands the compact form %s to %s, in either case', (compact, full) => {
    expect(canonicalHeaderName(compact)).toBe(full);
    expect(canonicalHeaderName(compact.toUpperCase())).toBe(full);
  });

  it('spells known headers canonically whatever their case, and leaves unknown ones as written', () => {
    expect(canonicalHeaderName('cSeQ')).toBe('CSeq');
    expect(canonicalHeaderName('CALL-ID')).toBe('Call-ID');
    expect(canonicalHeaderName('record-route')).toBe('Record-Route');
    expect(canonicalHeaderName('X-Whatever')).toBe('X-Whatever');
  });

  it('reads a message written in compact forms and odd case exactly like the long one', () => {
    const compact = sipText('OPTIONS sip:b@example.com SIP/2.0', [
      'v: SIP/2.0/WSS proxy.example;branch=z9hG4bK1',
      'f: <sip:a@example.com>;tag=1',
      't: <sip:b@example.com>',
      'i: c1@example.com',
      'cseq: 7 OPTIONS',
    ]);
    expect(parseSipMessage(compact).headers).toEqual(parseSipMessage(options()).headers);
  });

  it('allows white space before the colon but refuses a name outside the token set or without a colon', () => {
    expect(headerValue(parseSipMessage(options(['Expires   : 60'])), 'Expires')).toBe('60');
    expect(refusal(() => parseSipMessage(options(['Bad Name: x'])))).toBe('bad-header');
    expect(refusal(() => parseSipMessage(options(['Bäd: x'])))).toBe('bad-header');
    expect(refusal(() => parseSipMessage(options(['NoColonHere'])))).toBe('bad-header');
    expect(refusal(() => parseSipMessage(options([': empty name'])))).toBe('bad-header');
  });
});

describe('folding', () => {
  it('joins continuation lines (spaces or tabs) with a single space', () => {
    const message = parseSipMessage(options(['Subject: first part', '   second part', '\tthird part']));
    expect(headerValue(message, 'Subject')).toBe('first part second part third part');
  });

  it('reads a value that starts on the continuation line without a leading space', () => {
    const message = parseSipMessage(options(['Expires :', ' 60']));
    expect(headerValue(message, 'Expires')).toBe('60');
  });

  it('refuses a continuation line before the first header', () => {
    expect(refusal(() => parseSipMessage(sipText('OPTIONS sip:b@example.com SIP/2.0', [' orphan', ...MANDATORY])))).toBe('bad-header');
  });

  it('refuses control characters in a header line, folded or not', () => {
    expect(refusal(() => parseSipMessage(options(['Subject: a\u0007b'])))).toBe('bad-header');
    expect(refusal(() => parseSipMessage(options(['Subject: a', ' b\rInjected: 1'])))).toBe('bad-header');
    expect(refusal(() => parseSipMessage(options(['Subject: a', ' b\nInjected: 1'])))).toBe('bad-header');
    expect(refusal(() => parseSipMessage(options(['Subject: a', ' \u001bb'])))).toBe('bad-header');
  });
});

describe('comma-separated lists', () => {
  it('splits at top-level commas only: not inside quotes, escaped quotes or angle brackets', () => {
    expect(splitHeaderList('"Doe, John" <sip:a@x>, <sip:b@y;p=1,2>, sip:c@z')).toEqual(['"Doe, John" <sip:a@x>', '<sip:b@y;p=1,2>', 'sip:c@z']);
    expect(splitHeaderList('"say \\"hi, there\\"" <sip:a@x>,<sip:b@y>')).toEqual(['"say \\"hi, there\\"" <sip:a@x>', '<sip:b@y>']);
  });

  it('keeps an empty element between commas (for the grammar to refuse), ignores a trailing comma, refuses unbalanced quotes or brackets', () => {
    expect(splitHeaderList('a, , b,')).toEqual(['a', '', 'b']);
    expect(refusal(() => splitHeaderList('"unterminated <sip:a@x>'))).toBe('bad-header');
    expect(refusal(() => splitHeaderList('<sip:a@x'))).toBe('bad-header');
  });

  it('gathers every value of a header across lines and lists', () => {
    const message = parseSipMessage(options(['Contact: <sip:a@x>, <sip:b@y>', 'Contact: "Q, R" <sip:c@z>']));
    expect(headerValues(message, 'Contact')).toEqual(['<sip:a@x>', '<sip:b@y>', '"Q, R" <sip:c@z>']);
  });
});

describe('Content-Length', () => {
  const withLength = (length: string, text = 'hello'): string => options([`Content-Length: ${length}`], text);

  it('accepts an exact length, counted in bytes, and no length at all', () => {
    expect(parseSipMessage(withLength('5')).body).toBe('hello');
    expect(parseSipMessage(`${options().replace(/Content-Length: 0\r\n/, '')}`).body).toBe('');
  });

  it.each([
    ['larger than the body', '9999'],
    ['smaller than the body', '4'],
    ['negative', '-5'],
    ['not a number', 'five'],
    ['overlong', '0000005'],
  ])('refuses a length %s', (_label, length) => {
    expect(refusal(() => parseSipMessage(withLength(length)))).toBe('bad-content-length');
  });

  it('counts multi-byte characters as bytes, not characters', () => {
    expect(refusal(() => parseSipMessage(withLength('3', 'æøå')))).toBe('bad-content-length');
    expect(parseSipMessage(withLength('6', 'æøå')).body).toBe('æøå');
  });

  it('refuses a second Content-Length even when both agree', () => {
    expect(refusal(() => parseSipMessage(options(['Content-Length: 5', 'l: 5'], 'hello')))).toBe('bad-header');
  });

  it('refuses trailing octets after the body (one WebSocket frame is one message)', () => {
    expect(refusal(() => parseSipMessage(`${options()}${options()}`))).toBe('bad-content-length');
  });
});

describe('limits', () => {
  it('refuses a message over the byte limit, counting UTF-8 bytes', () => {
    const limits = { ...defaultLimits, maxBytes: 400 };
    const padded = options([`Subject: ${'ø'.repeat(120)}`]);
    expect(padded.length).toBeLessThan(400);
    expect(Buffer.byteLength(padded)).toBeGreaterThan(400);
    expect(refusal(() => parseSipMessage(padded, limits))).toBe('too-large');
    expect(parseSipMessage(padded).start.kind).toBe('request');
    expect(refusal(() => parseSipMessage('x'.repeat(defaultLimits.maxBytes + 1)))).toBe('too-large');
  });

  it('refuses more headers than the limit allows', () => {
    const many = Array.from({ length: defaultLimits.maxHeaders }, (_, index) => `X-H${index}: ${index}`);
    expect(refusal(() => parseSipMessage(options(many)))).toBe('too-many-headers');
    expect(parseSipMessage(options(many.slice(0, defaultLimits.maxHeaders - MANDATORY.length - 1))).headers.length).toBe(defaultLimits.maxHeaders);
  });

  it('refuses a header line over the length limit, and one that grows past it by folding', () => {
    const limit = defaultLimits.maxHeaderBytes;
    expect(refusal(() => parseSipMessage(options([`Subject: ${'a'.repeat(limit)}`])))).toBe('header-too-long');
    const half = 'b'.repeat(limit / 2);
    expect(refusal(() => parseSipMessage(options([`Subject: ${half}`, ` ${half}`, ` ${half}`])))).toBe('header-too-long');
  });
});

describe('mandatory headers and CSeq', () => {
  it.each(['Via', 'From', 'To', 'Call-ID', 'CSeq'])('refuses a message without %s', (name) => {
    const without = MANDATORY.filter((line) => !line.startsWith(`${name}:`));
    expect(refusal(() => parseSipMessage(sipText('OPTIONS sip:b@example.com SIP/2.0', without)))).toBe('missing-header');
  });

  it.each(['From: <sip:c@example.com>', 'To: <sip:c@example.com>', 'Call-ID: other', 'CSeq: 8 OPTIONS', 'Max-Forwards: 70\r\nMax-Forwards: 69'])(
    'refuses a second single-valued header (%s)',
    (line) => {
      expect(refusal(() => parseSipMessage(options([line])))).toBe('bad-header');
    },
  );

  it('refuses a request whose CSeq method differs from the request method', () => {
    const mismatch = sipText('OPTIONS sip:b@example.com SIP/2.0', [...MANDATORY.slice(0, 4), 'CSeq: 8 INVITE']);
    expect(refusal(() => parseSipMessage(mismatch))).toBe('cseq-mismatch');
  });

  it('lets a response carry the method of the request it answers', () => {
    expect(parseSipMessage(sipText('SIP/2.0 200 OK', [...MANDATORY.slice(0, 4), 'CSeq: 3 INVITE'])).start.kind).toBe('response');
  });

  it('reads CSeq with any amount of white space, and refuses malformed or overlarge ones', () => {
    expect(parseCSeq('0009   INVITE')).toEqual({ seq: 9, method: 'INVITE' });
    expect(parseCSeq(`${2 ** 31 - 1} BYE`).seq).toBe(2 ** 31 - 1);
    for (const value of [`${2 ** 31} BYE`, '36893488147419103232 REGISTER', 'INVITE', '12', '-1 BYE', '1 BYE extra']) {
      expect(refusal(() => parseCSeq(value))).toBe('bad-cseq');
    }
  });
});

describe('encoding', () => {
  it('refuses NUL characters and text that was not valid UTF-8', () => {
    expect(refusal(() => parseSipMessage(options(['Subject: a\0b'])))).toBe('not-utf8');
    expect(refusal(() => parseSipMessage(Buffer.from([...Buffer.from(options()), 0xff, 0xfe]).toString('utf8')))).toBe('not-utf8');
  });

  it('accepts UTF-8 in header values and bodies', () => {
    const message = parseSipMessage(options(['Subject: Grüße 大停電'], 'blåbær'));
    expect(headerValue(message, 'Subject')).toBe('Grüße 大停電');
    expect(message.body).toBe('blåbær');
  });
});

describe('writing', () => {
  it('writes canonical names, CRLF line ends and an exact Content-Length, and reads back the same message', () => {
    const text = sipText('INVITE sip:b@example.com SIP/2.0', [...MANDATORY.slice(0, 4), 'cseq: 1 INVITE', 'c: text/plain'], 'blåbær');
    const message = parseSipMessage(text);
    const written = serializeSipMessage(message);
    expect(written).toContain('\r\nCSeq: 1 INVITE\r\nContent-Type: text/plain\r\n');
    expect(written).toContain('\r\nContent-Length: 8\r\n\r\nblåbær');
    expect(written.replaceAll('\r\n', '').includes('\n')).toBe(false);
    expect(parseSipMessage(written)).toEqual(message);
  });

  it('recomputes Content-Length instead of copying a stale one', () => {
    const message = parseSipMessage(options(['Content-Length: 5'], 'hello'));
    message.body = 'hi';
    const written = serializeSipMessage(message);
    expect(headerValue(parseSipMessage(written), 'Content-Length')).toBe('2');
    expect(written.match(/Content-Length/g)).toHaveLength(1);
  });

  it('writes a response status line with its reason phrase', () => {
    const written = serializeSipMessage({ start: { kind: 'response', status: 486, reason: 'Busy Here' }, headers: [], body: '' });
    expect(written).toBe('SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n');
  });
});
