import { describe, expect, test } from 'vitest';
import { emptyRecordForm, recordFormSchema, SUMMARY_MAX_LENGTH } from '../../shared/records/recordModel';
import { editForm, MAX_TOPICS } from './recordFormEdit';

describe('editing the record form', () => {
  test('sets each closed choice and clears it again', () => {
    const form = editForm(editForm(emptyRecordForm, { field: 'contactType', value: 'counselling' }), { field: 'ageBand', value: '13-15' });
    expect(form).toMatchObject({ contactType: 'counselling', ageBand: '13-15' });
    expect(editForm(form, { field: 'ageBand', value: null }).ageBand).toBeNull();
    expect(emptyRecordForm.contactType).toBeNull();
  });

  test('topics are ticked once, unticked, and kept within the contract limit', () => {
    let form = editForm(emptyRecordForm, { field: 'topic', code: 'angst', checked: true });
    expect(editForm(form, { field: 'topic', code: 'angst', checked: true })).toBe(form);
    form = editForm(form, { field: 'topic', code: 'sorg', checked: true });
    expect(form.topics).toEqual(['angst', 'sorg']);
    expect(editForm(form, { field: 'topic', code: 'angst', checked: false }).topics).toEqual(['sorg']);
    for (let i = 0; i < 30; i++) form = editForm(form, { field: 'topic', code: `t-${i}`, checked: true });
    expect(form.topics).toHaveLength(MAX_TOPICS);
  });

  test('the summary never grows past its limit, so a draft save is never refused for its shape', () => {
    const form = editForm(emptyRecordForm, { field: 'summary', value: 'x'.repeat(SUMMARY_MAX_LENGTH + 50) });
    expect(form.summary).toHaveLength(SUMMARY_MAX_LENGTH);
    expect(recordFormSchema.safeParse(form).success).toBe(true);
  });

  test('never changes the form it was given', () => {
    const before = structuredClone(emptyRecordForm);
    editForm(emptyRecordForm, { field: 'emergency', value: true });
    editForm(emptyRecordForm, { field: 'topic', code: 'angst', checked: true });
    expect(emptyRecordForm).toEqual(before);
  });
});
