/**
 * A chat message's text as the hub relays it: plain text that renders the same everywhere and
 * cannot reorder what is around it. Control characters (but newline and tab), the bidi
 * embeddings/overrides/isolates that can make text read differently from its bytes, and lone
 * surrogates go; line ends become `\n`; the text is NFC and trimmed. Nothing is escaped here: the
 * receiving side renders text as text.
 */
export type CleanedText = { ok: true; text: string } | { ok: false; code: 'invalid-message' | 'message-too-large' };

// C0 but \t and \n, DEL, C1; the bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unwanted = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanChatText(raw: string, maxChars: number): CleanedText {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(loneSurrogate, '\uFFFD')
    .normalize('NFC')
    .replace(unwanted, '')
    .trim();
  if (text.length === 0) return { ok: false, code: 'invalid-message' };
  // UTF-16 units, as the wire schema counts them.
  if (text.length > maxChars) return { ok: false, code: 'message-too-large' };
  return { ok: true, text };
}
