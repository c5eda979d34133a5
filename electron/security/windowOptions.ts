/**
 * The one kiosk window. The options are written out as a literal inside `new BrowserWindow`
 * so both the compiler (Electron's types, in main.ts) and the Electronegativity audit see the
 * real values; the constructor is passed in so tests run it without Electron.
 */
export interface KioskWindowOptions {
  show: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  title: string;
  webPreferences: {
    preload: string;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webviewTag: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    safeDialogs: true;
    disableDialogs: true;
    autoplayPolicy: 'no-user-gesture-required';
    devTools: boolean;
  };
}

export function createKioskWindow<W>(
  BrowserWindow: new (options: KioskWindowOptions) => W,
  options: { preloadPath: string; development: boolean },
): W {
  return new BrowserWindow({
    show: false,
    // Kiosk and full screen in production; a normal window while developing.
    kiosk: !options.development,
    fullscreen: !options.development,
    autoHideMenuBar: true,
    backgroundColor: '#f4f1ea',
    title: 'Tavs',
    webPreferences: {
      preload: options.preloadPath,
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
      spellcheck: false,
      safeDialogs: true,
      disableDialogs: true,
      // A call must ring even before the counsellor has touched the window.
      autoplayPolicy: 'no-user-gesture-required',
      devTools: options.development,
    },
  });
}
