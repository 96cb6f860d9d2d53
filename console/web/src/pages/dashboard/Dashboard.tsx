import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Space, Statistic, TreeSelect, Typography } from 'antd';
import { Navigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { api, fetchAll, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { EChart } from './EChart';
import { label, percent, unitRows } from './figures';

type Range = [Dayjs, Dayjs];

// Dashboard is the operations board (运营看板): ticket volume, SLA compliance,
// callback coverage and satisfaction, and the backlog by unit.
export default function Dashboard() {
  const { can } = useSession();
  if (!can('reports:read')) return <Navigate to="/tickets" replace />;
  return <Board />;
}

function Board() {
  const t = useT();
  const [range, setRange] = useState<Range>([dayjs().subtract(6, 'day').startOf('day'), dayjs().endOf('day')]);
  const [unit, setUnit] = useState<string | undefined>();

  const units = useAsync(() => fetchAll((cursor) => unwrap(api.GET('/v1/org-units', { params: { query: { cursor, limit: 200 } } }))), []);
  const names = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const tree = useMemo(() => {
    const all = units.data ?? [];
    type Node = { value: string; title: string; children: Node[] };
    const kids = (parent?: string | null): Node[] =>
      all.filter((u) => (u.parent_id ?? null) === (parent ?? null)).map((u) => ({ value: u.id, title: u.name, children: kids(u.id) }));
    return kids(null);
  }, [units.data]);

  const query = { from: range[0].startOf('day').toISOString(), to: range[1].add(1, 'day').startOf('day').toISOString(), unit_id: unit };
  const report = useAsync(
    () => Promise.all([
      unwrap(api.GET('/v1/reports/tickets', { params: { query } })),
      unwrap(api.GET('/v1/reports/callbacks', { params: { query } })),
    ]),
    [query.from, query.to, unit],
  );
  const [tk, cb] = report.data ?? [];

  const byDay = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: (tk?.by_day ?? []).map((d) => d.key.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: (tk?.by_day ?? []).map((d) => d.count), name: t('dash.created') }],
  }), [tk, t]);
  const byChannel = useMemo(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['40%', '68%'], top: -20, data: (tk?.by_channel ?? []).map((c) => ({ name: label(t, 'channel', c.key), value: c.count })) }],
  }), [tk, t]);
  const byType = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 16, top: 16, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: (tk?.by_type ?? []).map((c) => label(t, 'type', c.key)) },
    series: [{ type: 'bar', data: (tk?.by_type ?? []).map((c) => c.count), itemStyle: { color: '#1d6fdc' }, barMaxWidth: 22 }],
  }), [tk, t]);
  const backlogRows = useMemo(() => unitRows(tk?.backlog ?? [], names, t).slice(0, 12), [tk, names, t]);
  const backlog = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 100, right: 16, top: 28, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: backlogRows.map((r) => r.name) },
    series: [
      { type: 'bar', stack: 'b', name: t('dash.backlogOnTime'), data: backlogRows.map((r) => r.open - r.breached), itemStyle: { color: '#52c41a' }, barMaxWidth: 20 },
      { type: 'bar', stack: 'b', name: t('dash.backlogBreached'), data: backlogRows.map((r) => r.breached), itemStyle: { color: '#ff4d4f' }, barMaxWidth: 20 },
    ],
  }), [backlogRows, t]);

  const total = cb?.total;
  return (
    <div data-testid="dashboard">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('nav.dashboard')}</Typography.Title>
        <Space wrap>
          <TreeSelect
            allowClear
            style={{ width: 220 }}
            placeholder={t('dash.allUnits')}
            treeData={tree}
            value={unit}
            onChange={(v) => setUnit(v)}
            treeDefaultExpandAll
            data-testid="dash-unit"
          />
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            presets={[
              { label: t('dash.last7'), value: [dayjs().subtract(6, 'day'), dayjs()] },
              { label: t('dash.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
              { label: t('dash.thisMonth'), value: [dayjs().startOf('month'), dayjs()] },
            ]}
            data-testid="dash-range"
          />
        </Space>
      </Space>
      <ProblemAlert error={report.error ?? units.error} />
      <Row gutter={[16, 16]}>
        {[
          { k: 'created', title: t('dash.created'), value: tk ? String(tk.created) : '—' },
          { k: 'major', title: t('dash.major'), value: tk ? String(tk.major) : '—', danger: (tk?.major ?? 0) > 0 },
          { k: 'frc', title: t('dash.firstResponse'), value: tk ? percent(tk.first_response_compliance, tk.responded) : '—' },
          { k: 'rc', title: t('dash.resolution'), value: tk ? percent(tk.resolution_compliance, tk.resolved) : '—' },
          { k: 'cov', title: t('dash.coverage'), value: total ? percent(total.coverage, total.required) : '—' },
          { k: 'sat', title: t('dash.satisfaction'), value: total ? percent(total.satisfaction_rate, total.done) : '—' },
        ].map((s) => (
          <Col key={s.k} xs={12} md={8} xl={4}>
            <Card size="small" loading={report.loading && !report.data}>
              <Statistic title={s.title} value={s.value} valueStyle={s.danger ? { color: '#cf1322' } : undefined} data-testid={`kpi-${s.k}`} />
            </Card>
          </Col>
        ))}
        <Col xs={24} xl={14}>
          <Card size="small" title={t('dash.volumeByDay')}><EChart option={byDay} testId="chart-by-day" /></Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('dash.byChannel')}>
            {tk && (tk.by_channel ?? []).length === 0 ? <Empty style={{ height: 248 }} /> : <EChart option={byChannel} testId="chart-by-channel" />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('dash.byType')}><EChart option={byType} height={240} /></Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('dash.backlog')}>
            {tk && backlogRows.length === 0 ? <Empty style={{ height: 200 }} description={t('dash.noBacklog')} /> : <EChart option={backlog} height={Math.max(240, backlogRows.length * 34 + 60)} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
