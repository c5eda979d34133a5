import { isAppOrigin, isAppUrl } from './appOrigin';

/**
 * The kiosk grants exactly one permission: audio capture (the microphone for calls), and only
 * to the app's own UI. Camera, screen capture, notifications, geolocation, MIDI, clipboard
 * reads, HID/serial/USB and everything Chromium adds in future are refused by default.
 */

/** What Electron tells the request handler, reduced to what the decision needs. */
export interface PermissionRequest {
  permission: string;
  /** The URL of the frame that asks (Electron's `details.requestingUrl`). */
  requestingUrl: string;
  /** For 'media': the kinds of media asked for (Electron's `details.mediaTypes`). */
  mediaTypes?: readonly string[];
}

export function allowPermissionRequest(request: PermissionRequest): boolean {
  if (request.permission !== 'media' || !isAppUrl(request.requestingUrl)) return false;
  const types = request.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}

/** What Electron tells the check handler (synchronous "may this origin use X?"). */
export interface PermissionCheck {
  permission: string;
  requestingOrigin: string;
  /** For 'media': Electron's `details.mediaType` ('audio' | 'video' | 'unknown'). */
  mediaType?: string;
}

export function allowPermissionCheck(check: PermissionCheck): boolean {
  return check.permission === 'media' && check.mediaType === 'audio' && isAppOrigin(check.requestingOrigin);
}
