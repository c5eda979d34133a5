import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { BridgeClient } from './stack/bridgeClient';
import { startSoftphoneStack } from './stack/softphoneStack';

// A records file whose key is not in the keychain (I2): the counsellor cannot work — no phone,
// a clear message for the administrator — and the file is left byte for byte as it was.

test('a records file without its key blocks the desk and stays untouched', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-blocked-'));
  const file = path.join(dataDir, 'records.db');
  // Four pages that look like any encrypted store; this run's keychain holds no key for them.
  fs.writeFileSync(file, Buffer.alloc(4 * 4096, 0x5a));
  const before = createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  const stack = await startSoftphoneStack('leaky', { dataDir });
  try {
    await page.goto(stack.workstation.url);
    await page.getByLabel('Brugernavn').fill('raadgiver');
    await page.getByLabel('Adgangskode').fill('tavs-demo');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByTestId('counsellor-workspace')).toHaveAttribute('data-blocked', 'records');
    await expect(page.getByText('Nøglen til registreringsfilen mangler')).toBeVisible();
    await expect(page.getByTestId('phone-panel')).toHaveCount(0);

    // The main process enforces it too: no SIP connection for a desk that cannot register contacts.
    const client = await BridgeClient.connect(stack.workstation);
    expect(await client.invoke('records:status', {})).toEqual({ ok: true, value: { state: 'unavailable', problem: 'missing-key' } });
    expect(await client.invoke('sip:connect', {})).toMatchObject({ ok: false, error: { code: 'records-unavailable' } });
    client.close();
    expect(await stack.sip.registeredAors()).toEqual([]);
  } finally {
    await stack.stop();
  }
  expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
  expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('records.db'))).toEqual(['records.db']);
});
