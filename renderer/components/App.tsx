import { useEffect } from 'react';
import { CounsellorWorkspace } from '../screens/CounsellorWorkspace';
import { LoginScreen } from '../screens/LoginScreen';
import { NoConnectionScreen, StartingScreen } from '../screens/StatusScreens';
import { SupervisorBoard } from '../screens/SupervisorBoard';
import { useAppStore } from '../store/appStore';
import { StatusBar } from './StatusBar';

/** The screen follows the main process's session state; the renderer never decides it alone. */
function CurrentScreen(): React.JSX.Element {
  const api = useAppStore((state) => state.api);
  const session = useAppStore((state) => state.session);
  if (api === 'offline') return <NoConnectionScreen />;
  if (!session) return <StartingScreen />;
  if (session.status === 'locked') return <LoginScreen />;
  switch (session.role) {
    case 'counsellor':
      return <CounsellorWorkspace displayName={session.displayName} />;
    case 'supervisor':
    case 'administrator':
      return <SupervisorBoard displayName={session.displayName} canEditPlan={session.role === 'administrator'} />;
  }
}

export function App(): React.JSX.Element {
  const locale = useAppStore((state) => state.locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <div className="app">
      <CurrentScreen />
      <StatusBar />
    </div>
  );
}
