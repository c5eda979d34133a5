// Electron fuses, flipped in the packaged binary (electron-builder `afterPack`). They switch off
// ways to run the kiosk as something else: as plain Node (RunAsNode), with injected code
// (NODE_OPTIONS, --inspect), or from a tampered or unpacked app (ASAR integrity, ASAR only).
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** @type {Record<number, boolean>} */
const fuses = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
};

module.exports = { fuses, version: FuseVersion.V1 };
