import { afterEach, describe, expect, test } from 'vitest';
import type { DraftView } from '../../shared/contract/schemas';
import { emptyRecordForm } from '../../shared/records/recordModel';
import { defaultRecordPolicy } from '../../shared/records/recordPolicy';
import { recordBlocksReady } from '../records/recordsState';
import { installFakeTavsApi, removeFakeTavsApi, settle } from '../testing/fakeTavsApi';

const draft: DraftView = {
  draftId: '6f1c1c57-4a43-4f7d-9d1b-2b1d3c7f0a11',
  facts: { channel: 'phone', startedAt: '2026-11-25T10:14:00Z', durationMinutes: 7, shiftId: 's1', returningContact: false },
  form: emptyRecordForm,
  fromEarlierShift: false,
};

async function freshStore() {
  const { useAppStore } = await import('./appStore');
  useAppStore.getState().resetAll();
  return useAppStore;
}

afterEach(removeFakeTavsApi);

describe('the records slice', () => {
  test('an incomplete record is refused in the renderer: nothing is submitted, the problems show', async () => {
    const requests = installFakeTavsApi({
      'records:saveDraft': () => ({ ok: true, value: { savedAt: 1 } }),
      'records:policy': () => ({ ok: true, value: { topics: defaultRecordPolicy.topics, requiredFields: defaultRecordPolicy.requiredFields } }),
      'records:status': () => ({ ok: true, value: { state: 'ready' } }),
      'records:listShift': () => ({ ok: true, value: { records: [], drafts: [] } }),
    });
    const store = await freshStore();
    await store.getState().loadRecords();
    store.getState().applyRecordDraft({ type: 'starting' });
    expect(recordBlocksReady(store.getState().records)).toBe(true);
    store.getState().applyRecordDraft({ type: 'started', draft });
    store.getState().editRecord({ field: 'contactType', value: 'counselling' });
    await store.getState().submitRecord();
    expect(store.getState().records).toMatchObject({ showProblems: true, refusedSubmits: 1, submitting: false });
    expect(requests.map((request) => request.channel)).not.toContain('records:submit');
    expect(recordBlocksReady(store.getState().records)).toBe(true);
  });

  test('submit waits for the last draft save, then closes the form and frees "Klar"', async () => {
    const requests = installFakeTavsApi({
      'records:saveDraft': () => ({ ok: true, value: { savedAt: 1 } }),
      'records:submit': () => ({
        ok: true,
        value: { id: draft.draftId, channel: 'phone', startedAt: draft.facts.startedAt, durationMinutes: 7, contactType: 'silent', topics: [], summary: '' },
      }),
      'records:listShift': () => ({ ok: true, value: { records: [], drafts: [] } }),
    });
    const store = await freshStore();
    store.setState({ records: { ...store.getState().records, policy: { topics: defaultRecordPolicy.topics, requiredFields: defaultRecordPolicy.requiredFields } } });
    store.getState().applyRecordDraft({ type: 'started', draft });
    store.getState().editRecord({ field: 'contactType', value: 'silent' });
    await store.getState().submitRecord();
    await settle();
    const channels = requests.map((request) => request.channel);
    expect(channels.indexOf('records:saveDraft')).toBeLessThan(channels.indexOf('records:submit'));
    expect(store.getState().records).toMatchObject({ draft: null, lastStored: { id: draft.draftId } });
    expect(recordBlocksReady(store.getState().records)).toBe(false);
  });

  test('a failed draft start does not hold the counsellor in wrap-up', async () => {
    installFakeTavsApi({ 'records:status': () => ({ ok: true, value: { state: 'unavailable', problem: 'wrong-key' } }) });
    const store = await freshStore();
    store.getState().applyRecordDraft({ type: 'starting' });
    store.getState().applyRecordDraft({ type: 'failed', error: 'records-unavailable' });
    await settle();
    expect(recordBlocksReady(store.getState().records)).toBe(false);
    expect(store.getState().records.status).toEqual({ state: 'unavailable', problem: 'wrong-key' });
  });
});
