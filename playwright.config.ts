import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (the build machines cannot fetch one).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  // Without it a loopback-only host sets WebRTC calls up with no audio.
  '--allow-loopback-in-peer-connection',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  globalSetup: './e2e/globalSetup.ts',
  timeout: 60_000,
  workers: 1,
  // One retry on CI only: real-media tests on a loaded 2-core machine occasionally miss a
  // timing window (see the closing notes); a failure that repeats still fails the run.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
