import { seededRandom } from '../../../shared/testing/seededRandom';

/**
 * A deterministic SIP mutation fuzzer (seeded PRNG, no dependencies), shared by the firewall's
 * and the relay's fuzz tests: the same seed always yields the same mutants.
 */
export interface Mutator {
  random: () => number;
  int: (below: number) => number;
  pick: <T>(items: readonly T[]) => T;
  hex: (length: number) => string;
  /** One to three mutations; half the time the Content-Length is set right so deeper rules are reached. */
  mutate: (seed: string) => { text: string; applied: string[] };
}

export function createMutator(seed: number): Mutator {
  const random = seededRandom(seed);
  const int = (below: number): number => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const hex = (length: number): string => Array.from({ length }, () => int(16).toString(16)).join('');

  const COMPACT: Record<string, string> = { Via: 'v', From: 'f', To: 't', 'Call-ID': 'i', Contact: 'm', 'Content-Type': 'c', 'Content-Length': 'l', Supported: 'k', Subject: 's', Event: 'o' };
  const INJECTIONS = ['\r\n', '\n', '\r', '\r\n\r\n', '\r\n ', '\r\nTo: <sip:x@y>', '\r\nContent-Length: 0', '\r\nVia: SIP/2.0/UDP evil.example', '\0', '\r\n\t'];
  const UNICODE = ['\u202e', '\ufeff', 'æ', '大', '\ud83d\ude00', '\ud800', '\u0085', '\u2028', '\uffff', '\u00a0'];
  const METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'UPDATE', 'PRACK', 'NOTIFY', 'MESSAGE', 'REGISTER', 'FOO'];

  type Mutation = (text: string) => string;

  const lines = (text: string): { head: string[]; body: string } => {
    const split = text.indexOf('\r\n\r\n');
    return split === -1 ? { head: text.split('\r\n'), body: '' } : { head: text.slice(0, split).split('\r\n'), body: text.slice(split + 4) };
  };
  const join = (head: string[], body: string): string => `${head.join('\r\n')}\r\n\r\n${body}`;
  const at = (text: string, insert: string): string => {
    const position = int(text.length + 1);
    return text.slice(0, position) + insert + text.slice(position);
  };
  const onHeader = (text: string, change: (line: string) => string): string => {
    const { head, body } = lines(text);
    if (head.length < 2) return text;
    const index = 1 + int(head.length - 1);
    head[index] = change(head[index] ?? '');
    return join(head, body);
  };

  const MUTATIONS: Record<string, Mutation> = {
    byteFlip: (text) => {
      const position = int(text.length);
      return text.slice(0, position) + String.fromCharCode(int(256)) + text.slice(position + 1);
    },
    deletion: (text) => {
      const position = int(text.length);
      return text.slice(0, position) + text.slice(position + 1 + int(20));
    },
    duplicateHeader: (text) => {
      const { head, body } = lines(text);
      head.splice(1 + int(head.length - 1), 0, head[1 + int(head.length - 1)] ?? '');
      return join(head, body);
    },
    nameCase: (text) => onHeader(text, (line) => line.replace(/^[^:]+/, (name) => [...name].map((ch) => (random() < 0.5 ? ch.toUpperCase() : ch.toLowerCase())).join(''))),
    compactForm: (text) => onHeader(text, (line) => line.replace(/^([^:]+):/, (_all, name: string) => `${COMPACT[name] ?? name}:`)),
    hugeValue: (text) => onHeader(text, (line) => `${line}${pick(['a', '1', ';p=', ',', '"', '<'])}`.concat('x'.repeat(pick([1000, 5000, 70_000])))),
    injection: (text) => at(text, pick(INJECTIONS)),
    nullByte: (text) => at(text, '\0'),
    unicode: (text) => at(text, pick(UNICODE)),
    folding: (text) => onHeader(text, (line) => line.replace(/ /, pick(['\r\n ', '\r\n\t', '\r\n   ']))),
    truncation: (text) => text.slice(0, int(text.length)),
    cseq: (text) => text.replace(/^(CSeq|cseq): .*$/m, `CSeq: ${pick(['', 'abc', '99999999999 INVITE', '-1 INVITE', `${2 ** 31} BYE`, '0 INVITE', `${int(1e6)} ${pick(METHODS)}`, '4711  INVITE'])}`),
    contentLength: (text) => text.replace(/^(Content-Length|l): .*$/m, `Content-Length: ${pick(['-1', '0', '999999', 'abc', '1', `${text.length}`, '5\r\nContent-Length: 5'])}`),
    sdpShuffle: (text) => {
      const { head, body } = lines(text);
      const sdp = body.split('\r\n');
      for (let index = sdp.length - 1; index > 0; index--) {
        if (random() < 0.3) {
          const other = int(index + 1);
          [sdp[index], sdp[other]] = [sdp[other] ?? '', sdp[index] ?? ''];
        }
      }
      if (random() < 0.3) sdp.splice(int(sdp.length), 0, pick(sdp));
      return join(head, sdp.join('\r\n'));
    },
    swapHeaders: (text) => {
      const { head, body } = lines(text);
      const [a, b] = [1 + int(head.length - 1), 1 + int(head.length - 1)];
      [head[a], head[b]] = [head[b] ?? '', head[a] ?? ''];
      return join(head, body);
    },
    startLine: (text) => text.replace(/^\S+/, random() < 0.5 ? pick(METHODS) : pick(['SIP/2.0', 'SIP/2.0 180', 'SIP/3.0'])).replace(/^SIP\/2\.0 \d+/, `SIP/2.0 ${100 + int(600)}`),
  };
  const NAMES = Object.keys(MUTATIONS);

  function mutate(seed: string): { text: string; applied: string[] } {
    let text = seed;
    const applied: string[] = [];
    for (let count = 1 + int(3); count > 0; count--) {
      const name = pick(NAMES);
      applied.push(name);
      text = MUTATIONS[name]?.(text) ?? text;
    }
    if (random() < 0.5) {
      const { body } = lines(text);
      text = text.replace(/^(Content-Length|l)\s*:.*$/im, `Content-Length: ${Buffer.byteLength(body)}`);
    }
    return { text, applied };
  }

  return { random, int, pick, hex, mutate };
}
