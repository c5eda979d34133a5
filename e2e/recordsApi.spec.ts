import { expect, test } from '@playwright/test';
import { BridgeClient } from './stack/bridgeClient';
import { filesUnder } from './stack/privacyProbe';
import { startWorkstation, type Workstation } from './stack/workstation';

// Contact records through the API as the renderer uses it, against the real encrypted store
// with its key in the real keychain (gnome-keyring: npm test runs under scripts/with-keyring.sh).

let workstation: Workstation;
let client: BridgeClient;

test.beforeEach(async () => {
  workstation = await startWorkstation();
  client = await BridgeClient.connect(workstation);
  await expect.poll(async () => await client.invoke('records:status', {})).toEqual({ ok: true, value: { state: 'ready' } });
});

test.afterEach(async () => {
  client.close();
  await workstation.stop();
});

const complete = {
  contactType: 'counselling' as const,
  topics: ['angst', 'skole-arbejde'],
  ageBand: '13-15' as const,
  gender: 'not-disclosed' as const,
  outcome: 'completed' as const,
  referral: 'none' as const,
  emergency: false,
};

test('records need a counsellor on shift', async () => {
  const request = { channel: 'phone' as const, callId: null, startedAt: Date.now() - 60_000, endedAt: Date.now() };
  expect(await client.invoke('records:startDraft', request)).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
  await client.invoke('session:login', { username: 'supervisor', password: 'tavs-demo' });
  expect(await client.invoke('records:startDraft', request)).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
});

test('a record is validated, scrubbed, stored encrypted and listed for the shift only', async () => {
  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  const started = Date.parse('2026-11-25T10:14:42Z');
  const draft = await client.invoke('records:startDraft', { channel: 'phone', callId: null, startedAt: started, endedAt: started + 7 * 60_000 + 20_000 });
  if (!draft.ok) throw new Error(draft.error.message);
  // Minimised facts: start to the minute, duration in whole minutes.
  expect(draft.value.facts).toMatchObject({ channel: 'phone', startedAt: '2026-11-25T10:14:00Z', durationMinutes: 7, returningContact: false });

  const marker = `kanariefugl${Date.now().toString(36)}`;
  const summary = `Talte om ${marker}. Hun gav nummeret 61 23 45 78 og mailen pige14@example.dk`;
  const { draftId } = draft.value;
  expect(await client.invoke('records:saveDraft', { draftId, form: { ...draft.value.form, summary } })).toMatchObject({ ok: true });

  const incomplete = await client.invoke('records:submit', { draftId, form: { ...draft.value.form, summary } });
  expect(incomplete).toMatchObject({ ok: false, error: { code: 'invalid-record' } });
  // The draft on disk is already masked (I3): what was typed stays only in the open form.
  expect(await client.invoke('records:listShift', {})).toMatchObject({
    ok: true,
    value: { records: [], drafts: [{ draftId, form: { summary: `Talte om ${marker}. Hun gav nummeret [telefon] og mailen [e-mail]` } }] },
  });

  const unknownTopic = await client.invoke('records:submit', { draftId, form: { ...complete, topics: ['not-a-topic'], summary } });
  expect(unknownTopic).toMatchObject({ ok: false, error: { code: 'invalid-record' } });

  const stored = await client.invoke('records:submit', { draftId, form: { ...complete, summary } });
  expect(stored).toMatchObject({ ok: true, value: { id: draftId, topics: ['angst', 'skole-arbejde'] } });
  if (!stored.ok) return;
  expect(stored.value.summary).toBe(`Talte om ${marker}. Hun gav nummeret [telefon] og mailen [e-mail]`);
  expect(await client.invoke('records:listShift', {})).toMatchObject({ ok: true, value: { records: [{ id: draftId }], drafts: [] } });

  // Encrypted at rest: neither the free text nor a closed value is readable in any file.
  const files = filesUnder(workstation.dataDir);
  expect(files).toContain('records.db');
  for (const plain of [marker, 'skole-arbejde', 'not-disclosed', '61 23 45 78', 'example.dk']) expect(files).not.toContain(plain);

  // A new shift (a new login) sees none of the last shift's records.
  await client.invoke('session:logout', {});
  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  expect(await client.invoke('records:listShift', {})).toEqual({ ok: true, value: { records: [], drafts: [] } });
  expect(await client.invoke('records:saveDraft', { draftId, form: { ...complete, summary } })).toMatchObject({ ok: false, error: { code: 'unknown-draft' } });
});

test("a draft left by an earlier shift is shown to the next one and can be finished, never dropped", async () => {
  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  const draft = await client.invoke('records:startDraft', { channel: 'phone', callId: null, startedAt: Date.now() - 120_000, endedAt: Date.now() });
  if (!draft.ok) throw new Error(draft.error.message);
  const { draftId } = draft.value;
  await client.invoke('session:logout', {});

  await client.invoke('session:login', { username: 'raadgiver', password: 'tavs-demo' });
  expect(await client.invoke('records:listShift', {})).toMatchObject({ ok: true, value: { records: [], drafts: [{ draftId, fromEarlierShift: true }] } });
  expect(await client.invoke('records:submit', { draftId, form: { ...complete, summary: '' } })).toMatchObject({ ok: true, value: { id: draftId } });
  expect(await client.invoke('records:listShift', {})).toMatchObject({ ok: true, value: { records: [{ id: draftId }], drafts: [] } });
});
