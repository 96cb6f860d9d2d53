import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { useT } from '../i18n';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

interface LoginForm { tenant: string; email: string; password: string }
const LAST_TENANT = 'kefu.tenant';

export default function Login() {
  const t = useT();
  const nav = useNavigate();
  const loc = useLocation();
  const { signIn } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(api.POST('/v1/auth/login', { body: v }));
      localStorage.setItem(LAST_TENANT, v.tenant);
      await signIn(r.token);
      const from = (loc.state as { from?: string } | null)?.from;
      nav(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('auth.login')}>
      <ProblemAlert error={error} />
      <Form<LoginForm> layout="vertical" onFinish={submit} initialValues={{ tenant: localStorage.getItem(LAST_TENANT) ?? '' }} requiredMark={false}>
        <Form.Item name="tenant" label={t('auth.tenant')} rules={[{ required: true }]}>
          <Input placeholder={t('auth.tenantHint')} autoComplete="organization" data-testid="login-tenant" />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
          <Input autoComplete="username" data-testid="login-email" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('auth.login')}</Button>
      </Form>
      <Alert type="info" title={t('auth.demoHint')} style={{ marginTop: 16 }} />
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('auth.noAccount')} <Link to="/signup" data-testid="to-signup">{t('auth.signup')}</Link>
      </Typography.Paragraph>
    </AuthFrame>
  );
}
