import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundResult } from './identityFirewall';
import { MediaServerList } from './mediaServers';
import { headerValue, parseSipMessage, type RefusalReason } from './sipMessage';
import { REFUSAL_REASONS, firewallFor, identityValues } from './testing/sipFixtures';

/**
 * RFC 4475 torture messages (fixtures/rfc4475, see its README) against the firewall. Each gets a
 * firewall addressed as its Request-URI, so requests get past the destination check and reach
 * the header and SDP rules; responses are preceded by the request the renderer would have sent.
 * The SIP examples' 192.0.2.0/24 stands in for the media server.
 */

const DIR = new URL('./fixtures/rfc4475/', import.meta.url);
const MEDIA = new MediaServerList(['192.0.2.0/24']);

type Kind = 'valid' | 'invalid' | 'semantic';
interface Expectation {
  section: string;
  kind: Kind;
  outcome: 'deliver' | RefusalReason;
  /** Why a valid message is refused, or a broken one delivered. */
  why?: string;
}

const POLICY_METHODS = 'a workstation takes only the requests a softphone answers; REGISTER and unknown methods never reach it';
const REBUILT = 'harmless: the firewall rebuilds every delivered header from its allow-list, so the fault does not reach the renderer';

const EXPECTED: Record<string, Expectation> = {
  wsinv: { section: '3.1.1.1', kind: 'valid', outcome: 'deliver' },
  intmeth: { section: '3.1.1.2', kind: 'valid', outcome: 'not-utf8', why: 'its display name holds a NUL octet; the firewall refuses NUL anywhere' },
  esc01: { section: '3.1.1.3', kind: 'valid', outcome: 'deliver' },
  escnull: { section: '3.1.1.4', kind: 'valid', outcome: 'unknown-destination', why: POLICY_METHODS },
  esc02: { section: '3.1.1.5', kind: 'valid', outcome: 'unknown-destination', why: POLICY_METHODS },
  lwsdisp: { section: '3.1.1.6', kind: 'valid', outcome: 'deliver' },
  longreq: { section: '3.1.1.7', kind: 'valid', outcome: 'deliver' },
  dblreq: {
    section: '3.1.1.8', kind: 'valid', outcome: 'bad-content-length',
    why: 'trailing octets are discarded over UDP; over a WebSocket one frame is one message, so octets past Content-Length are a framing error',
  },
  semiuri: { section: '3.1.1.9', kind: 'valid', outcome: 'deliver' },
  transports: { section: '3.1.1.10', kind: 'valid', outcome: 'deliver' },
  mpart01: {
    section: '3.1.1.11', kind: 'valid', outcome: 'not-utf8',
    why: 'a binary body cannot be a WebSocket text frame, and MESSAGE bodies are refused by policy (chat goes through the hub)',
  },
  unreason: { section: '3.1.1.12', kind: 'valid', outcome: 'deliver' },
  noreason: { section: '3.1.1.13', kind: 'valid', outcome: 'deliver' },
  badinv01: { section: '3.1.2.1', kind: 'invalid', outcome: 'bad-via' },
  clerr: { section: '3.1.2.2', kind: 'invalid', outcome: 'bad-content-length' },
  ncl: { section: '3.1.2.3', kind: 'invalid', outcome: 'bad-content-length' },
  scalar02: { section: '3.1.2.4', kind: 'invalid', outcome: 'bad-cseq' },
  scalarlg: { section: '3.1.2.5', kind: 'invalid', outcome: 'bad-cseq' },
  quotbal: { section: '3.1.2.6', kind: 'invalid', outcome: 'bad-name-addr' },
  ltgtruri: { section: '3.1.2.7', kind: 'invalid', outcome: 'bad-uri' },
  lwsruri: { section: '3.1.2.8', kind: 'invalid', outcome: 'bad-start-line' },
  lwsstart: { section: '3.1.2.9', kind: 'invalid', outcome: 'bad-start-line' },
  trws: { section: '3.1.2.10', kind: 'invalid', outcome: 'bad-start-line' },
  escruri: {
    section: '3.1.2.11', kind: 'invalid', outcome: 'deliver',
    why: `${REBUILT}: the Request-URI becomes the renderer's own address, so the escaped Route header in it is gone`,
  },
  baddate: { section: '3.1.2.12', kind: 'invalid', outcome: 'deliver', why: `${REBUILT}: Date is not on it` },
  regbadct: { section: '3.1.2.13', kind: 'invalid', outcome: 'unknown-destination', why: POLICY_METHODS },
  badaspec: { section: '3.1.2.14', kind: 'invalid', outcome: 'bad-name-addr' },
  baddn: { section: '3.1.2.15', kind: 'invalid', outcome: 'bad-name-addr' },
  badvers: { section: '3.1.2.16', kind: 'invalid', outcome: 'bad-start-line' },
  mismatch01: { section: '3.1.2.17', kind: 'invalid', outcome: 'cseq-mismatch' },
  mismatch02: { section: '3.1.2.18', kind: 'invalid', outcome: 'cseq-mismatch' },
  bigcode: { section: '3.1.2.19', kind: 'invalid', outcome: 'bad-start-line' },
  badbranch: {
    section: '3.2.1', kind: 'invalid', outcome: 'deliver',
    why: `${REBUILT}: the renderer gets a token Via with a branch of the firewall's own, never the empty one`,
  },
  insuf: { section: '3.3.1', kind: 'semantic', outcome: 'missing-header' },
  unkscm: { section: '3.3.2', kind: 'semantic', outcome: 'bad-uri' },
  novelsc: { section: '3.3.3', kind: 'semantic', outcome: 'bad-uri' },
  unksm2: { section: '3.3.4', kind: 'semantic', outcome: 'unknown-destination', why: POLICY_METHODS },
  bext01: {
    section: '3.3.5', kind: 'semantic', outcome: 'deliver',
    why: `${REBUILT}: unknown option tags in Require/Proxy-Require are dropped, so the renderer answers as if they were absent (not 420); a protocol deviation, never a leak`,
  },
  invut: { section: '3.3.6', kind: 'semantic', outcome: 'unsupported-body' },
  regaut01: { section: '3.3.7', kind: 'semantic', outcome: 'unknown-destination', why: POLICY_METHODS },
  multi01: { section: '3.3.8', kind: 'semantic', outcome: 'bad-header' },
  mcl01: { section: '3.3.9', kind: 'semantic', outcome: 'bad-header' },
  bcast: {
    section: '3.3.10', kind: 'semantic', outcome: 'deliver',
    why: `${REBUILT}: a response brings back only the renderer's own Via, so the broadcast Via below it never arrives`,
  },
  zeromf: { section: '3.3.11', kind: 'semantic', outcome: 'deliver', why: 'Max-Forwards 0 concerns proxies; a user agent answers normally' },
  cparam01: { section: '3.3.12', kind: 'semantic', outcome: 'unknown-destination', why: POLICY_METHODS },
  cparam02: { section: '3.3.13', kind: 'semantic', outcome: 'unknown-destination', why: POLICY_METHODS },
  regescrt: { section: '3.3.14', kind: 'semantic', outcome: 'unknown-destination', why: POLICY_METHODS },
  sdp01: { section: '3.3.15', kind: 'semantic', outcome: 'deliver', why: `${REBUILT}: Accept with an unknown type is dropped (no 406)` },
  inv2543: { section: '3.4.1', kind: 'valid', outcome: 'deliver' },
};

const read = (name: string): string => readFileSync(new URL(`${name}.dat`, DIR)).toString('utf8');
const tally = { deliver: 0, refuse: 0 };

describe('RFC 4475 torture messages', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    const files = readdirSync(DIR).filter((file) => file.endsWith('.dat')).map((file) => file.slice(0, -4)).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it('documents every valid message it refuses and every broken one it delivers', () => {
    for (const [name, expectation] of Object.entries(EXPECTED)) {
      const surprising = expectation.kind === 'valid' ? expectation.outcome !== 'deliver' : expectation.outcome === 'deliver';
      expect(surprising ? expectation.why : 'ok', name).toBeTruthy();
    }
  });

  it.each(Object.entries(EXPECTED))('%s', (name, expectation) => {
    const text = read(name);
    const { firewall, own } = firewallFor(text, MEDIA);
    let result: InboundResult | undefined;
    expect(() => (result = firewall.inbound(text))).not.toThrow();
    if (!result) throw new Error('no result');
    tally[result.kind] += 1;
    if (result.kind === 'refuse') {
      expect(REFUSAL_REASONS.has(result.reason)).toBe(true);
      expect(result.reason).toBe(expectation.outcome);
      if (result.reply) {
        const reply = parseSipMessage(result.reply);
        expect(reply.start).toMatchObject({ kind: 'response' });
        expect(headerValue(reply, 'Call-ID')).toBe(headerValue(parseSipMessage(text), 'Call-ID'));
      }
      return;
    }
    expect(expectation.outcome).toBe('deliver');
    const output = result.text;
    expect(() => parseSipMessage(output)).not.toThrow();
    const split = output.indexOf('\r\n\r\n');
    const [head, sdp] = [output.slice(0, split), output.slice(split + 4)];
    const values = identityValues(text, own);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => head.includes(value))).toEqual([]);
    // The body may name the media server (192.0.2.0/24 here), and nothing else.
    expect(values.filter((value) => sdp.includes(value) && !MEDIA.allows(value))).toEqual([]);
    for (const line of sdp.split('\r\n').filter((l) => /\d+\.\d+\.\d+\.\d+/.test(l))) expect(line).toMatch(/^(c=IN IP4|a=candidate|o=- \d+ \d+ IN IP4 0\.0\.0\.0)/);
  });

  afterAll(() => {
    console.log(`RFC 4475: ${tally.deliver} delivered, ${tally.refuse} refused of ${Object.keys(EXPECTED).length} messages`);
  });
});
