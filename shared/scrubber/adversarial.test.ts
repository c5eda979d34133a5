import { describe, expect, test } from 'vitest';
import { scrubText } from './scrubText';

/**
 * The scrubber must stay linear on any input, because it also filters log lines nobody chose.
 * Each input below is 100 kB built to make a backtracking regular expression (or a scan that
 * restarts at every character) blow up: catastrophic backtracking on 100 kB takes minutes to
 * forever, a quadratic scan some 10^10 steps. A linear pass takes well under 100 ms once warm
 * and a few hundred cold on a busy machine, so one second tells the two apart without flaking.
 */

const SIZE = 100_000;
const BUDGET_MS = 1000;

const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const inputs: Record<string, string> = {
  'digits': fill('1'),
  'digits and spaces': fill('1 '),
  'pairs of digits': fill('12 '),
  'digits and dots': fill('1.'),
  'dotted pairs': fill('12.34.'),
  'digits and dashes': fill('1-'),
  'mixed separators': fill('1 .-'),
  'plus signs and digits': fill('+1 '),
  'double zeroes': fill('00'),
  'near-dates': fill('12.12.20'),
  'near-times': fill('20.30-'),
  'near-CPR': fill('010203-'),
  'letters': fill('a'),
  'letters and dots': fill('a.'),
  'host-like labels': fill('ab-cd.'),
  'www': fill('www.'),
  'schemes': fill('http://'),
  'links closing brackets': fill(`http://a${')'.repeat(2000)} `),
  'links full of punctuation': fill(`www.a.dk/${'.,;:!?'.repeat(300)} `),
  'colons': fill(':'),
  'hex and colons': fill('a:'),
  'hex groups': fill('ffff:'),
  'dotted quads': fill('1.1.1.'),
  'at-signs': fill('@'),
  'letters and at-signs': fill('a@'),
  'e-mail-like': fill('a.b@c.'),
  'disguised at-signs': fill('x (at) y '),
  'snabel-a': fill('a snabel-a '),
  'bare at': fill(' at '),
  'lone a': fill('a '),
  'bracketed a': fill('x(a)'),
  'street words and numbers': fill('Vej 1 '),
  'long street names': fill('Nørrebrogade'),
  'capitalised words': fill('Aa '),
  'address tails': fill('Lærkevej 5, 2. th., '),
  'combining marks': fill('e\u0301'),
  'surrogate pairs': fill('😢'),
};

describe('adversarial input', () => {
  test.each(Object.entries(inputs))('scrubs 100 kB of %s within a second', (_name, text) => {
    const started = performance.now();
    scrubText(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(BUDGET_MS);
  });

  test('reports the slowest input', () => {
    const timings = Object.entries(inputs).map(([name, text]) => {
      const started = performance.now();
      scrubText(text);
      return { name, ms: performance.now() - started };
    });
    const slowest = timings.reduce((worst, timing) => (timing.ms > worst.ms ? timing : worst));
    const total = timings.reduce((sum, timing) => sum + timing.ms, 0);
    console.log(`adversarial inputs: ${timings.length} × 100 kB in ${total.toFixed(0)} ms; slowest ${slowest.name} ${slowest.ms.toFixed(1)} ms`);
    expect(slowest.ms).toBeLessThan(BUDGET_MS);
  });
});
