import { SUMMARY_MAX_LENGTH, type RecordForm } from '../../shared/records/recordModel';

type Choice<F extends keyof RecordForm> = { field: F; value: RecordForm[F] };

/** One edit the counsellor makes in the form; every keystroke or click is one change. */
export type FormChange =
  | Choice<'contactType'>
  | Choice<'ageBand'>
  | Choice<'gender'>
  | Choice<'outcome'>
  | Choice<'referral'>
  | Choice<'emergency'>
  | Choice<'summary'>
  | { field: 'topic'; code: string; checked: boolean };

/** The contract's limit on topics per record (recordFormSchema). */
export const MAX_TOPICS = 20;

/**
 * Applies one change. The result always passes `recordFormSchema`, so a draft save can never be
 * refused for its shape: topics stay unique and within the limit, the summary within its length.
 */
export function editForm(form: RecordForm, change: FormChange): RecordForm {
  switch (change.field) {
    case 'topic': {
      const has = form.topics.includes(change.code);
      if (change.checked === has) return form;
      if (!change.checked) return { ...form, topics: form.topics.filter((code) => code !== change.code) };
      return form.topics.length >= MAX_TOPICS ? form : { ...form, topics: [...form.topics, change.code] };
    }
    case 'summary':
      return { ...form, summary: change.value.slice(0, SUMMARY_MAX_LENGTH) };
    case 'contactType':
      return { ...form, contactType: change.value };
    case 'ageBand':
      return { ...form, ageBand: change.value };
    case 'gender':
      return { ...form, gender: change.value };
    case 'outcome':
      return { ...form, outcome: change.value };
    case 'referral':
      return { ...form, referral: change.value };
    case 'emergency':
      return { ...form, emergency: change.value };
  }
}
