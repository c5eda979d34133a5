import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { BridgeClient } from './stack/bridgeClient';
import { filesUnder } from './stack/privacyProbe';
import { startSoftphoneStack, type SoftphoneStack } from './stack/softphoneStack';
import { answer, closeCaller, closeCounsellor, expectRegistered, openCaller, openCounsellor, placeCall } from './stack/softphoneUi';

// The wrap-up form on the real stack: a real call through Kamailio and the main process's
// relay ends, the form opens, the counsellor fills it in by keyboard, the draft survives a
// reload (it is in the encrypted store), and the stored record appears in the shift list with
// its summary masked. The store needs the real keychain: run under scripts/with-keyring.sh
// (npm run test:e2e does).

let stack: SoftphoneStack;

const test = base.extend<{ page: Page; caller: Page }>({
  page: async ({ browser }, use) => {
    const page = await openCounsellor(browser, stack.workstation.url);
    await expectRegistered(page);
    await expect(page.getByTestId('records-panel')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
    await use(page);
    await closeCounsellor(page);
  },
  caller: async ({ browser }, use) => {
    const caller = await openCaller(browser, stack);
    await use(caller);
    await closeCaller(caller);
  },
});

test.beforeAll(async () => {
  stack = await startSoftphoneStack('anonymising');
});
test.afterAll(async () => {
  await stack?.stop();
});

/** An answered call that the caller ends; resolves in wrap-up. */
async function callAndEnd(page: Page, caller: Page): Promise<void> {
  const outcome = placeCall(caller, stack);
  await answer(page);
  expect(await outcome).toMatchObject({ outcome: 'established' });
  await caller.evaluate(() => window.tavsCaller.hangup());
  await expect(page.getByTestId('wrap-up')).toHaveAttribute('data-ended-by', 'caller', { timeout: 10_000 });
}

/** Tab (forwards) until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element with Tab');
}

async function shiftList(): Promise<{ records: unknown[]; drafts: unknown[] }> {
  const client = await BridgeClient.connect(stack.workstation);
  try {
    const result = await client.invoke('records:listShift', {});
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  } finally {
    client.close();
  }
}

const summary = 'Hun gav nummeret 61 23 45 78 og mailen pige14@example.dk, talte om skolen';

test('wrap-up form: keyboard only, masked preview, draft survives a reload, validation, stored and listed masked', async ({ page, caller }) => {
  await callAndEnd(page, caller);
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible({ timeout: 10_000 });
  // No new call is offered while the record is open.
  await expect(page.getByTestId('wrap-up-ready')).toHaveCount(0);
  await expect(page.getByTestId('wrap-up-record-first')).toBeVisible();

  // The focus went from the vanished call controls to the form's first field.
  const counselling = form.getByRole('radio', { name: 'Rådgivningssamtale' });
  await expect(counselling).toBeFocused();
  await page.keyboard.press('Space');
  await expect(counselling).toBeChecked();
  await expect(page.getByTestId('draft-save')).toContainText('Kladde gemt');

  await page.keyboard.press('Tab');
  await expect(form.getByRole('checkbox', { name: 'Ensomhed' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(form.getByRole('checkbox', { name: 'Ensomhed' })).toBeChecked();

  const age = form.getByTestId('record-ageBand');
  await tabTo(page, age);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(age).toHaveValue('13-15');

  const text = form.getByTestId('record-summary');
  await tabTo(page, text);
  await page.keyboard.type(summary);
  const findings = page.getByTestId('mask-findings');
  await expect(findings.locator('li[data-kind="phone"]')).toHaveText('Telefonnummer: »61 23 45 78« gemmes som [telefon]');
  await expect(findings.locator('li[data-kind="email"]')).toHaveText('E-mailadresse: »pige14@example.dk« gemmes som [e-mail]');
  await expect(page.getByTestId('masked-summary')).toHaveText('Hun gav nummeret [telefon] og mailen [e-mail], talte om skolen');
  await expect(page.getByTestId('draft-save')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('draft-save')).toContainText('Kladde gemt');

  // A crash or reload loses nothing: the draft is in the encrypted store, listed with "Genoptag".
  // (The bridge's token lives only in the first address, so "reload" is: leave, and open again.)
  await page.goto('about:blank');
  await page.goto(stack.workstation.url);
  await expect(page.getByTestId('counsellor-workspace')).toBeVisible();
  const resume = page.getByTestId('draft-resume');
  await expect(resume).toHaveCount(1, { timeout: 15_000 });
  await resume.focus();
  await page.keyboard.press('Enter');
  await expect(form).toBeVisible();
  await expect(form.getByRole('radio', { name: 'Rådgivningssamtale' })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: 'Ensomhed' })).toBeChecked();
  await expect(age).toHaveValue('13-15');
  // Only the masked text was ever stored, so that is what comes back.
  await expect(text).toHaveValue('Hun gav nummeret [telefon] og mailen [e-mail], talte om skolen');

  // Gender and outcome are missing: a clear message per field, focus on the first; nothing stored.
  const submit = form.getByTestId('record-submit');
  await tabTo(page, submit);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('record-invalid')).toHaveText('Registreringen er ikke gemt. Ret de markerede felter: Køn, Afslutning.');
  await expect(page.getByTestId('record-error-gender')).toHaveText('Vælg køn – eller »Ved ikke«.');
  await expect(page.getByTestId('record-error-outcome')).toHaveText('Vælg, hvordan samtalen sluttede.');
  const gender = form.getByTestId('record-gender');
  await expect(gender).toHaveAttribute('aria-invalid', 'true');
  await expect(gender).toBeFocused();
  expect((await shiftList()).records).toEqual([]);
  await expect(page.getByTestId('shift-records-empty')).toBeVisible();

  // Fixing a field clears its message at once.
  await page.keyboard.press('ArrowDown');
  await expect(gender).toHaveValue('female');
  await expect(page.getByTestId('record-error-gender')).toHaveCount(0);
  const outcome = form.getByTestId('record-outcome');
  await tabTo(page, outcome);
  await page.keyboard.press('ArrowDown');
  await expect(outcome).toHaveValue('completed');
  await tabTo(page, submit);
  await page.keyboard.press('Enter');

  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('record-stored')).toHaveText('Registreringen er gemt.');
  const stored = page.getByTestId('shift-record');
  await expect(stored).toHaveCount(1);
  await expect(stored.getByTestId('shift-record-type')).toHaveText('Rådgivningssamtale');
  await expect(stored).toContainText('Ensomhed');
  await expect(stored.getByTestId('shift-record-summary')).toHaveText('Hun gav nummeret [telefon] og mailen [e-mail], talte om skolen');
  await expect(stored.locator('mark[data-kind="phone"]')).toHaveText('[telefon]');
  await expect(page.getByTestId('draft-resume')).toHaveCount(0);
  expect(await shiftList()).toMatchObject({ records: [{ summary: 'Hun gav nummeret [telefon] og mailen [e-mail], talte om skolen' }], drafts: [] });
  // Nothing readable on disk, in the record or its draft.
  const files = filesUnder(stack.workstation.dataDir);
  for (const plain of ['61 23 45 78', 'pige14@example.dk', 'talte om skolen']) expect(files).not.toContain(plain);
});

test('"Klar" follows the record: leaving it as a draft offers the next call, and the draft can be resumed', async ({ page, caller }) => {
  await callAndEnd(page, caller);
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('wrap-up-ready')).toHaveCount(0);
  // Still busy: the next call is turned away and never shown.
  expect(await placeCall(caller, stack)).toMatchObject({ outcome: 'failed', statusCode: 486 });

  await tabTo(page, form.getByTestId('record-park'));
  await page.keyboard.press('Enter');
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('shift-draft')).toHaveCount(1);
  // The keyboard user lands on "Klar".
  await expect(page.getByTestId('wrap-up-ready')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('wrap-up')).toHaveCount(0);

  // Ready again: the next call rings; its record replaces nothing.
  await callAndEnd(page, caller);
  await expect(form).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('shift-draft')).toHaveCount(1);
  await form.getByRole('radio', { name: 'Tavst opkald' }).check();
  await form.getByTestId('record-submit').click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('shift-record')).toHaveCount(1);
  await page.getByTestId('wrap-up-ready').click();

  // The first call's draft is still there to finish.
  await page.getByTestId('draft-resume').click();
  await expect(form).toBeVisible();
  await form.getByRole('radio', { name: 'Pjatopkald' }).check();
  await form.getByTestId('record-submit').click();
  await expect(page.getByTestId('shift-record')).toHaveCount(2);
  await expect(page.getByTestId('shift-drafts')).toHaveCount(0);
});
