import { useState } from 'react';
import { ShiftHeader } from '../components/ShiftHeader';
import { useT } from '../i18n/useT';
import { StatisticsView } from '../statistics/StatisticsView';

type SupervisorArea = 'shift' | 'statistics';

/** The supervisor area: the shift at a glance, and the service's statistics. */
export function SupervisorBoard(props: { displayName: string }): React.JSX.Element {
  const t = useT();
  const [area, setArea] = useState<SupervisorArea>('shift');
  const tab = (name: SupervisorArea, label: string): React.JSX.Element => (
    <button type="button" className="secondary" aria-current={area === name ? 'page' : undefined} data-testid={`supervisor-nav-${name}`} onClick={() => setArea(name)}>
      {label}
    </button>
  );
  return (
    <main className="screen workspace" data-testid="supervisor-board">
      <ShiftHeader title={t('supervisor.title')} greeting={t('supervisor.greeting', { name: props.displayName })} />
      <nav className="supervisor-nav" aria-label={t('supervisor.nav')}>
        {tab('shift', t('supervisor.nav.shift'))}
        {tab('statistics', t('supervisor.nav.statistics'))}
      </nav>
      {area === 'shift' ? (
        // Every counsellor's state at a glance (filled by the shifts and presence capability).
        <section aria-labelledby="counsellors-title" className="panel">
          <h2 id="counsellors-title">{t('supervisor.counsellors')}</h2>
          <p>{t('supervisor.counsellors.empty')}</p>
        </section>
      ) : (
        <StatisticsView />
      )}
    </main>
  );
}
