import { isAlphanumeric, isInlineSpace, isLetter } from './chars';
import { isUnitWord, wordAfter } from './context';
import type { Finding } from './masks';

/**
 * Danish street addresses: a street name, a house number, and optionally floor, side and
 * postcode with town ("Gammel Kongevej 151, st. tv., 1850 Frederiksberg C"). Street names are
 * recognised by their endings (-vej, -gade, -allé …) or by a separate "Vej", "Gade" … after a
 * capitalised name. A street named without a number is not an address and stays, and so does a
 * number that counts something ("på Rådhuspladsen 2 timer").
 */

/** Endings of compound street names; also whole words when capitalised ("Torvet 3"). */
const streetEndings = [
  'vej', 'vejen', 'gade', 'gaden', 'allé', 'alle', 'stræde', 'strædet', 'vænge', 'vænget', 'plads', 'pladsen',
  'torv', 'torvet', 'boulevard', 'park', 'parken', 'sti', 'stien', 'bakke', 'bakken', 'høj', 'højen', 'have',
  'haven', 'hegn', 'hegnet', 'vang', 'vangen', 'toft', 'toften', 'løkke', 'løkken', 'lund', 'lunden', 'dal',
  'dalen', 'engen', 'kær', 'kæret', 'holm', 'holmen', 'bryn', 'brynet', 'port', 'porten', 'kaj', 'kajen',
  'passage', 'marken', 'skoven', 'ager', 'krog', 'krogen',
];
/** Endings safe enough to accept in a lower-case word ("bor på nørrebrogade 12"). */
const lowerCaseEndings = ['vej', 'vejen', 'gade', 'gaden', 'allé', 'alle', 'stræde', 'strædet', 'vænge', 'vænget', 'plads', 'pladsen', 'torv', 'torvet', 'boulevard'];
/** Whole words that stand alone as a street name only after a capitalised name ("Peter Bangs Vej"). */
const afterNameOnly = new Set(['vej', 'gade', 'allé', 'alle', 'stræde', 'plads', 'torv', 'boulevard', 'vænge', 'have', 'park', 'passage', 'sti', 'bakke']);
/** Common nouns with a street ending. */
const notStreets = new Set([
  'børnehave', 'børnehaven', 'legeplads', 'legepladsen', 'arbejdsplads', 'arbejdspladsen', 'parkeringsplads',
  'parkeringspladsen', 'siddeplads', 'ståplads', 'praktikplads', 'praktikpladsen', 'læreplads', 'motorvej',
  'motorvejen', 'cykelsti', 'cykelstien', 'gangsti', 'gangstien', 'baghave', 'baghaven', 'forhave', 'kolonihave',
  'kolonihaven', 'omvej', 'omvejen', 'genvej', 'genvejen', 'gågade', 'gågaden', 'sidegade', 'sidegaden', 'marken',
  'skoven', 'engen', 'høj', 'dal', 'have', 'haven', 'park', 'parken', 'port', 'porten', 'sti', 'bakke', 'ager',
]);
/** Capitalised only because they start a sentence: never part of a street name. */
const sentenceWords = new Set([
  'på', 'i', 'hos', 'ved', 'til', 'fra', 'mod', 'om', 'og', 'men', 'så', 'nu', 'da', 'når', 'hvis', 'efter', 'før',
  'bor', 'boede', 'hun', 'han', 'de', 'vi', 'jeg', 'du', 'den', 'det', 'der', 'hendes', 'deres', 'min', 'mit', 'sin',
  'sit', 'adresse', 'adressen', 'en', 'et',
]);

/** Where a word is followed by a number: the only places an address can end, and rare in text. */
const spaceThenNumber = /[ \u00A0]{1,2}(?:nr\.?[ \u00A0]?)?\d/g;
const endingPattern = new RegExp(`(?:${streetEndings.join('|')})$`, 'iu');
const houseNumber = /[ \u00A0]{1,2}(?:nr\.?[ \u00A0]?)?\d{1,4}(?![\d])(?:[A-Za-z](?![\p{L}]))?(?:[-–]\d{1,4}[A-Za-z]?(?![\p{L}\d]))?(?![.,]\d)/uy;
const floor = /,?[ \u00A0]{1,2}(?:(?:st|kl|kld|\d{1,2})\.?[ \u00A0]?(?:(?:th|tv|mf)\.?|sal(?:,?[ \u00A0](?:th|tv|mf)\.?)?)|st\.|stuen|kld\.)(?![\p{L}])/iuy;
const postcodeTown = /,?[ \u00A0]{1,2}(?:DK-)?\d{4}[ \u00A0]{1,2}\p{Lu}[\p{L}\p{M}'-]{1,30}(?:[ \u00A0](?:\p{Lu}[\p{L}\p{M}'-]{1,30}|NV|NØ|SV|SØ|Ø|V|N|S|K|C)(?![\p{L}])){0,2}/uy;
const nameBefore = /(?:\p{Lu}[\p{L}\p{M}'-]{0,30}|\p{Lu}\.(?:\p{Lu}\.)*|[A-ZÆØÅ][a-zæøå]{0,3}\.)$/u;

function streetWord(word: string, hasNameBefore: boolean): boolean {
  const lower = word.toLowerCase();
  if (notStreets.has(lower) && !(hasNameBefore && afterNameOnly.has(lower))) return false;
  const capital = /^\p{Lu}/u.test(word);
  const endings = capital ? streetEndings : lowerCaseEndings;
  for (const ending of endings) {
    if (!lower.endsWith(ending)) continue;
    if (lower.length > ending.length + 1) return true;
    if (lower === ending && capital) return afterNameOnly.has(lower) ? hasNameBefore : true;
  }
  return false;
}

function sticky(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0].length ?? 0;
}

/** Start of the capitalised words in front of a street word ("H.C. Andersens" Boulevard), at most three. */
function nameStart(text: string, start: number): number {
  let at = start;
  for (let words = 0; words < 3; words++) {
    if (at < 2 || !isInlineSpace(text, at - 1)) break;
    const before = nameBefore.exec(text.slice(Math.max(0, at - 33), at - 1));
    if (!before || sentenceWords.has(before[0].toLowerCase())) break;
    const wordStart = at - 1 - before[0].length;
    if (isAlphanumeric(text, wordStart - 1)) break;
    at = wordStart;
  }
  return at;
}

export function findAddresses(text: string, out: Finding[]): void {
  spaceThenNumber.lastIndex = 0;
  for (let match = spaceThenNumber.exec(text); match; match = spaceThenNumber.exec(text)) {
    let end = match.index;
    if (!isLetter(text, end - 1)) continue;
    let wordStart = end;
    while (wordStart > 0 && end - wordStart < 40 && (isLetter(text, wordStart - 1) || /['-]/.test(text.charAt(wordStart - 1)))) wordStart--;
    if (isAlphanumeric(text, wordStart - 1) || !isLetter(text, wordStart)) continue;
    const word = text.slice(wordStart, end).normalize('NFC');
    // Nearly every word fails here, before the costlier look at the words in front of it.
    if (!endingPattern.test(word)) continue;
    const start = nameStart(text, wordStart);
    if (!streetWord(word, start < wordStart)) continue;
    const number = sticky(houseNumber, text, end);
    if (number === 0) continue;
    end += number;
    if (isUnitWord(wordAfter(text, end)) || /^[ \u00A0]?%/.test(text.slice(end, end + 2))) continue;
    end += sticky(floor, text, end);
    end += sticky(postcodeTown, text, end);
    out.push({ kind: 'address', start, end });
    spaceThenNumber.lastIndex = end;
  }
}
