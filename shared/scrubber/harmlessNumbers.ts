import { isDayOfMonth, isHour, isMinute, isYear } from './calendar';
import { hasPhoneCue } from './context';
import type { Chain } from './numberChain';

/**
 * The shapes in a chain of digit groups that are ordinary numbers even though they hold eight
 * digits or more: dates, time ranges, a date with a time, year ranges and thousands. Each shape
 * must be whole (not followed by the same separator): "12.03.20.19" is not the date 12.03.20
 * plus a stray 19 but a phone number.
 *
 * Returns one flag per group, true where the group belongs to such a shape.
 */
export function markHarmless(chain: Chain, from: number): boolean[] {
  const harmless = new Array<boolean>(chain.length).fill(false);
  const cue = hasPhoneCue(chain.text, chain.start(from));
  for (let i = from; i < chain.length; i++) {
    const width = harmlessAt(chain, i, from, cue);
    if (width > 0) {
      harmless.fill(true, i, i + width);
      i += width - 1;
    }
  }
  return harmless;
}

/** How many groups from `i` form a harmless shape (0: none). */
function harmlessAt(chain: Chain, i: number, from: number, cue: boolean): number {
  const s = chain.sep(i);
  const before = i > from ? chain.sep(i - 1) : undefined;
  const [a, b, c, d] = [chain.digits(i), chain.digits(i + 1), chain.digits(i + 2), chain.digits(i + 3)];
  if ((s === 'dot' || s === 'dash') && chain.sep(i + 1) === s) {
    // 2019-04-23, also in a range "2024-01-01 - 2024-12-31": the year first makes it unmistakable.
    if (isYear(a) && b.length === 2 && c.length === 2 && isDayOfMonth(Number(c), Number(b))) return 3;
  }
  if ((s === 'dot' || s === 'dash') && chain.sep(i + 1) === s && before !== s) {
    // 23.04.2019, 23-04-2019, 1.2.19 — unless a dash and four digits follow: "01.02.03-1234" is a CPR number.
    const tail = chain.sep(i + 2);
    const cprTail = c.length === 2 && (tail === 'dash' || tail === 'space') && d.length === 4;
    if (tail !== s && a.length <= 2 && b.length <= 2 && (c.length === 2 || isYear(c)) && isDayOfMonth(Number(a), Number(b)) && !cprTail) return 3;
  }
  const then = `${chain.sep(i + 1)},${chain.sep(i + 2)}`;
  if (s === 'dot' && before !== 'dot' && chain.sep(i + 3) !== 'dot' && isHour(c) && isMinute(d)) {
    // 20.30-22.00: the one common shape where four pairs of digits are not a phone number.
    if (then === 'dash,dot' && isHour(a) && isMinute(b)) return 4;
    // 23.04 14.30: a date and a time.
    if (then === 'space,dot' && a.length <= 2 && isDayOfMonth(Number(a), Number(b))) return 4;
  }
  // 2015-2018, 2019 2020 2021 (but "tlf. 2015-2018" is a phone number).
  if (!cue && (s === 'dash' || s === 'space') && before !== s && isYear(a)) {
    let j = i;
    while (chain.sep(j) === s && isYear(chain.digits(j + 1)) && Number(chain.digits(j + 1)) > Number(chain.digits(j))) j++;
    const years = j - i + 1;
    if (years >= (s === 'dash' ? 2 : 3) && chain.sep(j) !== s) return years;
  }
  // 12.345.678 (kroner, followers, kilometres …)
  if (s === 'dot' && before !== 'dot' && a.length <= 3 && b.length === 3) {
    let j = i + 1;
    while (chain.sep(j) === 'dot' && chain.digits(j + 1).length === 3) j++;
    if (chain.sep(j) !== 'dot') return j - i + 1;
  }
  return 0;
}
