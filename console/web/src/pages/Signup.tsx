import { Button, Form, Input, Select, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { useSession } from '../auth/session';
import { useLocale } from '../i18n';
import { ProblemAlert } from '../components/ProblemAlert';
import { useApiSubmit } from '../components/useApiSubmit';
import { AuthFrame } from './AuthFrame';
import { formatPrice, usePlans } from './billing/billingState';

type SignupForm = Schemas['SignupInputBody'];
const industries: SignupForm['industry'][] = ['property', 'insurance', 'hospital', 'bank', 'ecommerce', 'generic'];

export default function Signup() {
  const { t, locale } = useLocale();
  const nav = useNavigate();
  const { signIn } = useSession();
  const [form] = Form.useForm<SignupForm>();
  // Only locations that are whole field names of the form land beside a field.
  const { run, busy, error } = useApiSubmit(form, (loc) => loc in form.getFieldsValue());
  const plans = usePlans(); // null: this server does not bill

  const submit = (v: SignupForm) => run(async () => {
    const r = await unwrap(api.POST('/v1/signup', { body: { ...v, locale } }));
    localStorage.setItem('kefu.tenant', v.slug);
    await signIn(r.token);
    // A paid plan is paid through Stripe Checkout, which returns to the billing page.
    if (r.checkout_url) window.location.assign(r.checkout_url);
    else nav('/', { replace: true });
  });

  return (
    <AuthFrame title={t('auth.signup')}>
      <ProblemAlert error={error} />
      <Form<SignupForm> form={form} layout="vertical" onFinish={submit} initialValues={{ industry: 'property', timezone: 'Asia/Shanghai' }} requiredMark={false}>
        <Form.Item name="organization" label={t('auth.organization')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="signup-organization" />
        </Form.Item>
        <Form.Item name="slug" label={t('auth.slug')} rules={[{ required: true, min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/ }]}>
          <Input data-testid="signup-slug" />
        </Form.Item>
        <Form.Item name="industry" label={t('auth.industry')} rules={[{ required: true }]}>
          <Select data-testid="signup-industry" options={industries.map((i) => ({ value: i, label: t(`industry.${i}`) }))} />
        </Form.Item>
        {plans && plans.length > 0 && (
          <Form.Item name="plan" label={t('billing.plan')} initialValue={plans[0].id}>
            <Select data-testid="signup-plan" options={plans.map((p) => ({
              value: p.id,
              label: `${locale === 'en' ? p.name : p.name_zh || p.name} · ${p.price.amount > 0 ? formatPrice(p.price.amount, p.price.currency, locale) + t('billing.perMonth') : t('billing.free')}`,
            }))} />
          </Form.Item>
        )}
        <Form.Item name="admin_name" label={t('auth.adminName')}>
          <Input data-testid="signup-name" />
        </Form.Item>
        <Form.Item name="admin_email" label={t('auth.adminEmail')} rules={[{ required: true, type: 'email' }]}>
          <Input autoComplete="username" data-testid="signup-email" />
        </Form.Item>
        <Form.Item name="admin_password" label={t('auth.password')} extra={t('auth.passwordRule')} rules={[{ required: true, min: 8, max: 128 }]}>
          <Input.Password autoComplete="new-password" data-testid="signup-password" />
        </Form.Item>
        <Form.Item name="timezone" label={t('auth.timezone')}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="signup-submit">{t('auth.signup')}</Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('auth.haveAccount')} <Link to="/login">{t('auth.login')}</Link>
      </Typography.Paragraph>
    </AuthFrame>
  );
}
