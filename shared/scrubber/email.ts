import { isAlphanumeric, isInlineSpace } from './chars';
import type { Finding } from './masks';

/**
 * E-mail addresses, also as people disguise them in chats ("lise (at) example.dk",
 * "ole snabel-a example dk"), and @user names. The search is anchored on the at-sign (or its
 * disguise) and reads a bounded stretch either side, so a long text without one costs a
 * single scan.
 */

/** "@", or a word that may stand for it; `atSign` checks what surrounds the word. */
const anchor = /@|(?:at|snabel-?a|a)(?=[ \u00A0)\]}>])/gi;
const label = /[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?/uy;
const realDot = /\.(?=[\p{L}\p{M}\p{N}])/uy;
const wordDot = /[ \u00A0]?[([{<][ \u00A0]?(?:dot|punktum|prik)[ \u00A0]?[)\]}>][ \u00A0]?|[ \u00A0](?:dot|punktum|prik)[ \u00A0]/iuy;
const handleBody = /[A-Za-z0-9._]{2,30}/y;
const opening = '([{<';
const closing = ')]}>';

/** Top-level domains accepted after a disguised dot or a bare space, where a typo is likelier. */
export const commonTlds: ReadonlySet<string> = new Set([
  'dk', 'com', 'net', 'org', 'eu', 'se', 'no', 'de', 'uk', 'nl', 'fi', 'info', 'io', 'me', 'gl', 'fo', 'is', 'nu',
]);

function sticky(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] ?? null;
}

function isLocalChar(text: string, index: number): boolean {
  return isAlphanumeric(text, index) || "._%+'-".includes(text.charAt(index) || ' ');
}

/** Where a written-out at-sign starts and ends: "(at)", "[ at ]", "<at>", "(a)", " snabel-a ", " at ". */
function atSign(text: string, index: number, word: string): { start: number; end: number } | null {
  let start = index;
  let end = index + word.length;
  if (isInlineSpace(text, start - 1) && opening.includes(text.charAt(start - 2) || ' ')) start--;
  if (opening.includes(text.charAt(start - 1) || ' ')) {
    if (isInlineSpace(text, end) && closing.includes(text.charAt(end + 1) || ' ')) end++;
    return closing.includes(text.charAt(end) || ' ') ? { start: start - 1, end: end + 1 } : null;
  }
  // A lone "a" stands for @ only in brackets; "at" and "snabel-a" also between spaces.
  const bare = word.length > 1 && /\s/.test(text.charAt(index - 1)) && isInlineSpace(text, end);
  return bare ? { start: index, end } : null;
}

export function findEmails(text: string, out: Finding[]): void {
  anchor.lastIndex = 0;
  for (let match = anchor.exec(text); match; match = anchor.exec(text)) {
    const word = match[0];
    const disguised = word !== '@';
    const sign = disguised ? atSign(text, match.index, word) : { start: match.index, end: match.index + 1 };
    if (!sign) continue;
    const bareWord = disguised && sign.start === match.index;
    const plainAt = bareWord && word.toLowerCase() === 'at';
    let localEnd = sign.start;
    if (isInlineSpace(text, localEnd - 1) && (disguised || isInlineSpace(text, sign.end))) localEnd--;
    let localStart = localEnd;
    while (localEnd - localStart < 64 && isLocalChar(text, localStart - 1)) localStart--;
    while (localStart < localEnd && "._'-".includes(text.charAt(localStart))) localStart++;
    const domainStart = sign.end + (isInlineSpace(text, sign.end) && (disguised || localEnd < sign.start) ? 1 : 0);
    let domainEnd = readDomain(text, domainStart, disguised, plainAt);
    // "lise@gmail": written without its top-level domain, still an address to anyone who reads it.
    if (domainEnd === 0 && !disguised && localStart < localEnd && domainStart === sign.end) domainEnd = bareDomainEnd(text, domainStart);
    if (localStart < localEnd && domainEnd > 0) {
      out.push({ kind: 'email', start: localStart, end: domainEnd });
      anchor.lastIndex = Math.max(anchor.lastIndex, domainEnd);
    } else if (!disguised && localStart === localEnd && localEnd === sign.start) {
      // "@natteravn99": a user name on Instagram, TikTok, Snapchat …
      const body = sticky(handleBody, text, sign.end)?.replace(/\.+$/, '');
      if (body && /[A-Za-z]/.test(body)) out.push({ kind: 'handle', start: sign.start, end: sign.end + body.length });
    }
  }
}

function bareDomainEnd(text: string, at: number): number {
  const part = sticky(label, text, at);
  return part && /\p{L}/u.test(part) ? at + part.length : 0;
}

/**
 * The end of the domain that starts at `at`, or 0 if there is none. A disguised address may
 * also disguise its dots, or leave them out before a known top-level domain ("example dk");
 * after a bare "at" (also the commonest Danish infinitive marker) the domain must end in a
 * known top-level domain, which the link detector would mask anyway.
 */
function readDomain(text: string, at: number, disguised: boolean, plainAt: boolean): number {
  let position = at;
  let labels = 0;
  let disguisedDot = false;
  let end = 0;
  while (labels < 10) {
    const part = sticky(label, text, position);
    if (!part) break;
    labels++;
    position += part.length;
    const known = commonTlds.has(part.toLowerCase()) && (part === part.toLowerCase() || part === part.toUpperCase());
    const tldOk = /^\p{L}{2,24}$/u.test(part) && (!disguisedDot || known);
    if (labels >= 2 && tldOk && (!plainAt || disguisedDot || known)) end = position;
    const dot = sticky(realDot, text, position);
    if (dot) {
      position += dot.length;
      continue;
    }
    const word = sticky(wordDot, text, position);
    if (word) {
      disguisedDot = true;
      position += word.length;
      continue;
    }
    // "ole snabel-a example dk": a space before a known top-level domain that ends the address.
    if (disguised && isInlineSpace(text, position)) {
      const tld = sticky(label, text, position + 1);
      if (tld && commonTlds.has(tld.toLowerCase()) && !/[\p{L}\p{N}]/u.test(text.charAt(position + 1 + tld.length))) {
        if (!plainAt || disguisedDot) return position + 1 + tld.length;
      }
    }
    break;
  }
  return end;
}
