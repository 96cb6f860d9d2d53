import { Button, Form, Input } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { useT } from '../i18n';
import { ProblemAlert } from '../components/ProblemAlert';
import { useApiSubmit } from '../components/useApiSubmit';
import { AuthFrame } from './AuthFrame';

interface AcceptForm { password: string; confirm: string }

// AcceptInvite is where the mailed invitation link lands: the new colleague
// sets a password and is signed in.
export default function AcceptInvite() {
  const t = useT();
  const { token = '' } = useParams();
  const nav = useNavigate();
  const { signIn } = useSession();
  const { run, busy, error } = useApiSubmit();

  const submit = (v: AcceptForm) => run(async () => {
    const r = await unwrap(api.POST('/v1/auth/accept-invite', { body: { token, password: v.password } }));
    await signIn(r.token);
    nav('/', { replace: true });
  });

  return (
    <AuthFrame title={t('auth.acceptInvite')}>
      <ProblemAlert error={error} />
      <Form<AcceptForm> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="password" label={t('auth.newPassword')} extra={t('auth.passwordRule')} rules={[{ required: true, min: 8, max: 128 }]}>
          <Input.Password autoComplete="new-password" data-testid="invite-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="invite-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="invite-submit">{t('auth.acceptInvite')}</Button>
      </Form>
    </AuthFrame>
  );
}
