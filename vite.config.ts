import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer bundle. Relative base: the same files are served from app://tavs/ in Electron
// and from the loopback development server in Chromium.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline assets: the CSP allows scripts and styles only from files of the bundle.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
