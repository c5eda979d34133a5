import { FuseV1Options } from '@electron/fuses';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';

const require = createRequire(import.meta.url);
const { fuses } = require('./fuses.cjs') as { fuses: Record<number, boolean> };

describe('packaged Electron fuses', () => {
  test.each([
    ['RunAsNode', FuseV1Options.RunAsNode, false],
    ['NODE_OPTIONS', FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
    ['--inspect arguments', FuseV1Options.EnableNodeCliInspectArguments, false],
    ['ASAR integrity validation', FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
    ['load only from ASAR', FuseV1Options.OnlyLoadAppFromAsar, true],
    ['file:// extra privileges', FuseV1Options.GrantFileProtocolExtraPrivileges, false],
  ])('%s is set to %s', (_name, fuse, expected) => {
    expect(fuses[fuse]).toBe(expected);
  });

  test('electron-builder runs the fuse hook and packs no development code', () => {
    const config = fs.readFileSync('electron-builder.yml', 'utf8');
    expect(config).toMatch(/^afterPack: build\/afterPack\.cjs$/m);
    expect(config).toMatch(/^asar: true$/m);
    expect(config).toContain("'!dist/dev/**'");
    expect(config).not.toMatch(/^\s+- dist\/dev/m);
  });
});
