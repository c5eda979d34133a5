import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

export function ShiftHeader(props: { title: string; greeting: string }): React.JSX.Element {
  const t = useT();
  const logout = useAppStore((state) => state.logout);
  return (
    <header className="shift-header">
      <div>
        <h1>{props.title}</h1>
        <p>{props.greeting}</p>
      </div>
      <button type="button" onClick={() => void logout()}>
        {t('logout.button')}
      </button>
    </header>
  );
}
