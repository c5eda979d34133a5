import { describe, expect, test } from 'vitest';
import { emptyRecordForm, type RecordForm } from '../../shared/records/recordModel';
import { defaultRecordPolicy } from '../../shared/records/recordPolicy';
import { catalogue } from '../i18n/catalogue';
import { fieldOrder, formProblems, messagesByField, problemKey, requiredNow, type RecordsPolicy } from './recordProblems';

const policy: RecordsPolicy = { topics: defaultRecordPolicy.topics, requiredFields: defaultRecordPolicy.requiredFields };
const complete: RecordForm = {
  ...emptyRecordForm,
  contactType: 'counselling',
  topics: ['angst'],
  ageBand: '13-15',
  gender: 'unknown',
  outcome: 'completed',
};

describe('what the form says is missing', () => {
  test('an empty form: every required field, in screen order, each with its own message', () => {
    const problems = formProblems(emptyRecordForm, policy);
    expect(problems.map((problem) => problem.field)).toEqual(['contactType', 'topics', 'ageBand', 'gender', 'outcome']);
    const messages = messagesByField(problems);
    expect(messages.contactType).toBe('records.required.contactType');
    expect(catalogue.da[messages.topics ?? 'app.name']).toBe('Vælg mindst ét emne.');
  });

  test('a complete form has no problems; a non-counselling contact needs only its type', () => {
    expect(formProblems(complete, policy)).toEqual([]);
    expect(formProblems({ ...emptyRecordForm, contactType: 'prank' }, policy)).toEqual([]);
  });

  test('a topic the taxonomy does not know is named, before the fields after it', () => {
    const problems = formProblems({ ...complete, topics: ['not-a-topic'], gender: null }, policy);
    expect(problems).toEqual([
      { field: 'topics', problem: 'unknown-topic' },
      { field: 'gender', problem: 'required' },
    ]);
    expect(problemKey(problems[0] ?? { field: 'topics', problem: 'required' })).toBe('records.unknownTopic');
  });

  test('one message per field: the first problem found', () => {
    const messages = messagesByField([
      { field: 'topics', problem: 'unknown-topic' },
      { field: 'topics', problem: 'required' },
    ]);
    expect(messages).toEqual({ topics: 'records.unknownTopic' });
  });

  test('the "(skal udfyldes)" marks follow the contact type', () => {
    expect([...requiredNow(emptyRecordForm, policy)]).toEqual(policy.requiredFields);
    expect([...requiredNow({ ...emptyRecordForm, contactType: 'silent' }, policy)]).toEqual(['contactType']);
    expect([...requiredNow({ ...emptyRecordForm, contactType: 'silent' }, { ...policy, requiredFields: ['topics'] })]).toEqual([]);
  });

  test('every field that can have a problem has a message in both languages', () => {
    for (const field of fieldOrder) {
      const key = problemKey({ field, problem: 'required' });
      expect(catalogue.da[key], field).toBeTruthy();
      expect(catalogue.en[key], field).toBeTruthy();
    }
  });
});
