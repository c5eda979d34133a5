import { useState, type FormEvent } from 'react';
import { errorKey } from '../i18n/catalogue';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';

export function LoginScreen(): React.JSX.Element {
  const t = useT();
  const login = useAppStore((state) => state.login);
  const pending = useAppStore((state) => state.loginPending);
  const error = useAppStore((state) => state.loginError);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // The password leaves the component as soon as it is sent: nothing keeps it around.
    void login(username, password).then(() => setPassword(''));
  };

  return (
    <main className="screen login-screen" aria-labelledby="login-title">
      <form className="card" onSubmit={submit} noValidate>
        <h1 id="login-title">{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
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
