import { isCprDate, isHour, isMinute, isYear } from './calendar';
import { isAmount, isUnitWord, wordAfter, wordBefore } from './context';
import { markHarmless } from './harmlessNumbers';
import type { Finding } from './masks';
import { Chain, separator, type Group, type Separator } from './numberChain';

/**
 * Phone, CPR and other long numbers. Instead of one regular expression per written form
 * ("12 34 56 78", "1234-5678", "+45 …") the text is cut into digit groups, and groups joined by
 * a phone-style separator form a chain (numberChain.ts). A chain is read as a whole: harmless
 * shapes (dates, time ranges, year ranges, thousands) are set aside, and the digits that remain
 * decide. Every digit is read once, so this is linear in the text, and the rule can be "eight
 * digits or more in a row are an identifier unless they clearly are not" — the direction of
 * error the service wants: a leaked number is a breach, a masked one a nuisance.
 */

const groupPattern = /\d+/g;

/** After these words the first group is a time, week, line …, not the start of a phone number. */
const timeOrPlaceWords = new Set(['kl', 'klokken', 'uge', 'uger', 'side', 'bus', 'linje', 'lokale', 'værelse', 'klasse', 'kapitel', 'afsnit', 'paragraf']);
/** After these a leading 19xx/20xx is a year; trimmed only if a phone number's worth remains. */
const yearWords = new Set(['i', 'år', 'siden', 'fra']);

export function findDigitSequences(text: string, out: Finding[]): void {
  let groups: Group[] = [];
  let seps: Separator[] = [];
  let digits = 0;
  groupPattern.lastIndex = 0;
  for (let match = groupPattern.exec(text); match; match = groupPattern.exec(text)) {
    const group = { start: match.index, end: match.index + match[0].length, digits: match[0] };
    const previous = groups[groups.length - 1];
    const sep = previous && group.start - previous.end <= 3 ? separator(text.slice(previous.end, group.start)) : null;
    if (sep) {
      groups.push(group);
      seps.push(sep);
    } else {
      // Most chains are an age or a time: fewer digits than the shortest number worth masking.
      if (digits >= 7) readChain(new Chain(text, groups, seps), out);
      groups = [group];
      seps = [];
      digits = 0;
    }
    digits += group.digits.length;
  }
  if (digits >= 7) readChain(new Chain(text, groups, seps), out);
}

function readChain(chain: Chain, out: Finding[]): void {
  let from = readInternational(chain, out);
  if (from >= chain.length) return;
  // An amount is never an identifier, however many digits it has ("kr. 12.345.678").
  if (from === 0 && isAmount(chain.text, chain.start(0), chain.end(chain.length - 1))) return;
  const harmless = markHarmless(chain, from);
  while (from < chain.length) {
    if (harmless[from]) {
      from++;
      continue;
    }
    let to = from;
    while (to + 1 < chain.length && !harmless[to + 1]) to++;
    readRun(chain, from, to, out);
    from = to + 1;
  }
}

/**
 * "+45 12 34 56 78", "0046 70 …", "(+45) …", "+1 (202) 555-0143": after + or 00 any grouping
 * goes, and the country code tells the length (Denmark: 8 digits; elsewhere up to 15 in all).
 * Returns the index of the first group it did not take (0 if the chain is no such number).
 */
function readInternational(chain: Chain, out: Finding[]): number {
  const { text } = chain;
  const plus = text.charAt(chain.start(0) - 1) === '+';
  const zeroes = !plus && /^00[1-9]/.test(chain.digits(0) + chain.digits(1));
  if (!plus && !zeroes) return 0;
  const countryCode = (chain.digits(0) + chain.digits(1) + chain.digits(2)).slice(zeroes ? 2 : 0);
  const limit = countryCode.startsWith('45') ? 10 : 15;
  let count = zeroes ? -2 : 0;
  let taken = 0;
  while (taken < chain.length && count + chain.digits(taken).length <= limit) count += chain.digits(taken++).length;
  // "+45 22 33 44 55 10 gange": a trailing count is not part of the number.
  if (taken >= 2 && count - chain.digits(taken - 1).length >= 7 && isUnitWord(wordAfter(text, chain.end(taken - 1)))) {
    count -= chain.digits(--taken).length;
  }
  // "0012345678" is an account number, not a call to country 1.
  if (taken === 0 || count < (zeroes && taken === 1 ? 9 : 7)) return 0;
  let start = chain.start(0) - (plus ? 1 : 0);
  if (plus && text.charAt(start - 1) === '(') start--;
  const end = chain.end(taken - 1);
  out.push({ kind: 'phone', start, end: end + (text.charAt(start) === '(' && text.charAt(end) === ')' ? 1 : 0) });
  return taken;
}

/** Groups `from..to` (inclusive), none of them harmless. */
function readRun(chain: Chain, from: number, to: number, out: Finding[]): void {
  let allSingle = true;
  let counting = true;
  for (let i = from; i <= to; i++) {
    if (chain.digits(i).length !== 1) allSingle = false;
    if (i > from && Number(chain.digits(i)) !== Number(chain.digits(i - 1)) + 1) counting = false;
  }
  // "2 8 3 7 4 6 1 5" is a number read out digit by digit; "1 2 3 4 5 6 7 8" is counting.
  if (allSingle) {
    if (to - from + 1 >= 8 && !counting) chain.report(out, 'phone', from, to);
    return;
  }
  // Otherwise single digits stand apart: "ring 3 22 33 44 55".
  let start = from;
  for (let i = from; i <= to + 1; i++) {
    if (i <= to && chain.digits(i).length !== 1) continue;
    if (i > start) readPiece(chain, start, i - 1, out);
    start = i + 1;
  }
}

/** CPR numbers first (one may sit next to a phone number in the same chain), then the rest. */
function readPiece(chain: Chain, from: number, to: number, out: Finding[]): void {
  let start = from;
  for (let i = from; i <= to; i++) {
    const width = cprWidth(chain, i, to);
    if (width === 0) continue;
    if (i > start) readDigits(chain, start, i - 1, out);
    // DDMMYY-XXXX with an impossible date is no CPR number, but no harmless number either.
    chain.report(out, isCprDate(chain.digits(i) + chain.digits(i + 1) + chain.digits(i + 2)) ? 'cpr' : 'number', i, i + width - 1);
    i += width - 1;
    start = i + 1;
  }
  if (start <= to) readDigits(chain, start, to, out);
}

/** Groups from `i` that form DDMMYYXXXX, DDMMYY-XXXX or DD.MM.YY-XXXX (0: none). */
function cprWidth(chain: Chain, i: number, to: number): number {
  const here = chain.digits(i);
  if (here.length === 10 && isCprDate(here)) return 1;
  if (i + 1 <= to && here.length === 6 && chain.digits(i + 1).length === 4 && dashOrSpace(chain.sep(i))) return 2;
  const dotted = here.length === 2 && chain.digits(i + 1).length === 2 && chain.digits(i + 2).length === 2 && chain.digits(i + 3).length === 4;
  if (i + 3 <= to && dotted && chain.sep(i) === chain.sep(i + 1) && chain.sep(i) !== 'paren' && dashOrSpace(chain.sep(i + 2))) {
    return isCprDate(here + chain.digits(i + 1) + chain.digits(i + 2)) ? 4 : 0;
  }
  return 0;
}

function dashOrSpace(sep: Separator | undefined): boolean {
  return sep === 'dash' || sep === 'space';
}

function readDigits(chain: Chain, from: number, to: number, out: Finding[]): void {
  let total = chain.count(from, to);
  if (total < 8) return;
  if (from === to) {
    const digits = chain.digits(from);
    // 8 digits starting 2-9 is a Danish subscriber number; 45 + 8 digits the same with its prefix.
    const phone = (digits.length === 8 && /^[2-9]/.test(digits)) || (digits.length === 10 && /^45[2-9]/.test(digits));
    chain.report(out, phone ? 'phone' : 'number', from, to);
    return;
  }
  // A leading time or week is no part of a number ("kl. 14.30 22 33 44 55"); a leading year or a
  // trailing count is dropped only if a phone number's worth remains ("22 33 44 55 10 gange").
  const before = wordBefore(chain.text, chain.start(from));
  const place = timeOrPlaceWords.has(before);
  if (place || (yearWords.has(before) && isYear(chain.digits(from)))) {
    const drop = chain.sep(from) === 'dot' && isHour(chain.digits(from)) && isMinute(chain.digits(from + 1)) ? 2 : 1;
    const dropped = chain.count(from, from + drop - 1);
    if (place || total - dropped >= 8) {
      total -= dropped;
      from += drop;
    }
    if (total < 8) return;
  }
  if (total > 8 && total - chain.digits(to).length >= 8 && isUnitWord(wordAfter(chain.text, chain.end(to)))) {
    total -= chain.digits(to).length;
    to--;
  }
  // Eight digits however grouped are a Danish number ("22-334455"); longer runs are phone numbers
  // only in phone-like groups ("45 22 33 44 55"), not with a long block ("1234 5678901234").
  let long = false;
  for (let i = from; i <= to; i++) if (chain.digits(i).length > 4) long = true;
  chain.report(out, total === 8 || (total <= 15 && !long) ? 'phone' : 'number', from, to);
}
