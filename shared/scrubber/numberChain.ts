import type { Finding } from './masks';

/**
 * A run of digit groups joined by the separators people put inside phone numbers ("22 33 44 55",
 * "2233-4455", "+1 (202) 555-0143"). The phone, CPR and long-number detector reads chains, not
 * characters; this is the shared vocabulary for that.
 */

/** How two neighbouring groups are joined. 'paren' only makes sense in international numbers. */
export type Separator = 'space' | 'dash' | 'dot' | 'paren';

export interface Group {
  start: number;
  end: number;
  digits: string;
}

const spaceSep = /^[ \u00A0\u2009\u202F]$/u;
const dashSep = /^[ \u00A0\u2009\u202F]?[-\u2010\u2011\u2012\u2013][ \u00A0\u2009\u202F]?$/u;
const parenSep = /^(?:[ \u00A0]?[()][ \u00A0]?|\)[-\u2013])$/u;

/** The separator in the (at most three characters of) text between two groups, if it is one. */
export function separator(gap: string): Separator | null {
  if (spaceSep.test(gap)) return 'space';
  if (dashSep.test(gap)) return 'dash';
  if (gap === '.') return 'dot';
  if (parenSep.test(gap)) return 'paren';
  return null;
}

export class Chain {
  constructor(
    readonly text: string,
    readonly groups: readonly Group[],
    /** `seps[i]` joins `groups[i]` and `groups[i + 1]`. */
    readonly seps: readonly Separator[],
  ) {}

  get length(): number {
    return this.groups.length;
  }

  /** The digits of group `i`, '' past either end, so shape tests need no bounds checks. */
  digits(i: number): string {
    return this.groups[i]?.digits ?? '';
  }

  /** The separator after group `i`. */
  sep(i: number): Separator | undefined {
    return this.seps[i];
  }

  start(i: number): number {
    return this.groups[i]?.start ?? 0;
  }

  end(i: number): number {
    return this.groups[i]?.end ?? 0;
  }

  /** Number of digits in groups `from..to`, inclusive. */
  count(from: number, to: number): number {
    let sum = 0;
    for (let i = from; i <= to; i++) sum += this.digits(i).length;
    return sum;
  }

  report(out: Finding[], kind: 'phone' | 'cpr' | 'number', from: number, to: number): void {
    // "(45) 22 33 44 55": a bracket closed inside the number goes with it; "(22334455)" keeps both.
    const start = this.start(from);
    const opened = from < to && this.text.charAt(start - 1) === '(' && this.text.charAt(this.end(from)) === ')';
    out.push({ kind, start: opened ? start - 1 : start, end: this.end(to) });
  }
}
