import { useState } from 'react';
import { CounsellorBoard } from '../board/CounsellorBoard';
import { ChatSettingsView } from '../chatSettings/ChatSettingsView';
import { ShiftHeader } from '../components/ShiftHeader';
import { useT } from '../i18n/useT';
import { ShiftPlanView } from '../shifts/ShiftPlanView';
import { StatisticsView } from '../statistics/StatisticsView';

type SupervisorArea = 'shift' | 'plan' | 'statistics' | 'chat';

/**
 * The supervisor area: the shift at a glance ("Vagten"), the shift plan ("Vagtplan": edited by
 * administrators, read by supervisors), the service's statistics, and for administrators the
 * chat's settings (canned replies, opening hours).
 */
export function SupervisorBoard(props: { displayName: string; canEditPlan: boolean }): React.JSX.Element {
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
        {tab('plan', t('supervisor.nav.plan'))}
        {tab('statistics', t('supervisor.nav.statistics'))}
        {props.canEditPlan && tab('chat', t('supervisor.nav.chat'))}
      </nav>
      <Area area={area} canEditPlan={props.canEditPlan} />
    </main>
  );
}

function Area(props: { area: SupervisorArea; canEditPlan: boolean }): React.JSX.Element {
  switch (props.area) {
    case 'shift':
      return <CounsellorBoard />;
    case 'plan':
      return <ShiftPlanView canEdit={props.canEditPlan} />;
    case 'statistics':
      return <StatisticsView />;
    case 'chat':
      return props.canEditPlan ? <ChatSettingsView /> : <CounsellorBoard />;
  }
}
