import { useState, type FormEvent } from 'react';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

export function LoginScreen(): React.JSX.Element {
  const t = useT();
  const login = useAppStore((state) => state.login);
  const pending = useAppStore((state) => state.loginPending);
  const error = useAppStore((state) => state.loginError);
  const expired = useAppStore((state) => state.session?.status === 'locked' && state.session.reason === 'session-expired');
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
        {expired && !error && (
          <p className="notice" role="status" data-testid="session-expired">
            {t('login.sessionExpired')}
          </p>
        )}
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
          <p className="error" role="alert" data-testid="login-error">
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
