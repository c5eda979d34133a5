import { isAlphanumeric, isLetter } from './chars';
import type { Finding } from './masks';

/**
 * Links: with a scheme, starting with www., or a bare host name with a path ("example.dk/sti")
 * or with a well-known top-level domain ("lise-hansen.dk"). Dotted abbreviations ("f.eks.",
 * "bl.a.") and missing spaces after a full stop ("hjem.Hun") must stay, so a bare host needs a
 * lower-case (or all upper-case) top-level domain from a short list.
 */

const schemeUrl = /(?<![\p{L}\p{N}])(?:https?|ftps?|sftp):\/\/[^\s<>"'`]{1,2048}/giu;
const host = /(?:[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.){1,8}\p{L}{2,24}(?![\p{L}\p{M}\p{N}-])/uy;
const portAndPath = /(?::\d{1,5})?[/?#][^\s<>"'`]{0,2048}/uy;
const port = /:\d{1,5}(?!\d)/uy;

/** Top-level domains that make a bare host a link even without www. or a path. */
const bareTlds: ReadonlySet<string> = new Set([
  'dk', 'com', 'net', 'org', 'eu', 'io', 'info', 'biz', 'gl', 'fo', 'uk', 'app', 'dev', 'ly', 'gg', 'tv',
  'fi', 'nl', 'fr', 'pl', 'es', 'ch', 'ua', 'tr', 'us', 'gov', 'edu', 'online', 'site', 'xyz', 'live',
  'se', 'no', 'de',
]);

/** Trailing punctuation belongs to the sentence, not the link; a ")" stays if the link opened one. */
export function trimLinkEnd(text: string, start: number, end: number): number {
  // Brackets are counted once, not per trimmed character, so "http://a)))…" stays linear.
  let unmatched = 0;
  for (let i = start; i < end; i++) {
    const char = text.charAt(i);
    if (char === ')') unmatched++;
    else if (char === '(') unmatched--;
  }
  let stop = end;
  while (stop > start) {
    const last = text.charAt(stop - 1);
    if (/[.,;:!?'"»\]}]/.test(last)) stop--;
    else if (last === ')' && unmatched > 0) {
      stop--;
      unmatched--;
    } else break;
  }
  return stop;
}

export function findUrls(text: string, out: Finding[]): void {
  schemeUrl.lastIndex = 0;
  for (let match = schemeUrl.exec(text); match; match = schemeUrl.exec(text)) {
    const end = trimLinkEnd(text, match.index, match.index + match[0].length);
    if (end > match.index + match[0].indexOf('//') + 2) out.push({ kind: 'url', start: match.index, end });
  }
  // Every host name has a dot between a letter or digit and a letter; most words have none.
  let next = 0;
  for (let dot = text.indexOf('.', next); dot !== -1; dot = text.indexOf('.', next)) {
    next = dot + 1;
    if (!isAlphanumeric(text, dot - 1) || !isLetter(text, dot + 1)) continue;
    let start = dot;
    while (start > 0 && dot - start < 253 && isHostChar(text, start - 1)) start--;
    while (start < dot && !isAlphanumeric(text, start)) start++;
    let runEnd = dot + 1;
    while (runEnd < text.length && runEnd - start < 300 && isHostChar(text, runEnd)) runEnd++;
    next = runEnd;
    // Part of an e-mail address, a path or a name like "a_b.dk": not a host of its own.
    if (/[_@/]/.test(text.charAt(start - 1))) continue;
    host.lastIndex = start;
    const match = host.exec(text);
    if (!match) continue;
    const name = match[0];
    const tld = name.slice(name.lastIndexOf('.') + 1);
    if (tld !== tld.toLowerCase() && tld !== tld.toUpperCase()) continue;
    let end = start + name.length;
    portAndPath.lastIndex = end;
    const path = portAndPath.exec(text);
    const www = /^www\d?\./i.test(name);
    if (path) {
      end = trimLinkEnd(text, start, end + path[0].length);
    } else {
      port.lastIndex = end;
      end += port.exec(text)?.[0].length ?? 0;
    }
    if (www || path || bareTlds.has(tld.toLowerCase())) out.push({ kind: 'url', start, end });
    next = Math.max(next, end);
  }
}

function isHostChar(text: string, index: number): boolean {
  const char = text.charAt(index);
  return char === '.' || char === '-' || isAlphanumeric(text, index);
}
