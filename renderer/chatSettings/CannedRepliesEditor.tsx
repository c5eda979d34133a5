import { useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../shared/contract/result';
import { CANNED_REPLIES_MAX, CANNED_REPLY_MAX_CHARS, type CannedReply } from '../../shared/hub/chatApi';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import {
  CANNED_TITLE_MAX,
  cannedRepliesFormOf,
  cannedRepliesOf,
  cannedRepliesProblems,
  moveRow,
  newCannedReply,
  type CannedReplyValues,
} from './cannedRepliesForm';
import { cannedProblemText } from './chatSettingsText';

/** "Standardsvar": add, change, reorder and remove; saved as one list. */
export function CannedRepliesEditor(props: { initial: readonly CannedReply[] }): React.JSX.Element {
  const t = useT();
  const locale = useAppStore((state) => state.locale);
  const save = useAppStore((state) => state.saveCannedReplies);
  const [rows, setRows] = useState<CannedReplyValues[]>(() => cannedRepliesFormOf(props.initial));
  const [showProblems, setShowProblems] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);
  const problems = showProblems ? cannedRepliesProblems(rows) : [];
  const invalid = (index: number, field: 'title' | 'text'): boolean => problems.some((problem) => problem.index === index && problem.problem.startsWith(field));

  const edit = (next: CannedReplyValues[]): void => {
    setRows(next);
    setSaved(false);
    setError(null);
  };
  const change = (index: number, field: 'title' | 'text', value: string): void =>
    edit(rows.map((row, at) => (at === index ? { ...row, [field]: value } : row)));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (saving) return;
    if (cannedRepliesProblems(rows).length > 0) {
      setShowProblems(true);
      return;
    }
    setSaving(true);
    setError(null);
    void save(cannedRepliesOf(rows)).then((code) => {
      setSaving(false);
      setError(code);
      setSaved(code === null);
      if (code === null) setShowProblems(false);
    });
  };

  return (
    <form className="chat-settings-part" onSubmit={submit} noValidate aria-labelledby="chat-settings-replies-title" data-testid="chat-settings-replies">
      <h3 id="chat-settings-replies-title">{t('chatSettings.replies.title')}</h3>
      <p className="hint">{t('chatSettings.replies.intro')}</p>
      {rows.length === 0 && <p data-testid="chat-settings-replies-empty">{t('chatSettings.replies.empty')}</p>}
      <ol className="chat-settings-replies">
        {rows.map((row, index) => (
          <li key={row.key} data-testid={`chat-settings-reply-${index}`}>
            <fieldset>
              <legend>{t('chatSettings.place.reply', { n: String(index + 1) })}</legend>
              <label>
                {t('chatSettings.replies.replyTitle')}
                <input
                  data-testid={`chat-settings-reply-title-${index}`}
                  maxLength={CANNED_TITLE_MAX}
                  value={row.title}
                  aria-invalid={invalid(index, 'title') || problems.some((problem) => problem.index === index && problem.problem === 'duplicate-title')}
                  onChange={(event) => change(index, 'title', event.target.value)}
                />
              </label>
              <label>
                {t('chatSettings.replies.replyText')}
                <textarea
                  data-testid={`chat-settings-reply-text-${index}`}
                  rows={3}
                  value={row.text}
                  aria-invalid={invalid(index, 'text')}
                  onChange={(event) => change(index, 'text', event.target.value)}
                />
                <small>{t('chatSettings.replies.textCount', { count: String(row.text.trim().length), max: String(CANNED_REPLY_MAX_CHARS) })}</small>
              </label>
              <div className="chat-settings-row-buttons">
                <button type="button" className="secondary" disabled={index === 0} onClick={() => edit(moveRow(rows, index, -1))} data-testid={`chat-settings-reply-up-${index}`}>
                  {t('chatSettings.moveUp')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={index === rows.length - 1}
                  onClick={() => edit(moveRow(rows, index, 1))}
                  data-testid={`chat-settings-reply-down-${index}`}
                >
                  {t('chatSettings.moveDown')}
                </button>
                <button type="button" className="secondary" onClick={() => edit(rows.filter((_, at) => at !== index))} data-testid={`chat-settings-reply-remove-${index}`}>
                  {t('chatSettings.remove')}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="secondary"
        disabled={rows.length >= CANNED_REPLIES_MAX}
        onClick={() => edit([...rows, newCannedReply()])}
        data-testid="chat-settings-reply-add"
      >
        {t('chatSettings.replies.add')}
      </button>
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="chat-settings-replies-problems">
          <p>{t('chatSettings.problems')}</p>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.index ?? 'all'}-${problem.problem}`} data-problem={problem.problem}>
                {cannedProblemText(locale, problem)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="chat-settings-replies-error" data-code={error}>
          {t('chatSettings.saveFailed', { reason: t(errorKey(error)) })}
        </p>
      )}
      {saved && (
        <p role="status" className="notice" data-testid="chat-settings-replies-saved">
          {t('chatSettings.replies.saved')}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="submit" disabled={saving} data-testid="chat-settings-replies-save">
          {saving ? t('chatSettings.saving') : t('chatSettings.replies.save')}
        </button>
      </div>
    </form>
  );
}
