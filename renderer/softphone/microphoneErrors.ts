import type { MicrophoneProblem } from './softphoneState';

/**
 * What a failed getUserMedia means for the counsellor. The DOMException names are the
 * standard ones plus the older Chromium aliases still seen in the wild.
 */
export function microphoneProblemOf(error: unknown): MicrophoneProblem | null {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'unavailable';
    default:
      return null;
  }
}
