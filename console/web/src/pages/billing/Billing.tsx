import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Progress, Row, Spin, Tag, Typography } from 'antd';
import { CheckOutlined, CreditCardOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';
import { PageHead } from '../people/PageHead';
import { formatPrice, usagePercent } from './billingState';

type Plan = Schemas['PlanView'];
type Usage = Schemas['UsageView'];

const statusColor: Record<string, string> = { trialing: 'blue', active: 'green', past_due: 'orange', suspended: 'red', canceled: 'default' };

// Billing is the organization's subscription: plan and standing, usage
// against the plan's limits, the plans to move to (Stripe Checkout) and the
// customer portal for the payment method and invoices.
export default function Billing() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { can, refresh } = useSession();
  const [params] = useSearchParams();
  const writable = can('billing:write');
  const { data, error, loading, reload } = useAsync(async () => {
    const [billing, plans] = await Promise.all([unwrap(api.GET('/v1/billing')), unwrap(api.GET('/v1/plans'))]);
    return { billing, plans };
  }, []);
  const [busy, setBusy] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);

  const planName = (p: Plan) => (locale === 'en' ? p.name : p.name_zh || p.name);
  const date = (s?: string) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '');

  const choose = async (plan: Plan) => {
    setBusy(plan.id);
    setActionError(null);
    try {
      const r = await unwrap(api.POST('/v1/billing/checkout', { body: { plan: plan.id } }));
      if (r.checkout_url) {
        window.location.assign(r.checkout_url);
        return;
      }
      message.success(t(`billing.${r.action}`));
      await Promise.all([reload(), refresh()]);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy('');
    }
  };

  const portal = async () => {
    setBusy('portal');
    setActionError(null);
    try {
      const r = await unwrap(api.POST('/v1/billing/portal'));
      window.location.assign(r.url);
    } catch (e) {
      setActionError(e);
      setBusy('');
    }
  };

  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const b = data?.billing;
  const plans = data?.plans;
  const checkout = params.get('checkout');

  return (
    <div>
      <PageHead title={t('nav.billing')} hint={t('billing.pageHint')}
        extra={b?.enabled && writable && b.can_manage && (
          <Button icon={<CreditCardOutlined />} loading={busy === 'portal'} onClick={portal} data-testid="billing-portal">{t('billing.manage')}</Button>
        )} />
      <ProblemAlert error={error || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      {checkout === 'success' && <Alert type="success" showIcon title={t('billing.checkoutSuccess')} style={{ marginBottom: 16 }} />}
      {checkout === 'canceled' && <Alert type="info" showIcon title={t('billing.checkoutCanceled')} style={{ marginBottom: 16 }} />}
      {b && !b.enabled && <Alert type="info" showIcon title={t('billing.off')} style={{ marginBottom: 16 }} />}
      {b && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('billing.current')} data-testid="billing-current" style={{ height: '100%' }}>
              <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="billing-plan">{planName(b.plan)}</Typography.Title>
                <Tag color={statusColor[b.status]} data-testid="billing-status">{t(`billing.status.${b.status}`)}</Tag>
              </Flex>
              <Descriptions column={1} size="small" items={[
                b.trial_ends_at && { key: 'trial', label: t('billing.trialEnds'), children: date(b.trial_ends_at) },
                b.current_period_end && { key: 'period', label: t('billing.periodEnds'), children: date(b.current_period_end) },
                b.grace_ends_at && { key: 'grace', label: t('billing.graceEnds'), children: date(b.grace_ends_at) },
                b.purge_at && { key: 'purge', label: t('billing.purgeAt'), children: date(b.purge_at) },
              ].filter((x): x is { key: string; label: string; children: string } => !!x)} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('billing.usage')} data-testid="billing-usage" style={{ height: '100%' }}>
              {b.warning && <Alert type="warning" showIcon data-testid="billing-warning" style={{ marginBottom: 12 }} title={t('billing.warning', { pct: b.warn_at_percent })} />}
              <UsageBar label={t('billing.seats')} usage={b.seats} testId="usage-seats" />
              <UsageBar label={t('billing.tickets', { month: b.month })} usage={b.tickets} testId="usage-tickets" />
            </Card>
          </Col>
        </Row>
      )}
      {b?.enabled && plans && (
        <>
          <Flex justify="space-between" align="baseline" style={{ margin: '24px 0 12px' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>{t('billing.plans')}</Typography.Title>
            {plans.trial_days > 0 && <Typography.Text type="secondary">{t('billing.trialDays', { n: plans.trial_days })}</Typography.Text>}
          </Flex>
          <Row gutter={[16, 16]}>
            {(plans.items ?? []).map((p) => {
              const current = p.id === b.plan.id;
              const higher = p.price.amount > b.plan.price.amount;
              return (
                <Col key={p.id} xs={24} sm={12} xl={6}>
                  <Card data-testid={`plan-${p.id}`} style={{ height: '100%', borderColor: current ? '#1d6fdc' : undefined }}
                    styles={{ body: { display: 'flex', flexDirection: 'column', height: '100%' } }}>
                    <Typography.Title level={5} style={{ marginTop: 0 }}>{planName(p)}</Typography.Title>
                    <Typography.Title level={3} style={{ margin: '4px 0 12px' }}>
                      {p.price.amount > 0 ? <>{formatPrice(p.price.amount, p.price.currency, locale)}<Typography.Text type="secondary" style={{ fontSize: 14 }}>{t('billing.perMonth')}</Typography.Text></> : t('billing.free')}
                    </Typography.Title>
                    <ul style={{ paddingLeft: 0, listStyle: 'none', flex: 1 }}>
                      <li><CheckOutlined /> {p.seats ? t('billing.seatsN', { n: p.seats }) : t('billing.seatsAny')}</li>
                      <li><CheckOutlined /> {p.tickets_per_month ? t('billing.ticketsN', { n: p.tickets_per_month }) : t('billing.ticketsAny')}</li>
                      {(p.features ?? []).map((f) => <li key={f}><CheckOutlined /> {t(`billing.feature.${f}`)}</li>)}
                    </ul>
                    {current ? <Button block disabled>{t('billing.isCurrent')}</Button> : writable && (
                      <Button block type={higher ? 'primary' : 'default'} loading={busy === p.id} disabled={!!busy} onClick={() => choose(p)} data-testid={`plan-choose-${p.id}`}>
                        {higher ? t('billing.upgrade') : t('billing.choose')}
                      </Button>
                    )}
                  </Card>
                </Col>
              );
            })}
          </Row>
        </>
      )}
    </div>
  );
}

function UsageBar({ label, usage, testId }: { label: string; usage: Usage; testId: string }) {
  const t = useLocale().t;
  const pct = usagePercent(usage.used, usage.limit);
  return (
    <div style={{ marginBottom: 12 }} data-testid={testId}>
      <Flex justify="space-between">
        <Typography.Text>{label}</Typography.Text>
        <Typography.Text type={usage.warning ? 'warning' : 'secondary'} data-testid={`${testId}-text`}>
          {usage.limit ? t('billing.of', { used: usage.used, limit: usage.limit }) : t('billing.unlimited', { used: usage.used })}
        </Typography.Text>
      </Flex>
      <Progress percent={usage.limit ? pct : 0} showInfo={false} status={usage.warning ? 'exception' : 'normal'}
        strokeColor={usage.warning ? '#fa8c16' : undefined} />
    </div>
  );
}
