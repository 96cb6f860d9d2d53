import { lazy, Suspense, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { useApiSubmit } from '../components/useApiSubmit';
import { useLocale } from '../i18n';
import './auth.css';

const LAST_TENANT = 'kefu.tenant';
const LoginError = lazy(() => import('./LoginError'));

// The headset mark, inline so the first paint needs no icon library.
function Mark() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden="true">
      <path d="M4 14v-2a8 8 0 0 1 16 0v2" />
      <rect x="3" y="14" width="4" height="6" rx="1.5" />
      <rect x="17" y="14" width="4" height="6" rx="1.5" />
    </svg>
  );
}

// Login is drawn with plain elements (see auth.css): it is the page every
// visit starts on, and Ant Design's run-time styling would triple its first paint.
export default function Login() {
  const { t, locale, setLocale } = useLocale();
  const nav = useNavigate();
  const loc = useLocation();
  const { signIn } = useSession();
  // No form instance: the page has no antd form, and LoginError shows every failure.
  const { run, busy, error } = useApiSubmit();

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = { tenant: String(f.get('tenant') ?? '').trim(), email: String(f.get('email') ?? '').trim(), password: String(f.get('password') ?? '') };
    await run(async () => {
      const r = await unwrap(api.POST('/v1/auth/login', { body: v }));
      localStorage.setItem(LAST_TENANT, v.tenant);
      await signIn(r.token);
      const from = (loc.state as { from?: string } | null)?.from;
      nav(from && from !== '/login' ? from : '/', { replace: true });
    });
  };

  return (
    <div className="kf-auth">
      <div className="kf-auth-box">
        <div className="kf-auth-brand">
          <Mark />
          <h1>{t('app.name')}</h1>
          <p>{t('app.tagline')}</p>
        </div>
        <div className="kf-card">
          <div className="kf-card-head">
            <span>{t('auth.login')}</span>
            <button type="button" className="kf-link-btn" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang">{t('lang.switch')}</button>
          </div>
          <div className="kf-card-body">
            {error ? <Suspense fallback={null}><LoginError error={error} /></Suspense> : null}
            <form onSubmit={submit}>
              <div className="kf-field">
                <label htmlFor="login-tenant">{t('auth.tenant')}</label>
                <input id="login-tenant" name="tenant" required autoComplete="organization" placeholder={t('auth.tenantHint')}
                  defaultValue={localStorage.getItem(LAST_TENANT) ?? ''} data-testid="login-tenant" />
              </div>
              <div className="kf-field">
                <label htmlFor="login-email">{t('auth.email')}</label>
                <input id="login-email" name="email" type="email" required autoComplete="username" data-testid="login-email" />
              </div>
              <div className="kf-field">
                <label htmlFor="login-password">{t('auth.password')}</label>
                <input id="login-password" name="password" type="password" required autoComplete="current-password" data-testid="login-password" />
              </div>
              <button type="submit" className="kf-primary" disabled={busy} data-testid="login-submit">{t('auth.login')}</button>
            </form>
            <div className="kf-hint">{t('auth.demoHint')}</div>
            <p className="kf-foot">
              {t('auth.noAccount')} <Link to="/signup" data-testid="to-signup">{t('auth.signup')}</Link>
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}
