import { Alert, Button } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';

// BillingBanner sits atop every page while the subscription needs
// attention: past due (writes still work), read-only, or canceled; those
// who manage billing get a link to pay.
export function BillingBanner() {
  const { me, can } = useSession();
  const t = useT();
  if (!me) return null;
  const { status, suspended_by: by } = me.tenant;
  let key = '';
  if (status === 'past_due') key = 'billing.banner.past_due';
  else if (status === 'suspended' && by === 'billing') key = 'billing.banner.suspended';
  else if (status === 'canceled') key = 'billing.banner.canceled';
  if (!key) {
    return me.read_only ? <Alert type="warning" showIcon title={t('common.readOnly')} style={{ marginBottom: 16 }} /> : null;
  }
  return (
    <Alert type={status === 'past_due' ? 'warning' : 'error'} showIcon data-testid="billing-banner" style={{ marginBottom: 16 }}
      title={t(key)}
      action={can('billing:read') && <Link to="/settings/billing"><Button size="small" type="primary">{t('billing.banner.pay')}</Button></Link>} />
  );
}
