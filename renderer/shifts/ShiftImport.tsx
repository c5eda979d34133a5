import { useState, type ChangeEvent } from 'react';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { importProblemsInOrder, importProblemText } from './shiftPlanText';

/** The hub takes at most this much CSV in one import (`shifts:import`). */
const IMPORT_MAX_BYTES = 1024 * 1024;

/**
 * CSV import: a file is read here in the renderer into the text box (so the administrator sees
 * what is sent), or the text is pasted. All or nothing: the hub lists every refused line.
 */
export function ShiftImport(): React.JSX.Element {
  const t = useT();
  const importShifts = useAppStore((state) => state.importShifts);
  const { importing, importResult, importError } = useAppStore((state) => state.shiftPlan);
  const [csv, setCsv] = useState('');
  const [local, setLocal] = useState<'tooLarge' | 'unreadable' | 'empty' | null>(null);

  const readFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    setLocal(null);
    if (!file) return;
    if (file.size > IMPORT_MAX_BYTES) {
      setLocal('tooLarge');
      return;
    }
    file.text().then(setCsv, () => setLocal('unreadable'));
  };

  const submit = (): void => {
    if (csv.trim() === '') {
      setLocal('empty');
      return;
    }
    if (new TextEncoder().encode(csv).length > IMPORT_MAX_BYTES) {
      setLocal('tooLarge');
      return;
    }
    setLocal(null);
    void importShifts(csv);
  };

  const problems = importResult ? importProblemsInOrder(importResult) : [];
  return (
    <section className="shiftplan-import" aria-labelledby="shiftplan-import-title" data-testid="shiftplan-import">
      <h3 id="shiftplan-import-title">{t('shiftplan.import.title')}</h3>
      <p className="hint">{t('shiftplan.import.intro')}</p>
      <label>
        {t('shiftplan.import.file')}
        <input type="file" accept=".csv,text/csv,text/plain" data-testid="shiftplan-import-file" onChange={readFile} />
      </label>
      <label>
        {t('shiftplan.import.text')}
        <textarea data-testid="shiftplan-import-text" rows={6} spellCheck={false} value={csv} onChange={(event) => setCsv(event.target.value)} />
      </label>
      <div>
        <button type="button" data-testid="shiftplan-import-submit" disabled={importing} onClick={submit}>
          {importing ? t('shiftplan.import.importing') : t('shiftplan.import.submit')}
        </button>
      </div>
      {local && (
        <p className="error" role="alert" data-testid="shiftplan-import-local" data-problem={local}>
          {t(`shiftplan.import.${local}`)}
        </p>
      )}
      {importError && (
        <p className="error" role="alert" data-testid="shiftplan-import-error" data-code={importError}>
          {t('shiftplan.import.failed', { reason: t(errorKey(importError)) })}
        </p>
      )}
      {importResult && problems.length === 0 && (
        <p role="status" className="notice" data-testid="shiftplan-import-done" data-created={importResult.created}>
          {importResult.created === 1 ? t('shiftplan.import.doneOne') : t('shiftplan.import.done', { count: String(importResult.created) })}
        </p>
      )}
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="shiftplan-import-problems">
          <p>{t('shiftplan.import.refused')}</p>
          <ul>
            {problems.map((entry) => (
              <li key={`${entry.line}-${entry.problem}`} data-testid={`shiftplan-import-problem-${entry.line}`} data-problem={entry.problem}>
                {importProblemText(entry, t)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
