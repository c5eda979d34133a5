import { useT } from '../i18n/useT';

export function StartingScreen(): React.JSX.Element {
  const t = useT();
  return (
    <main className="screen" aria-busy="true">
      <p>{t('app.starting')}</p>
    </main>
  );
}

export function NoConnectionScreen(): React.JSX.Element {
  const t = useT();
  return (
    <main className="screen" role="alert" data-testid="no-connection">
      <div className="card">
        <h1>{t('app.noConnection.title')}</h1>
        <p>{t('app.noConnection.body')}</p>
      </div>
    </main>
  );
}
