import { useState, type FormEvent } from 'react';
import type { SessionState } from '../../shared/contract/schemas';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { logoutReasonKey } from '../presence/presenceText';
import { useAppStore } from '../store/appStore';

export function LoginScreen(): React.JSX.Element {
  const t = useT();
  const login = useAppStore((state) => state.login);
  const pending = useAppStore((state) => state.loginPending);
  const error = useAppStore((state) => state.loginError);
  const locked = useAppStore((state) => (state.session?.status === 'locked' ? state.session : null));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // The password and the code leave the component as soon as they are sent: nothing keeps them.
    void login(username, password, totp).then(() => {
      setPassword('');
      setTotp('');
    });
  };

  return (
    <main className="screen login-screen" aria-labelledby="login-title">
      <form className="card" onSubmit={submit} noValidate>
        <h1 id="login-title">{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        {locked && !error && <LockReason locked={locked} />}
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="off"
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <label>
          {t('login.totp')}
          <input
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={16}
            aria-describedby="login-totp-hint"
            value={totp}
            onChange={(event) => setTotp(event.target.value)}
          />
          <small id="login-totp-hint">{t('login.totp.hint')}</small>
        </label>
        {error && (
          <p className="error" role="alert" data-testid="login-error" data-code={error}>
            {t(errorKey(error))}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {pending ? t('login.pending') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}

/** Why the workstation locked by itself: the hub session ended, a supervisor, or the shift's end. */
function LockReason(props: { locked: Extract<SessionState, { status: 'locked' }> }): React.JSX.Element | null {
  const t = useT();
  const { reason, logoutReason } = props.locked;
  switch (reason) {
    case undefined:
      return null;
    case 'session-expired':
      return (
        <p className="notice" role="status" data-testid="session-expired">
          {t('login.sessionExpired')}
        </p>
      );
    case 'supervisor-logout':
      return (
        <p className="notice" role="status" data-testid="supervisor-logout" data-reason={logoutReason ?? ''}>
          {logoutReason
            ? t('login.locked.supervisor-logout', { reason: t(logoutReasonKey(logoutReason)) })
            : t('login.locked.supervisor-logout.noReason')}
        </p>
      );
    case 'shift-ended':
      return (
        <p className="notice" role="status" data-testid="shift-ended">
          {t('login.locked.shift-ended')}
        </p>
      );
  }
}
