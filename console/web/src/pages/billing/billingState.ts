// Whether this server bills at all (GET /v1/plans, public). Asked once per
// page load: the answer only changes with the server's configuration.
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';

type Plans = Schemas['PlansOutputBody'];
let plans: Promise<Plans | null> | null = null;

// fetchPlans is the plan list, or null when it could not be read.
export function fetchPlans(): Promise<Plans | null> {
  plans ??= unwrap(api.GET('/v1/plans')).catch(() => {
    plans = null; // ask again next time
    return null;
  });
  return plans;
}

export function billingEnabled(): Promise<boolean> {
  return fetchPlans().then((p) => !!p?.enabled);
}

// usePlans is the plans on offer where the server bills, else null.
export function usePlans(): Schemas['PlanView'][] | null {
  const [items, setItems] = useState<Schemas['PlanView'][] | null>(null);
  useEffect(() => {
    let live = true;
    void fetchPlans().then((p) => live && setItems(p?.enabled ? p.items ?? [] : null));
    return () => { live = false; };
  }, []);
  return items;
}

// useBillingEnabled is false until the server said billing is on.
export function useBillingEnabled(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    let live = true;
    void billingEnabled().then((v) => live && setOn(v));
    return () => { live = false; };
  }, []);
  return on;
}

// usagePercent is how much of a limit is used (0 for unlimited).
export function usagePercent(used: number, limit: number): number {
  if (limit <= 0) return 0;
  return Math.min(100, Math.round((used * 100) / limit));
}

// formatPrice shows minor units as money in the console's language.
export function formatPrice(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: 0 }).format(amount / 100);
}
