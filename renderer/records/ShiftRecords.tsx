import type { DraftView, RecordSummary } from '../../shared/contract/schemas';
import type { Topic } from '../../shared/records/recordPolicy';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { MaskedText } from './MaskPreview';
import { storedSegments } from './maskPreview';
import { channelKey, clockTime, contactTypeKey, topicLabel } from './recordText';

/**
 * The counsellor's own records of this shift, read-only, and the drafts still open (after a
 * crash, a restart or "Gem som kladde", also those an earlier shift left) with "Genoptag". No search and nothing from other
 * shifts: the workstation shows only what the counsellor needs right now (minimisation).
 */
export function ShiftRecords(props: { records: readonly RecordSummary[]; drafts: readonly DraftView[]; topics: readonly Topic[] }): React.JSX.Element {
  const t = useT();
  const openDraftId = useAppStore((state) => state.records.draft?.draftId);
  const drafts = props.drafts.filter((draft) => draft.draftId !== openDraftId);
  return (
    <div className="shift-records">
      {drafts.length > 0 && <DraftList drafts={drafts} />}
      <h3 id="shift-records-title">{t('records.shift.title')}</h3>
      {props.records.length === 0 ? (
        <p data-testid="shift-records-empty">{t('counsellor.records.empty')}</p>
      ) : (
        <>
          <p className="hint">{t('records.shift.readOnly')}</p>
          <ol className="record-list" aria-labelledby="shift-records-title" data-testid="shift-records">
            {[...props.records].reverse().map((record) => (
              <RecordItem key={record.id} record={record} topics={props.topics} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function RecordItem(props: { record: RecordSummary; topics: readonly Topic[] }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const { record } = props;
  return (
    <li className="record-item" data-testid="shift-record" data-record-id={record.id}>
      <p className="record-head">
        <strong>{clockTime(locale, record.startedAt)}</strong> · {t(channelKey(record.channel))} · {t('records.shift.duration', { minutes: String(record.durationMinutes) })} ·{' '}
        <span data-testid="shift-record-type">{t(contactTypeKey(record.contactType))}</span>
      </p>
      <p className="record-topics">
        {record.topics.length === 0 ? t('records.shift.noTopics') : record.topics.map((code) => topicLabel(props.topics, code, locale)).join(', ')}
      </p>
      <p className="record-summary" data-testid="shift-record-summary">
        {record.summary === '' ? <span className="hint">{t('records.shift.noSummary')}</span> : <MaskedText segments={storedSegments(record.summary)} />}
      </p>
    </li>
  );
}

function DraftList(props: { drafts: readonly DraftView[] }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const resume = useAppStore((state) => state.resumeDraft);
  return (
    <section className="draft-list" aria-labelledby="drafts-title" data-testid="shift-drafts">
      <h3 id="drafts-title">{t('records.drafts.title')}</h3>
      <p className="hint">{t('records.drafts.hint')}</p>
      <ul>
        {props.drafts.map((draft) => {
          const item = t('records.drafts.item', {
            channel: t(channelKey(draft.facts.channel)),
            time: clockTime(locale, draft.facts.startedAt),
            minutes: String(draft.facts.durationMinutes),
          });
          return (
            <li key={draft.draftId} data-testid="shift-draft" data-draft-id={draft.draftId}>
              <span>
                {item}
                {draft.fromEarlierShift && <em className="hint"> {t('records.drafts.earlierShift')}</em>}
              </span>{' '}
              <button
                type="button"
                className="secondary"
                onClick={() => void resume(draft.draftId)}
                aria-label={t('records.drafts.resumeLabel', { item })}
                data-testid="draft-resume"
              >
                {t('records.drafts.resume')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
