// electron-builder hook: flips the fuses of build/fuses.cjs in the packaged Electron binary.
const path = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { fuses, version } = require('./fuses.cjs');

const executableNames = { darwin: (name) => `${name}.app`, win32: (name) => `${name}.exe`, linux: (name) => name };

module.exports = async function afterPack(context) {
  const platform = context.electronPlatformName;
  const name = platform === 'linux' ? context.packager.executableName : context.packager.appInfo.productFilename;
  const executable = path.join(context.appOutDir, executableNames[platform](name));
  await flipFuses(executable, { version, resetAdHocDarwinSignature: platform === 'darwin', ...fuses });
};
