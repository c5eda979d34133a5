import { describe, expect, test } from 'vitest';
import { createKioskWindow, type KioskWindowOptions } from './windowOptions';

/** Stands in for Electron's BrowserWindow: records what the window would be created with. */
class RecordingWindow {
  constructor(readonly options: KioskWindowOptions) {}
}
const kioskWindowOptions = (options: { preloadPath: string; development: boolean }): KioskWindowOptions =>
  createKioskWindow(RecordingWindow, options).options;

describe('kiosk window options', () => {
  const production = kioskWindowOptions({ preloadPath: '/app/preload.cjs', development: false });

  test('is a full-screen kiosk without a menu in production', () => {
    expect(production.kiosk).toBe(true);
    expect(production.fullscreen).toBe(true);
    expect(production.autoHideMenuBar).toBe(true);
  });

  test('isolates the renderer', () => {
    expect(production.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(production.webPreferences.preload).toBe('/app/preload.cjs');
  });

  test('the ring tone may play without a click first', () => {
    expect(production.webPreferences.autoplayPolicy).toBe('no-user-gesture-required');
  });

  test('devtools only in development', () => {
    expect(production.webPreferences.devTools).toBe(false);
    expect(kioskWindowOptions({ preloadPath: 'p', development: true }).webPreferences.devTools).toBe(true);
  });

  test('enables no Blink feature and no insecure option', () => {
    expect(production.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(production.webPreferences).not.toHaveProperty('additionalArguments');
  });
});
