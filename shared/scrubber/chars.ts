/**
 * Character tests for the scanning loops. Most text is ASCII, so that is decided by code
 * point; anything else goes to a Unicode property test (Danish æ, ø, å, accents, other scripts).
 */

const letterOrMark = /[\p{L}\p{M}]/u;
const letterMarkOrNumber = /[\p{L}\p{M}\p{N}]/u;

/** A letter (or combining mark) of any script. */
export function isLetter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return !Number.isNaN(code) && letterOrMark.test(text.charAt(index));
}

/** A letter, combining mark or digit of any script. */
export function isAlphanumeric(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return !Number.isNaN(code) && letterMarkOrNumber.test(text.charAt(index));
}

/** A space that may sit inside a written number or address: space, no-break or thin space. */
export function isInlineSpace(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === 32 || code === 0xa0 || code === 0x2009 || code === 0x202f;
}
