import type { ReactNode } from 'react';
import { Tabs, Typography } from 'antd';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { GradesTab } from './GradesTab';
import { InspectionsTab } from './InspectionsTab';
import { KpiTab } from './KpiTab';
import { ScorecardsTab } from './ScorecardsTab';
import { SheetsTab } from './SheetsTab';

// Performance (绩效考核): KPIs with trend and ranking charts, quality
// inspections with appeals and the scorecards they use, the monthly
// reward/penalty score sheets with their weights, and the grade ladder.
// Each tab shows what the person's role reaches.
export default function Performance() {
  const t = useT();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  if (!can('performance:read') && !can('quality:read')) return <Navigate to="/" replace />;
  const all: { key: string; label: string; perm: string; children: ReactNode }[] = [
    { key: 'kpis', label: t('perf.tab.kpis'), perm: 'performance:read', children: <KpiTab /> },
    { key: 'inspections', label: t('perf.tab.inspections'), perm: 'quality:read', children: <InspectionsTab /> },
    { key: 'scorecards', label: t('perf.tab.scorecards'), perm: 'quality:read', children: <ScorecardsTab /> },
    { key: 'sheets', label: t('perf.tab.sheets'), perm: 'performance:read', children: <SheetsTab /> },
    { key: 'grades', label: t('perf.tab.grades'), perm: 'performance:read', children: <GradesTab /> },
  ];
  const tabs = all.filter((x) => can(x.perm));
  const active = tabs.some((x) => x.key === params.get('tab')) ? params.get('tab')! : tabs[0].key;
  return (
    <div data-testid="performance">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('nav.performance')}</Typography.Title>
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(k) => setParams((p) => { const n = new URLSearchParams(p); n.set('tab', k); n.delete('open'); return n; }, { replace: true })}
        items={tabs.map((x) => ({ key: x.key, children: x.children, label: <span data-testid={`perf-tab-${x.key}`}>{x.label}</span> }))}
      />
    </div>
  );
}
