import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Table, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, fetchAll, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { EChart } from '../dashboard/EChart';
import { RATES, duration, pct, rankRows, type Rate } from './format';

type Row = Schemas['KPIRow'];
type GroupBy = 'agent' | 'group' | 'department';

// KpiTab: the period's KPIs per agent, group or department, a team ranking
// on one rate, and the trend of one person (or everyone) per day or week.
export function KpiTab() {
  const t = useT();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')]);
  const [groupBy, setGroupBy] = useState<GroupBy>('agent');
  const [unit, setUnit] = useState<string | undefined>();
  const [rate, setRate] = useState<Rate>('resolution_compliance');
  const [subject, setSubject] = useState<string | undefined>();
  const [interval, setInterval] = useState<'day' | 'week'>('day');

  const units = useAsync(() => fetchAll((cursor) => unwrap(api.GET('/v1/org-units', { params: { query: { cursor, limit: 200 } } }))), []);
  const tree = useMemo(() => {
    const all = units.data ?? [];
    type Node = { value: string; title: string; children: Node[] };
    const kids = (parent?: string | null): Node[] =>
      all.filter((u) => (u.parent_id ?? null) === (parent ?? null)).map((u) => ({ value: u.id, title: u.name, children: kids(u.id) }));
    return kids(null);
  }, [units.data]);

  const from = range[0].startOf('day').toISOString();
  const to = range[1].add(1, 'day').startOf('day').toISOString();
  const report = useAsync(
    () => unwrap(api.GET('/v1/kpis', { params: { query: { from, to, group_by: groupBy, unit_id: unit } } })),
    [from, to, groupBy, unit],
  );
  const agents = useAsync(
    () => (groupBy === 'agent' ? Promise.resolve(undefined) : unwrap(api.GET('/v1/kpis', { params: { query: { from, to, group_by: 'agent', unit_id: unit } } }))),
    [from, to, unit, groupBy],
  );
  const people = (groupBy === 'agent' ? report.data?.rows : agents.data?.rows) ?? [];
  const trend = useAsync(
    () => unwrap(api.GET('/v1/kpis/trend', { params: { query: { from, to, interval, unit_id: unit, user_id: subject } } })),
    [from, to, interval, unit, subject],
  );

  const rows = useMemo(() => report.data?.rows ?? [], [report.data]);
  const ranked = useMemo(() => rankRows(rows, rate).slice(0, 15), [rows, rate]);
  const rateLabel = t(RATES.find(([k]) => k === rate)![1]);
  const ranking = useMemo(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: { left: 110, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', inverse: true, data: ranked.map((r) => r.name || r.key) },
    series: [{ type: 'bar', name: rateLabel, data: ranked.map((r) => Math.round((r[rate] as number) * 1000) / 10), itemStyle: { color: '#1d6fdc' }, barMaxWidth: 18 }],
  }), [ranked, rate, rateLabel]);
  const points = trend.data?.total ?? [];
  const trendChart = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: (trend.data?.buckets ?? []).map((b) => b.key.slice(5)) },
    yAxis: [{ type: 'value', minInterval: 1, name: t('perf.handled') }, { type: 'value', max: 100, name: '%' }],
    series: [
      { type: 'bar', name: t('perf.handled'), data: points.map((p) => p.handled), itemStyle: { color: '#91caff' }, barMaxWidth: 16 },
      { type: 'line', yAxisIndex: 1, name: t('perf.resCompliance'), connectNulls: true, data: points.map((p) => (p.resolution_compliance == null ? null : Math.round(p.resolution_compliance * 1000) / 10)) },
      { type: 'line', yAxisIndex: 1, name: t('perf.satisfaction'), connectNulls: true, data: points.map((p) => (p.satisfaction_rate == null ? null : Math.round(p.satisfaction_rate * 1000) / 10)) },
    ],
  }), [trend.data, points, t]);

  const columns = [
    { title: t('perf.name'), key: 'name', fixed: 'left' as const, width: 140, render: (_: unknown, r: Row) => r.name || r.key },
    { title: t('perf.handled'), dataIndex: 'handled', key: 'handled', width: 90, sorter: (a: Row, b: Row) => a.handled - b.handled },
    { title: t('perf.frMedian'), key: 'fr', width: 120, render: (_: unknown, r: Row) => duration(t, r.first_response_median_seconds) },
    { title: t('perf.resMedian'), key: 'res', width: 120, render: (_: unknown, r: Row) => duration(t, r.resolution_median_seconds) },
    ...RATES.map(([k, label]) => ({
      title: t(label), key: k, width: 110,
      sorter: (a: Row, b: Row) => (a[k] ?? -1) - (b[k] ?? -1),
      render: (_: unknown, r: Row) => pct(r[k]),
    })),
  ];

  return (
    <div data-testid="perf-kpis">
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          presets={[
            { label: t('dash.thisMonth'), value: [dayjs().startOf('month'), dayjs()] },
            { label: t('dash.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
            { label: dayjs().subtract(1, 'month').format('YYYY-MM'), value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] },
          ]} data-testid="perf-range" />
        <Segmented<GroupBy> value={groupBy} onChange={setGroupBy} data-testid="perf-group-by"
          options={(['agent', 'group', 'department'] as const).map((g) => ({ value: g, label: t(`perf.by.${g}`) }))} />
        <TreeSelect allowClear style={{ width: 200 }} placeholder={t('perf.allUnits')} treeData={tree} value={unit} onChange={setUnit} treeDefaultExpandAll />
      </Space>
      <ProblemAlert error={report.error ?? trend.error ?? units.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small" title={<Space>{t('perf.ranking')}<Select size="small" style={{ width: 150 }} value={rate} onChange={setRate}
            options={RATES.map(([k, l]) => ({ value: k, label: t(l) }))} data-testid="perf-rank-by" /></Space>}>
            {report.data && ranked.length === 0 ? <Empty style={{ height: 240 }} description={t('perf.noData')} />
              : <EChart option={ranking} height={Math.max(240, ranked.length * 26 + 40)} testId="chart-ranking" />}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={<Space wrap>{t('perf.trend')}
            <Select size="small" allowClear style={{ width: 160 }} placeholder={t('perf.everyone')} value={subject} onChange={setSubject}
              options={people.map((p) => ({ value: p.key, label: p.name || p.key }))} showSearch optionFilterProp="label" data-testid="perf-trend-of" />
            <Segmented size="small" value={interval} onChange={(v) => setInterval(v as 'day' | 'week')}
              options={[{ value: 'day', label: t('perf.interval.day') }, { value: 'week', label: t('perf.interval.week') }]} /></Space>}>
            <EChart option={trendChart} height={280} testId="chart-trend" />
          </Card>
        </Col>
        <Col span={24}>
          <Table<Row>
            size="small" rowKey="key" loading={report.loading} dataSource={rows} columns={columns} scroll={{ x: 1500 }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="perf-kpi-table"
            summary={() => report.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><b>{t('perf.total')}</b></Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{report.data.total.handled}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{duration(t, report.data.total.first_response_median_seconds)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{duration(t, report.data.total.resolution_median_seconds)}</Table.Summary.Cell>
                {RATES.map(([k], i) => <Table.Summary.Cell key={k} index={4 + i}>{pct(report.data!.total[k])}</Table.Summary.Cell>)}
              </Table.Summary.Row>
            )}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{t('perf.definitions')}</Typography.Paragraph>
        </Col>
      </Row>
    </div>
  );
}
