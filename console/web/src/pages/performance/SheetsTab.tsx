import { useState } from 'react';
import { App, Button, DatePicker, Space, Table, Tag } from 'antd';
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { api, tokenStore, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { useDirectory } from '../tickets/useDirectory';
import { SheetDrawer } from './SheetDrawer';
import { lastMonth } from './format';
import { PlanEditor } from './PlanEditor';

type Sheet = Schemas['ScoreSheetView'];
export const sheetColor: Record<string, string> = { draft: 'default', submitted: 'blue', approved: 'cyan', locked: 'green' };

// SheetsTab: the month's reward/penalty score sheets (奖罚评分表): make them,
// open one to work it through draft → submitted → approved → locked, and
// export the month as CSV or Excel.
export function SheetsTab() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [month, setMonth] = useState<Dayjs>(dayjs(lastMonth(new Date()) + '-01'));
  const { run, busy, error, setError } = useApiSubmit();
  const [planning, setPlanning] = useState(false);
  const { dir } = useDirectory();
  const key = month.format('YYYY-MM');
  const openId = params.get('open');
  const list = useAsync(() => unwrap(api.GET('/v1/score-sheets', { params: { query: { month: key, limit: 200 } } })), [key]);
  const open = (id?: string) => setParams((p) => { const n = new URLSearchParams(p); if (id) n.set('open', id); else n.delete('open'); return n; }, { replace: true });
  const name = (id?: string) => (id ? dir.userName[id] ?? id : '—');

  const generate = () => run(async () => {
    const r = await unwrap(api.POST('/v1/score-sheets/generate', { body: { month: key } }));
    message.success(t('perf.sheet.generated', { n: r.items?.length ?? 0 }));
    await list.reload();
  });
  // The export is a file: fetched with the session, then saved. Not through
  // run, so it does not spin the generate button.
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setError(null);
    try {
      const r = await fetch(`/v1/score-sheets/export?month=${key}&format=${format}`, { headers: { Authorization: `Bearer ${tokenStore.get()}` } });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `score-sheets-${key}.${format}`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e);
    }
  };

  const columns = [
    { title: t('perf.sheet.agent'), key: 'agent', render: (_: unknown, s: Sheet) => name(s.agent_id) },
    { title: t('common.status'), key: 'status', width: 100, render: (_: unknown, s: Sheet) => <Tag color={sheetColor[s.status]}>{t(`perf.sheet.status.${s.status}`)}</Tag> },
    { title: t('perf.sheet.base'), dataIndex: 'base_score', key: 'base', width: 100 },
    { title: t('perf.sheet.qa'), key: 'qa', width: 100, render: (_: unknown, s: Sheet) => s.qa_average ?? '—' },
    { title: t('perf.sheet.items'), dataIndex: 'items_total', key: 'items', width: 100 },
    { title: t('perf.sheet.final'), key: 'final', width: 100, render: (_: unknown, s: Sheet) => <b>{s.final}</b>, sorter: (a: Sheet, b: Sheet) => a.final - b.final },
  ];
  return (
    <div data-testid="perf-sheets">
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker picker="month" value={month} allowClear={false} onChange={(v) => v && setMonth(v)} data-testid="sheet-month" />
        {can('performance:write') && <Button type="primary" loading={busy} onClick={() => void generate()} data-testid="sheet-generate">{t('perf.sheet.generate')}</Button>}
        <Button icon={<DownloadOutlined />} onClick={() => void exportAs('csv')} data-testid="sheet-export">{t('perf.sheet.export')}</Button>
        <Button icon={<DownloadOutlined />} onClick={() => void exportAs('xlsx')} data-testid="sheet-export-xlsx">{t('perf.sheet.exportXlsx')}</Button>
        {can('performance:approve') && <Button icon={<SettingOutlined />} onClick={() => setPlanning(true)} data-testid="plan-edit">{t('perf.plan.title')}</Button>}
      </Space>
      <ProblemAlert error={error ?? list.error} />
      <Table<Sheet>
        size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns}
        onRow={(s) => ({ onClick: () => open(s.id), style: { cursor: 'pointer' }, 'data-testid': `sheet-row-${s.agent_id}` } as React.HTMLAttributes<HTMLElement>)}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <PlanEditor open={planning} onClose={() => setPlanning(false)} onSaved={() => { setPlanning(false); message.success(t('perf.sheet.done')); }} />
      {openId && <SheetDrawer id={openId} name={name} onClose={() => open()} onChanged={() => void list.reload()} />}
    </div>
  );
}
