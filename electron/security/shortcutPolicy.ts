/**
 * Keyboard shortcuts Chromium would act on that a kiosk must swallow in production: reload
 * (loses call state), devtools (exposes the renderer), zoom (breaks the layout), print, save,
 * view-source, find. In development devtools and reload stay available.
 */

/** The fields of Electron's `Input` that the decision needs. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

const alwaysBlockedWithModifier = new Set(['+', '=', '-', '_', '0', 'p', 's', 'o', 'u', 'f', 'g', 'n', 't', 'w']);
const developmentOnly = new Set(['r', 'i', 'j', 'c']);

export function isBlockedShortcut(input: KeyInput, options: { development: boolean }): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f5' || key === 'f12' || key === 'browserrefresh') return !options.development;
  if (key === 'f11' || key === 'zoomin' || key === 'zoomout') return true;
  const command = input.control || input.meta;
  if (!command) return false;
  if (alwaysBlockedWithModifier.has(key)) return true;
  // Ctrl+R, Ctrl+Shift+I/J/C: reload and the devtools family. Plain Ctrl+C copies text.
  if (key === 'r') return !options.development;
  if (input.shift && developmentOnly.has(key)) return !options.development;
  return false;
}
