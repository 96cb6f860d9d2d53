// A page whose writes need a plan feature (API access, webhooks, custom
// roles) says so before anyone fills a form the server would refuse (402).
import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { billingEnabled } from './billingState';

// usePlanFeature is false only when the server bills and the organization's
// plan lacks feature; while unknown, or when the plan cannot be read (no
// billing:read), it is true and the server has the last word.
export function usePlanFeature(feature: string): boolean {
  const [included, setIncluded] = useState(true);
  useEffect(() => {
    let live = true;
    void (async () => {
      if (!(await billingEnabled())) return;
      try {
        const b = await unwrap(api.GET('/v1/billing'));
        if (live) setIncluded((b.plan.features ?? []).includes(feature));
      } catch {
        // unreadable: leave it to the server
      }
    })();
    return () => { live = false; };
  }, [feature]);
  return included;
}

// PlanFeatureNotice explains a missing feature and links to the plans.
export function PlanFeatureNotice({ feature, included }: { feature: string; included: boolean }) {
  const t = useT();
  if (included) return null;
  return (
    <Alert type="info" showIcon data-testid="plan-feature-missing" style={{ marginBottom: 16 }}
      message={t('billing.featureMissing', { feature: t(`billing.feature.${feature}`) })}
      action={<Link to="/settings/billing">{t('billing.seePlans')}</Link>} />
  );
}
