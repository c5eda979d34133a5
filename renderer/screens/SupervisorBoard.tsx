import { ShiftHeader } from '../components/ShiftHeader';
import { useT } from '../i18n/useT';

/** Every counsellor's state at a glance (filled by the shifts and presence capability). */
export function SupervisorBoard(props: { displayName: string }): React.JSX.Element {
  const t = useT();
  return (
    <main className="screen workspace" data-testid="supervisor-board">
      <ShiftHeader title={t('supervisor.title')} greeting={t('supervisor.greeting', { name: props.displayName })} />
      <section aria-labelledby="counsellors-title" className="panel">
        <h2 id="counsellors-title">{t('supervisor.counsellors')}</h2>
        <p>{t('supervisor.counsellors.empty')}</p>
      </section>
    </main>
  );
}
