/**
 * The inbound header allow-list (DESIGN.md §2). Headers that carry addresses (Via, From, To,
 * Contact, Record-Route, Call-ID) are rewritten into tokens by the firewall; the headers below
 * carry only protocol words and numbers, and are checked against closed vocabularies and ranges
 * so that not even they can carry free text. Every other header is dropped, whatever its name.
 */

const METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'UPDATE', 'PRACK', 'NOTIFY', 'MESSAGE', 'REFER', 'SUBSCRIBE', 'REGISTER', 'PUBLISH'];
const OPTION_TAGS = ['100rel', 'timer', 'replaces', 'outbound', 'gruu', 'path', 'ice', 'norefersub', 'precondition', 'from-change', 'tdialog', 'sec-agree'];
const EVENT_PACKAGES = ['talk', 'hold', 'refer', 'dialog', 'message-summary', 'presence', 'conference', 'reg', 'keep-alive'];
const MEDIA_TYPES = ['application/sdp', 'application/dtmf-relay', 'application/dtmf', 'text/plain', '*/*', 'application/*'];

const MAX_SECONDS = 7 * 24 * 3600;

type Check = (value: string) => string | null;

const tokenList =
  (vocabulary: readonly string[], caseInsensitive = true): Check =>
  (value) => {
    const kept = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => vocabulary.some((word) => (caseInsensitive ? word.toLowerCase() === item.toLowerCase() : word === item)));
    return kept.length > 0 ? kept.join(', ') : null;
  };

const seconds: Check = (value) => {
  const match = /^(\d{1,7})$/.exec(value.trim());
  return match && Number(match[1]) <= MAX_SECONDS ? String(Number(match[1])) : null;
};

const secondsWithRefresher: Check = (value) => {
  const match = /^(\d{1,7})\s*(?:;\s*refresher\s*=\s*(uac|uas))?$/i.exec(value.trim());
  if (!match || Number(match[1]) > MAX_SECONDS) return null;
  return match[2] ? `${Number(match[1])};refresher=${match[2].toLowerCase()}` : String(Number(match[1]));
};

const eventHeader: Check = (value) => {
  const match = /^([\w.-]+)(?:\s*;\s*id\s*=\s*(\d{1,9}))?$/.exec(value.trim());
  if (!match?.[1] || !EVENT_PACKAGES.includes(match[1].toLowerCase())) return null;
  return match[2] ? `${match[1].toLowerCase()};id=${match[2]}` : match[1].toLowerCase();
};

const subscriptionState: Check = (value) => {
  const match = /^(active|pending|terminated)(?:\s*;\s*(expires|retry-after)\s*=\s*(\d{1,7}))?/i.exec(value.trim());
  if (!match?.[1]) return null;
  return match[2] && match[3] ? `${match[1].toLowerCase()};${match[2].toLowerCase()}=${Number(match[3])}` : match[1].toLowerCase();
};

/** Protocol and cause only; the free-text `text=` parameter is dropped. */
const reason: Check = (value) => {
  const match = /^(SIP|Q\.850)\s*;\s*cause\s*=\s*(\d{1,3})/i.exec(value.trim());
  return match?.[1] && match[2] ? `${match[1].toUpperCase()};cause=${Number(match[2])}` : null;
};

export const simpleHeaderChecks: Readonly<Record<string, Check>> = {
  Allow: tokenList(METHODS, false),
  Supported: tokenList(OPTION_TAGS),
  Require: tokenList(OPTION_TAGS),
  Unsupported: tokenList(OPTION_TAGS),
  'Allow-Events': tokenList(EVENT_PACKAGES),
  Accept: tokenList(MEDIA_TYPES),
  Expires: seconds,
  'Min-Expires': seconds,
  'Session-Expires': secondsWithRefresher,
  'Min-SE': seconds,
  Event: eventHeader,
  'Subscription-State': subscriptionState,
  Reason: reason,
};

/** Headers rewritten into tokens, plus those kept after the checks above: for the docs and tests. */
export const INBOUND_ALLOWED_HEADERS = [
  'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Record-Route', 'Max-Forwards', 'Content-Type',
  'Content-Length', 'RAck', ...Object.keys(simpleHeaderChecks),
] as const;

/** Methods the workstation accepts from the SIP server; others are refused (404) by the main process. */
export const INBOUND_METHODS = new Set(['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'UPDATE', 'PRACK', 'NOTIFY', 'MESSAGE']);

const PHRASES: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 181: 'Call Is Being Forwarded', 182: 'Queued', 183: 'Session Progress',
  200: 'OK', 202: 'Accepted', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 415: 'Unsupported Media Type',
  420: 'Bad Extension', 423: 'Interval Too Brief', 480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here', 487: 'Request Terminated', 488: 'Not Acceptable Here', 491: 'Request Pending',
  500: 'Server Internal Error', 501: 'Not Implemented', 503: 'Service Unavailable', 603: 'Decline',
};

/** A response's reason phrase is free text a provider could fill: the standard phrase replaces it. */
export function standardPhrase(status: number): string {
  return PHRASES[status] ?? 'Status';
}
