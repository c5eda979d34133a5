import type { ResponseOf } from '../../shared/contract/schemas';
import type { RecordForm } from '../../shared/records/recordModel';
import { checkRecordForm, type FieldProblem, type RequirableField } from '../../shared/records/recordPolicy';
import type { MessageKey } from '../i18n/catalogue';

/** What the main process tells the form about the service's policy. */
export type RecordsPolicy = ResponseOf<'records:policy'>;
export type ProblemField = FieldProblem['field'];

/** The order the fields appear in on screen: the first problem in it gets the focus. */
export const fieldOrder: readonly ProblemField[] = ['contactType', 'topics', 'ageBand', 'gender', 'outcome', 'referral', 'summary'];

/**
 * The same check the main process makes on submit (shared/records/recordPolicy.ts), in screen
 * order, so the form can say exactly what is missing before anything is sent.
 */
export function formProblems(form: RecordForm, policy: RecordsPolicy): FieldProblem[] {
  const problems = checkRecordForm(form, policy);
  return [...problems].sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field));
}

export function problemKey(problem: FieldProblem): MessageKey {
  switch (problem.problem) {
    case 'required':
      return `records.required.${problem.field}`;
    case 'unknown-topic':
      return 'records.unknownTopic';
  }
}

/** One message per field (the first problem found), for the field's error line. */
export function messagesByField(problems: readonly FieldProblem[]): Partial<Record<ProblemField, MessageKey>> {
  const messages: Partial<Record<ProblemField, MessageKey>> = {};
  for (const problem of problems) messages[problem.field] ??= problemKey(problem);
  return messages;
}

/**
 * Which fields must be filled in right now, for the "(skal udfyldes)" marks: the policy's
 * required fields, but only the contact type once it is known not to be a counselling contact.
 */
export function requiredNow(form: RecordForm, policy: RecordsPolicy): ReadonlySet<RequirableField> {
  const counsellingOrOpen = form.contactType === null || form.contactType === 'counselling';
  return new Set(policy.requiredFields.filter((field) => field === 'contactType' || counsellingOrOpen));
}
