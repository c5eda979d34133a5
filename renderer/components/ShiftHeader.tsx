import type { ReactNode } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

/** `children`: what the role adds next to the logout button (the counsellor's own status). */
export function ShiftHeader(props: { title: string; greeting: string; children?: ReactNode }): React.JSX.Element {
  const t = useT();
  const logout = useAppStore((state) => state.logout);
  return (
    <header className="shift-header">
      <div>
        <h1>{props.title}</h1>
        <p>{props.greeting}</p>
      </div>
      {props.children}
      <button type="button" data-testid="logout-button" onClick={() => void logout()}>
        {t('logout.button')}
      </button>
    </header>
  );
}
