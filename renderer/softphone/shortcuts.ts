import type { CallPhase } from './softphoneState';

/** What a key or a headset button can ask of the softphone. */
export type SoftphoneCommand = 'answer' | 'hangup' | 'toggle-mute' | 'toggle-hold';

/**
 * Function keys, because they type nothing: they work while the counsellor is writing in the
 * contact form without ever stealing a character, and unlike Alt/AltGr combinations they do not
 * collide with the Danish keyboard (AltGr = Ctrl+Alt types @, £, $, {, [ …) or with macOS
 * Option characters. F5, F11 and F12 are taken by the kiosk's shortcut policy; F7–F10 are free.
 */
export const shortcutKeys: Record<SoftphoneCommand, string> = {
  answer: 'F9',
  hangup: 'F10',
  'toggle-mute': 'F8',
  'toggle-hold': 'F7',
};

/** The commands that mean something in each phase; a key outside them is left alone. */
const commandsByPhase: Record<CallPhase, readonly SoftphoneCommand[]> = {
  idle: [],
  ringing: ['answer', 'hangup'],
  connecting: ['hangup', 'toggle-mute'],
  active: ['hangup', 'toggle-mute', 'toggle-hold'],
  held: ['hangup', 'toggle-mute', 'toggle-hold'],
  'wrap-up': [],
};

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** Held down: auto-repeat must not toggle mute or hold back and forth. */
  repeat: boolean;
}

export function shortcutCommand(press: KeyPress, phase: CallPhase): SoftphoneCommand | null {
  if (press.repeat || press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  const command = (Object.keys(shortcutKeys) as SoftphoneCommand[]).find((candidate) => shortcutKeys[candidate] === press.key);
  return command && commandsByPhase[phase].includes(command) ? command : null;
}

/**
 * Headset and media keys, as the Media Session API reports them. A one-button headset sends
 * play/pause: it answers a ringing call. It does not end a connected one, although phones do
 * that: Chromium also sends "pause" by itself when another program takes the audio focus, and a
 * notification sound must never hang up on a caller. Newer Chromium reports explicit "hangup" and
 * "togglemicrophone" actions, which are safe to honour.
 */
export type MediaKeyAction = 'play' | 'pause' | 'stop' | 'hangup' | 'togglemicrophone';
export const mediaKeyActions: readonly MediaKeyAction[] = ['play', 'pause', 'stop', 'hangup', 'togglemicrophone'];

export function mediaKeyCommand(action: MediaKeyAction, phase: CallPhase): SoftphoneCommand | null {
  const command: SoftphoneCommand | null = (() => {
    switch (action) {
      case 'play':
      case 'pause':
        return phase === 'ringing' ? 'answer' : null;
      case 'stop':
        // Like pause, "stop" can come from the system rather than the counsellor.
        return null;
      case 'hangup':
        return 'hangup';
      case 'togglemicrophone':
        return 'toggle-mute';
    }
  })();
  return command && commandsByPhase[phase].includes(command) ? command : null;
}
