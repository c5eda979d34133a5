import { isInlineSpace, isLetter } from './chars';

/**
 * The words around a number decide what it is: "500 kr." is an amount, "3 gange" a count,
 * "tlf. 2015 2018" a phone number. These helpers look a few characters either side, never more,
 * so the scrubber stays linear in the length of the text.
 */

/** Words that make the number in front of them a quantity, never an identifier or house number. */
const unitWords = new Set([
  'gang', 'gange', 'år', 'års', 'dag', 'dage', 'døgn', 'nat', 'nætter', 'time', 'timer', 't',
  'min', 'minut', 'minutter', 'sek', 'sekunder', 'uge', 'uger', 'måned', 'måneder', 'mdr',
  'kr', 'kroner', 'krone', 'dkk', 'euro', 'eur', 'usd', 'mio', 'mia', 'million', 'millioner',
  'milliarder', 'procent', 'pct', 'promille', 'km', 'm', 'meter', 'cm', 'mm', 'kg', 'g', 'gr',
  'gram', 'mg', 'ml', 'l', 'liter', 'stk', 'styk', 'point', 'grader', 'personer', 'mennesker',
  'børn', 'piger', 'drenge', 'voksne', 'unge', 'elever', 'venner', 'søskende', 'øl', 'genstande',
  'cigaretter', 'piller', 'x', 'af', 'ud', 'etager', 'sider', 'klasse', 'klasser',
]);

const currencyWords = new Set(['kr', 'kroner', 'krone', 'dkk', 'euro', 'eur', 'usd', 'mio', 'mia', 'millioner', 'milliarder', 'procent', 'pct', 'promille']);
const currencySigns = /^[ \u00A0]?(?:%|‰|€|\$|£|,-)/u;

const wordAhead = /[ \u00A0]{0,2}([\p{L}]{1,20})/uy;

/** The word right after `index` (after at most two spaces), lower-cased; '' if none. */
export function wordAfter(text: string, index: number): string {
  wordAhead.lastIndex = index;
  return wordAhead.exec(text)?.[1]?.toLowerCase() ?? '';
}

/** The word right before `index`, skipping up to two spaces and one '.' or ':' ("kr. 500", "tlf:"). */
export function wordBefore(text: string, index: number): string {
  let i = index;
  for (let spaces = 0; spaces < 2 && isInlineSpace(text, i - 1); spaces++) i--;
  const mark = text.charAt(i - 1);
  if (mark === '.' || mark === ':') i--;
  const end = i;
  while (end - i < 20 && isLetter(text, i - 1)) i--;
  return text.slice(i, end).toLowerCase();
}

export function isUnitWord(word: string): boolean {
  return unitWords.has(word);
}

/** Money or a share: "kr. 12.345.678", "12 000 000 kr", "45 %". */
export function isAmount(text: string, start: number, end: number): boolean {
  if (currencyWords.has(wordBefore(text, start)) || /[€$£][ \u00A0]?$/.test(text.slice(Math.max(0, start - 2), start))) return true;
  return currencyWords.has(wordAfter(text, end)) || currencySigns.test(text.slice(end, end + 3));
}

const phoneCue = /(?<!\p{L})(?:tlf|telefon|nummer|nr|mobil|ring|sms|opkald|whatsapp|signal)/iu;

/** A word such as "tlf." or "nummer" shortly before: then a year-like pair is a phone number. */
export function hasPhoneCue(text: string, start: number): boolean {
  return phoneCue.test(text.slice(Math.max(0, start - 30), start));
}
