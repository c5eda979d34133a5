import { useEffect, useMemo, useRef } from 'react';
import type { DraftView } from '../../shared/contract/schemas';
import { ageBands, contactTypes, genders, outcomes, referrals, SUMMARY_MAX_LENGTH } from '../../shared/records/recordModel';
import type { MessageKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { MaskPreview } from './MaskPreview';
import { fieldOrder, formProblems, messagesByField, requiredNow, type ProblemField, type RecordsPolicy } from './recordProblems';
import { actionErrorKey, ageBandKey, channelKey, clockTime, contactTypeKey, genderKey, outcomeKey, referralKey } from './recordText';
import { DraftSaveStatus } from './DraftSaveStatus';

const fieldLabelKey: Record<ProblemField, MessageKey> = {
  contactType: 'records.field.contactType',
  topics: 'records.field.topics',
  ageBand: 'records.field.ageBand',
  gender: 'records.field.gender',
  outcome: 'records.field.outcome',
  referral: 'records.field.referral',
  summary: 'records.field.summary',
};

const errorId = (field: ProblemField): string => `record-error-${field}`;

/**
 * The anonymous contact record of one contact: closed choices and an optional summary. Every
 * change is saved as the encrypted draft at once; "Gem registrering" validates (the same check
 * the main process makes), and a refused submit marks each field and moves the focus to the
 * first one. Usable by keyboard alone: native radios, checkboxes and selects, in reading order.
 */
export function RecordForm(props: { draft: DraftView; policy: RecordsPolicy }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const showProblems = useAppStore((state) => state.records.showProblems);
  const refusedSubmits = useAppStore((state) => state.records.refusedSubmits);
  const submitting = useAppStore((state) => state.records.submitting);
  const parking = useAppStore((state) => state.records.parking);
  const actionError = useAppStore((state) => state.records.actionError);
  const edit = useAppStore((state) => state.editRecord);
  const submit = useAppStore((state) => state.submitRecord);
  const park = useAppStore((state) => state.parkDraft);
  const formRef = useRef<HTMLFormElement>(null);
  const { draft, policy } = props;
  const { form, facts } = draft;

  const problems = useMemo(() => (showProblems ? formProblems(form, policy) : []), [showProblems, form, policy]);
  const messages = messagesByField(problems);
  const required = requiredNow(form, policy);

  // A new draft (a call just ended, or "Genoptag"): a keyboard user whose focus went with the
  // call controls or the button starts at the first field; focus elsewhere is left alone.
  useEffect(() => {
    if (document.activeElement && document.activeElement !== document.body) return;
    formRef.current?.querySelector<HTMLElement>('[data-field="contactType"] input')?.focus();
  }, [draft.draftId]);

  // Each refused submit: focus the first field that needs attention.
  useEffect(() => {
    if (refusedSubmits === 0) return;
    const { records } = useAppStore.getState();
    if (!records.draft || !records.policy) return;
    const first = formProblems(records.draft.form, records.policy)[0];
    if (!first) return;
    const target =
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first.field}"] input:checked`) ??
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first.field}"] :is(input, select, textarea)`);
    target?.focus();
  }, [refusedSubmits]);

  const invalid = (field: ProblemField): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    messages[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {};
  const requiredMark = (field: ProblemField): React.JSX.Element | null =>
    field !== 'summary' && required.has(field) ? <span className="required"> {t('records.required')}</span> : null;
  const fieldError = (field: ProblemField): React.JSX.Element | null => {
    const key = messages[field];
    return key ? (
      <p id={errorId(field)} className="field-error" data-testid={`record-error-${field}`}>
        {t(key)}
      </p>
    ) : null;
  };
  const problemFields = fieldOrder.filter((field) => messages[field]).map((field) => t(fieldLabelKey[field]));

  return (
    <form
      ref={formRef}
      className="record-form"
      aria-labelledby="record-form-title"
      data-testid="record-form"
      data-draft-id={draft.draftId}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id="record-form-title">{t('records.form.title')}</h3>
      <p className="facts" data-testid="record-facts">
        {t('records.facts', { channel: t(channelKey(facts.channel)), time: clockTime(locale, facts.startedAt), minutes: String(facts.durationMinutes) })}
        {facts.returningContact && <> {t('records.facts.returning')}</>}
      </p>
      <p className="hint">{t('records.form.intro')}</p>

      <fieldset disabled={submitting || parking} className="record-fields">
        <fieldset data-field="contactType" className="choice-group" {...invalid('contactType')}>
          <legend>
            {t('records.field.contactType')}
            {requiredMark('contactType')}
          </legend>
          {contactTypes.map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="record-contactType"
                value={value}
                checked={form.contactType === value}
                onChange={() => edit({ field: 'contactType', value })}
                {...invalid('contactType')}
              />
              {t(contactTypeKey(value))}
            </label>
          ))}
          {fieldError('contactType')}
        </fieldset>

        <fieldset data-field="topics" className="choice-group topics" {...invalid('topics')}>
          <legend>
            {t('records.field.topics')}
            {requiredMark('topics')}
          </legend>
          {policy.topics.map((topic) => (
            <label key={topic.code}>
              <input
                type="checkbox"
                value={topic.code}
                checked={form.topics.includes(topic.code)}
                onChange={(event) => edit({ field: 'topic', code: topic.code, checked: event.target.checked })}
                {...invalid('topics')}
              />
              {topic[locale]}
            </label>
          ))}
          {fieldError('topics')}
        </fieldset>

        <ChoiceSelect
          field="ageBand"
          label={t('records.field.ageBand')}
          requiredMark={requiredMark('ageBand')}
          options={ageBands}
          optionLabel={(value) => t(ageBandKey(value))}
          value={form.ageBand}
          onChange={(value) => edit({ field: 'ageBand', value })}
          invalid={invalid('ageBand')}
          error={fieldError('ageBand')}
          placeholder={t('records.choose')}
        />
        <ChoiceSelect
          field="gender"
          label={t('records.field.gender')}
          requiredMark={requiredMark('gender')}
          options={genders}
          optionLabel={(value) => t(genderKey(value))}
          value={form.gender}
          onChange={(value) => edit({ field: 'gender', value })}
          invalid={invalid('gender')}
          error={fieldError('gender')}
          placeholder={t('records.choose')}
        />
        <ChoiceSelect
          field="outcome"
          label={t('records.field.outcome')}
          requiredMark={requiredMark('outcome')}
          options={outcomes}
          optionLabel={(value) => t(outcomeKey(value))}
          value={form.outcome}
          onChange={(value) => edit({ field: 'outcome', value })}
          invalid={invalid('outcome')}
          error={fieldError('outcome')}
          placeholder={t('records.choose')}
        />
        <ChoiceSelect
          field="referral"
          label={t('records.field.referral')}
          requiredMark={requiredMark('referral')}
          options={referrals}
          optionLabel={(value) => t(referralKey(value))}
          value={form.referral}
          onChange={(value) => edit({ field: 'referral', value })}
          invalid={invalid('referral')}
          error={fieldError('referral')}
          placeholder={t('records.choose')}
        />

        <div className="checkbox-field" data-field="emergency">
          <label>
            <input
              type="checkbox"
              checked={form.emergency}
              onChange={(event) => edit({ field: 'emergency', value: event.target.checked })}
              aria-describedby="record-emergency-hint"
              data-testid="record-emergency"
            />
            {t('records.field.emergency')}
          </label>
          <p id="record-emergency-hint" className="hint">
            {t('records.field.emergency.hint')}
          </p>
        </div>

        <div className="summary-field" data-field="summary">
          <label htmlFor="record-summary">{t('records.field.summary')}</label>
          <p id="record-summary-hint" className="hint">
            {t('records.field.summary.hint')}
          </p>
          <textarea
            id="record-summary"
            rows={4}
            maxLength={SUMMARY_MAX_LENGTH}
            value={form.summary}
            onChange={(event) => edit({ field: 'summary', value: event.target.value })}
            aria-describedby={messages.summary ? `record-summary-hint ${errorId('summary')}` : 'record-summary-hint'}
            aria-invalid={messages.summary ? true : undefined}
            data-testid="record-summary"
          />
          {fieldError('summary')}
          <MaskPreview summary={form.summary} />
        </div>
      </fieldset>

      {problemFields.length > 0 && (
        <p className="error" role="alert" data-testid="record-invalid">
          {t('records.invalid', { fields: problemFields.join(', ') })}
        </p>
      )}
      {actionError && actionError !== 'invalid-record' && (
        <p className="error" role="alert" data-testid="record-action-error">
          {t(actionErrorKey(actionError))}
        </p>
      )}
      <DraftSaveStatus />
      <div className="record-actions">
        <button type="submit" disabled={submitting || parking} data-testid="record-submit">
          {submitting ? t('records.submitting') : t('records.submit')}
        </button>
        <button type="button" className="secondary" disabled={submitting || parking} onClick={() => void park()} data-testid="record-park" aria-describedby="record-park-hint">
          {t('records.park')}
        </button>
      </div>
      <p id="record-park-hint" className="hint">
        {t('records.park.hint')}
      </p>
    </form>
  );
}

interface ChoiceSelectProps<T extends string> {
  field: ProblemField;
  label: string;
  requiredMark: React.JSX.Element | null;
  options: readonly T[];
  optionLabel: (value: T) => string;
  value: T | null;
  onChange: (value: T | null) => void;
  invalid: { 'aria-invalid'?: true; 'aria-describedby'?: string };
  error: React.JSX.Element | null;
  placeholder: string;
}

function ChoiceSelect<T extends string>(props: ChoiceSelectProps<T>): React.JSX.Element {
  const id = `record-${props.field}`;
  return (
    <div className="select-field" data-field={props.field}>
      <label htmlFor={id}>
        {props.label}
        {props.requiredMark}
      </label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(props.options.find((option) => option === event.target.value) ?? null)}
        data-testid={id}
        {...props.invalid}
      >
        <option value="">{props.placeholder}</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {props.optionLabel(option)}
          </option>
        ))}
      </select>
      {props.error}
    </div>
  );
}
