/**
 * The Content-Security-Policy the UI runs under. Sent as a response header by whoever serves
 * the bundle (the app:// protocol handler, or the development server).
 *
 * Only the app's own scripts and styles; no inline script, no eval, no frames, no plugins,
 * no forms posting anywhere. `connect-src` is widened only for the development bridge's own
 * loopback WebSocket. Media and blobs are allowed for audio (ring tone, WebRTC streams).
 */
export function contentSecurityPolicy(options: { extraConnectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.extraConnectSrc ?? [])];
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'connect-src': connect,
    'worker-src': ["'none'"],
    'frame-src': ["'none'"],
    'child-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every response of the UI carries, in both transports. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()',
    'Cache-Control': 'no-store',
  };
}
