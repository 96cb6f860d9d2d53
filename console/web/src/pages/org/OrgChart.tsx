import { useMemo } from 'react';
import { Alert, Button, Card, Empty, Skeleton, Space, Tabs, Typography } from 'antd';
import { ApartmentOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { ChartView } from './ChartView';
import { ExportButton, ImportButton } from './ImportExport';
import { indexUnits, type ChartUnit } from './model';
import { OrgEditor } from './OrgEditor';
import { useActiveUsers, useRoles } from './useOrgRefs';

// OrgChart (组织架构): the chart to look at and the editor to maintain it,
// both fed by one GET /v1/org-chart that is reloaded after every change.
export default function OrgChart() {
  const t = useT();
  const { me, can } = useSession();
  const canWrite = can('org:write') && !me?.read_only;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'editor' ? 'editor' : 'chart';
  const selectedId = params.get('unit') ?? undefined;

  const chart = useAsync(() => unwrap(api.GET('/v1/org-chart')).then((r) => r.items ?? []), []);
  const roles = useRoles(can('roles:read'));
  const users = useActiveUsers(canWrite && can('users:read'));
  const roots: ChartUnit[] = useMemo(() => chart.data ?? [], [chart.data]);
  const idx = useMemo(() => indexUnits(roots), [roots]);
  const totals = roots.reduce((a, u) => ({ headcount: a.headcount + u.headcount, filled: a.filled + u.filled, vacant: a.vacant + u.vacant }), { headcount: 0, filled: 0, vacant: 0 });

  const go = (next: { tab?: string; unit?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  // The editor opens on the first unit so the positions panel is never blank.
  const editorSelection = selectedId && idx.byId.has(selectedId) ? selectedId : roots[0]?.id;

  return (
    <div data-testid="org-page">
      <div style={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 16, marginBottom: 16, flexWrap: 'wrap' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('org.title')}</Typography.Title>
          <Typography.Text type="secondary">
            {t('org.subtitle')}
            {roots.length > 0 && <span data-testid="org-summary"> · {t('org.summary', totals)}</span>}
          </Typography.Text>
        </div>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void chart.reload()} loading={chart.loading && !!chart.data}>{t('action.refresh')}</Button>
          <ExportButton />
          {canWrite && <ImportButton onImported={() => void chart.reload()} />}
        </Space>
      </div>
      {!canWrite && <Alert type="info" showIcon title={t('org.readOnly')} style={{ marginBottom: 16 }} data-testid="org-readonly" />}
      <ProblemAlert error={chart.error} />
      <ProblemAlert error={roles.error} />
      <ProblemAlert error={users.error} />
      {chart.loading && !chart.data ? (
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k === 'chart' ? undefined : k })}
          items={[
            {
              key: 'chart',
              label: <span data-testid="tab-chart"><ApartmentOutlined /> {t('org.tab.chart')}</span>,
              children: roots.length ? (
                <ChartView roots={roots} onOpenUnit={(id) => go({ tab: 'editor', unit: id })} />
              ) : (
                <Card><Empty description={t('org.empty')} /></Card>
              ),
            },
            {
              key: 'editor',
              label: <span data-testid="tab-editor"><EditOutlined /> {t('org.tab.editor')}</span>,
              children: (
                <OrgEditor
                  roots={roots}
                  idx={idx}
                  selectedId={editorSelection}
                  onSelect={(id) => go({ unit: id })}
                  canWrite={canWrite}
                  roles={roles.data ?? []}
                  users={users.data ?? []}
                  reload={chart.reload}
                />
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
