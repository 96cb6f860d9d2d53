import type { Schemas } from '../../api/client';
import type { Translate } from '../../i18n';

export type Figures = Schemas['KPIFigures'];

// pct shows a 0–1 rate as a percentage, or a dash when there was nothing
// to measure it on (null is not 0).
export function pct(v: number | null | undefined): string {
  return v == null ? '—' : `${(v * 100).toFixed(1)}%`;
}

// duration shows business seconds as minutes under two hours, else hours.
export function duration(t: Translate, secs: number | null | undefined): string {
  if (secs == null) return '—';
  if (secs < 7200) return t('perf.minutes', { n: Math.round(secs / 60) });
  return t('perf.hours', { n: (secs / 3600).toFixed(1) });
}

// The rates a ranking or a trend can show, with their label keys.
export const RATES = [
  ['resolution_compliance', 'perf.resCompliance'],
  ['first_response_compliance', 'perf.frCompliance'],
  ['fcr_rate', 'perf.fcr'],
  ['reopen_rate', 'perf.reopen'],
  ['satisfaction_rate', 'perf.satisfaction'],
  ['complaint_rate', 'perf.complaint'],
  ['callback_coverage', 'perf.cbCoverage'],
  ['callback_on_time_rate', 'perf.cbOnTime'],
  ['punctuality', 'perf.punctuality'],
] as const;
export type Rate = (typeof RATES)[number][0];

// metricLabel names a metric a score sheet weighs: QA or one of the rates.
export function metricLabel(t: Translate, key: string): string {
  return key === 'qa' ? t('perf.qa') : t(RATES.find(([r]) => r === key)?.[1] ?? key);
}

// rankRows orders rows best first on a rate (lowest first for the rates
// where less is better), leaving rows without it out.
export function rankRows<T extends Figures & { name?: string; key: string }>(rows: T[], rate: Rate): T[] {
  const lower = rate === 'complaint_rate' || rate === 'reopen_rate';
  return rows
    .filter((r) => r[rate] != null)
    .sort((a, b) => (lower ? (a[rate] as number) - (b[rate] as number) : (b[rate] as number) - (a[rate] as number)));
}

// lastMonth is the month before d, as YYYY-MM.
export function lastMonth(d: Date): string {
  const m = new Date(d.getFullYear(), d.getMonth() - 1, 1);
  return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
}

// lastQuarter is the quarter before d's, as YYYY-Qn.
export function lastQuarter(d: Date): string {
  const q = Math.floor(d.getMonth() / 3);
  return q === 0 ? `${d.getFullYear() - 1}-Q4` : `${d.getFullYear()}-Q${q}`;
}

// sheetActions says which steps a sheet in status offers, given what the
// viewer may do.
export function sheetActions(status: string, canWrite: boolean, canApprove: boolean, own: boolean) {
  return {
    edit: status === 'draft' && canWrite && !own,
    submit: status === 'draft' && canWrite && !own,
    approve: status === 'submitted' && canApprove && !own,
    lock: status === 'approved' && canApprove,
    return: (status === 'submitted' || status === 'approved') && canApprove,
    adjust: status === 'locked' && canApprove && !own,
  };
}
