import type { ChatPolicy } from '../policy/hubPolicy';

/**
 * The headers on everything the visitor widget is served with. The page may load only its own
 * script and style from the hub, talk only to the hub, frame nothing, and be framed only by the
 * service's own sites (policy.chat.frameAncestors; empty: any site, so that a service can embed
 * it without first configuring the hub). No response sets a cookie, is cached, or sends a referrer.
 */

// Every powerful feature off: the page needs none (a visitor's chat is text).
const deniedFeatures = [
  'accelerometer',
  'autoplay',
  'bluetooth',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
];

export type WidgetResource = 'page' | 'asset' | 'embed';

/** `frame-ancestors`: the policy's sites as origins, or any site when the policy names none. */
export function frameAncestors(chat: Pick<ChatPolicy, 'frameAncestors'>): string {
  if (chat.frameAncestors.length === 0) return '*';
  return [...new Set(chat.frameAncestors.map((site) => new URL(site).origin))].join(' ');
}

export function widgetContentSecurityPolicy(chat: Pick<ChatPolicy, 'frameAncestors'>): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(chat)}`,
    // The page writes text only; with Trusted Types required, an HTML sink anywhere would throw.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

export function widgetHeaders(chat: Pick<ChatPolicy, 'frameAncestors'>, resource: WidgetResource): Record<string, string> {
  return {
    'content-security-policy': widgetContentSecurityPolicy(chat),
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'permissions-policy': deniedFeatures.map((feature) => `${feature}=()`).join(', '),
    // The embed script is loaded by the service's site (another origin); the rest only by the hub's own page.
    'cross-origin-resource-policy': resource === 'embed' ? 'cross-origin' : 'same-origin',
    ...(resource === 'page' ? { 'cross-origin-opener-policy': 'same-origin' } : {}),
  };
}
