import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { storeErrorMessages } from '../shared/records/storeProblems';
import { BridgeClient } from './stack/bridgeClient';
import { startSoftphoneStack } from './stack/softphoneStack';

// A records file the keychain's key does not open (I2): the counsellor cannot work — no phone,
// a clear message for the administrator — and the file is left byte for byte as it was.
// (Whether the keychain holds no key or another workstation's depends on the specs before: the
// suite shares one throw-away keyring; both must block the same way.)

test('a records file the keychain cannot open blocks the desk and stays untouched', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-blocked-'));
  const file = path.join(dataDir, 'records.db');
  // Four pages that look like any encrypted store, but were written by no key of this keychain.
  fs.writeFileSync(file, Buffer.alloc(4 * 4096, 0x5a));
  const before = createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  const stack = await startSoftphoneStack('leaky', { dataDir });
  try {
    await page.goto(stack.workstation.url);
    await page.getByLabel('Brugernavn').fill('raadgiver');
    await page.getByLabel('Adgangskode').fill('tavs-demo');
    await page.getByRole('button', { name: 'Log ind' }).click();
    const client = await BridgeClient.connect(stack.workstation);
    const status = await client.invoke('records:status', {});
    if (!status.ok || status.value.state !== 'unavailable') throw new Error(`the store opened: ${JSON.stringify(status)}`);
    expect(['missing-key', 'wrong-key']).toContain(status.value.problem);

    await expect(page.getByTestId('counsellor-workspace')).toHaveAttribute('data-blocked', 'records');
    await expect(page.getByText(storeErrorMessages.da[`store.${status.value.problem}.title`])).toBeVisible();
    await expect(page.getByTestId('phone-panel')).toHaveCount(0);

    // The main process enforces it too: no SIP connection for a desk that cannot register contacts.
    expect(await client.invoke('sip:connect', {})).toMatchObject({ ok: false, error: { code: 'records-unavailable' } });
    client.close();
    expect(await stack.sip.registeredAors()).toEqual([]);
  } finally {
    await stack.stop();
  }
  expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
  expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('records.db'))).toEqual(['records.db']);
});
