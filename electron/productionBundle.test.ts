import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildMain, buildPreload } from '../scripts/build.mjs';

describe('the production main-process bundle', () => {
  test('contains no part of the development bridge or demo accounts', async () => {
    const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-bundle-')), 'main.cjs');
    const { metafile } = await buildMain(outfile);
    const inputs = Object.keys(metafile.inputs);

    expect(inputs).toContain('electron/main.ts');
    expect(inputs.filter((input) => input.startsWith('electron/dev/') || input.startsWith('renderer/'))).toEqual([]);
    const code = fs.readFileSync(outfile, 'utf8');
    for (const marker of ['__tavs/bridge', 'bridge-client', 'tavs-demo', 'TAVS_READY']) expect(code).not.toContain(marker);
  });

  test('the preload bundles nothing but the contract names and Electron', async () => {
    await buildPreload();
    const code = fs.readFileSync('dist/electron/preload.cjs', 'utf8');
    expect(code).toContain('exposeInMainWorld("tavs"');
    expect(code).not.toContain('zod');
    expect(code.length).toBeLessThan(5_000);
  });
});
