import { useState, type FormEvent } from 'react';
import { ApiError, type Session } from '../api';
import { login } from '../App';
import { useI18n } from '../i18n';

export function Login({ onLogin, expired }: { onLogin: (s: Session) => void; expired: boolean }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await login(username.trim(), password));
    } catch (err) {
      const a = err as ApiError;
      setError(a.unavailable ? `${t('serviceDown')}: ${t('unavailableHint')}` : `${t('loginFailed')}: ${a.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form onSubmit={submit} aria-labelledby="login-title" className="card">
        <h1 id="login-title">{t('appTitle')}</h1>
        <p className="muted">一办两组两队 · grid122</p>
        {expired && (
          <p className="notice warn" role="alert" data-testid="session-expired">
            {t('sessionExpired')}
          </p>
        )}
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('loggingIn') : t('login')}
        </button>
      </form>
    </main>
  );
}
