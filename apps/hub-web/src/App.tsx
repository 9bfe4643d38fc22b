import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, ApiError, SESSION_EXPIRED, sessionStore, type Session, type User } from './api';
import { useI18n, type DictKey } from './i18n';
import { Link, navigate, usePath } from './router';
import { Login } from './views/Login';
import { resetGridNames } from './names';
import { ROLE_NAMES, UNIT_NAMES } from './labels';

// One bundle per view (React.lazy): the wall screen never downloads the desk's code and vice versa.
const Board = lazy(() => import('./views/Board'));
const Desk = lazy(() => import('./views/Desk'));
const Grids = lazy(() => import('./views/Grids'));
const Units = lazy(() => import('./views/Units'));
const Themes = lazy(() => import('./views/Themes'));
const Worker = lazy(() => import('./views/Worker'));

const NAV: { to: string; key: DictKey; roles?: string[] }[] = [
  { to: '/board', key: 'board', roles: ['admin', 'street_commander', 'district_viewer', 'unit_member', 'department_liaison'] },
  { to: '/desk', key: 'desk', roles: ['admin', 'street_commander', 'district_viewer', 'unit_member', 'department_liaison', 'grid_worker'] },
  { to: '/grids', key: 'grids' },
  { to: '/units', key: 'units', roles: ['admin', 'street_commander', 'district_viewer', 'unit_member', 'department_liaison'] },
  { to: '/worker', key: 'worker', roles: ['admin', 'street_commander', 'grid_worker'] },
  { to: '/themes', key: 'themes', roles: ['admin', 'street_commander', 'district_viewer'] },
];

/** Where each role lands after logging in. */
const home = (u: User): string => (u.role === 'grid_worker' ? '/worker' : u.role === 'unit_member' || u.role === 'department_liaison' ? '/units' : '/board');

export function App() {
  const { t, L, lang, setLang } = useI18n();
  const { path } = usePath();
  const [session, setSession] = useState<Session | null>(() => {
    const s = sessionStore.get();
    return s && s.expiresAt > Date.now() ? s : null;
  });
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t('appTitle')} · grid122`;
  }, [lang, t]);

  useEffect(() => {
    const onExpired = () => {
      setSession(null);
      setExpired(true);
    };
    window.addEventListener(SESSION_EXPIRED, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED, onExpired);
  }, []);

  // Expire on the clock too, so a wall screen left overnight shows the login, not stale figures.
  useEffect(() => {
    if (!session) return;
    const h = setTimeout(() => {
      sessionStore.set(null);
      setSession(null);
      setExpired(true);
    }, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(h);
  }, [session]);

  const onLogin = useCallback((s: Session) => {
    resetGridNames();
    sessionStore.set(s);
    setSession(s);
    setExpired(false);
    const { pathname } = location;
    navigate(pathname === '/' || pathname === '/login' ? home(s.user) : pathname + location.search, true);
  }, []);

  const logout = () => {
    sessionStore.set(null);
    setSession(null);
    setExpired(false);
    navigate('/login');
  };

  if (!session) {
    return (
      <div className="shell">
        <LangSwitch />
        <Login onLogin={onLogin} expired={expired} />
      </div>
    );
  }

  const user = session.user;
  const nav = NAV.filter((n) => !n.roles || n.roles.includes(user.role));
  const section = path.split('/')[1] || '';
  if (section === '' || section === 'login') {
    navigate(home(user), true);
    return null;
  }
  const active = NAV.find((n) => n.to === `/${section}`);

  return (
    <div className={`shell shell-${section}`}>
      <a className="skip" href="#main">
        {lang === 'zh' ? '跳到正文' : 'Skip to content'}
      </a>
      <header className="topbar">
        <span className="brand">{t('appTitle')}</span>
        <nav aria-label={lang === 'zh' ? '主导航' : 'Main'}>
          {nav.map((n) => (
            <Link key={n.to} to={n.to} aria-current={active?.to === n.to ? 'page' : undefined}>
              {t(n.key)}
            </Link>
          ))}
        </nav>
        <span className="who" data-testid="who">
          <span translate="no">{user.displayName ?? user.username}</span> · {L(ROLE_NAMES[user.role], '—')}
          {user.unit && UNIT_NAMES[user.unit] ? ` · ${L(UNIT_NAMES[user.unit])}` : ''}
        </span>
        <LangSwitch />
        <button type="button" className="link" onClick={logout}>
          {t('logout')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="muted pad">{t('loading')}</p>}>
          {section === 'board' && <Board user={user} />}
          {section === 'desk' && <Desk user={user} />}
          {section === 'grids' && <Grids user={user} />}
          {section === 'units' && <Units user={user} />}
          {section === 'worker' && <Worker user={user} />}
          {section === 'themes' && <Themes user={user} />}
          {!active && <p className="pad">{t('notFound')}</p>}
        </Suspense>
      </main>
    </div>
  );
}

function LangSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label={t('switchLanguage')} data-testid="lang">
      {t('language')}
    </button>
  );
}

/** Exchanges credentials for a session (used by the login form). */
export async function login(username: string, password: string): Promise<Session> {
  const r = await api<{ accessToken: string; expiresIn: number; user: User }>('/api/v1/auth/login', { method: 'POST', json: { username, password } });
  return { accessToken: r.accessToken, expiresAt: Date.now() + r.expiresIn * 1000, user: { ...r.user, username: r.user.username ?? username } };
}

export { ApiError };
