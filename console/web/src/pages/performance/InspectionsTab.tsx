import { useState } from 'react';
import { App, Button, Input, Segmented, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { useDirectory } from '../tickets/useDirectory';
import { InspectionDrawer } from './InspectionDrawer';

type Inspection = Schemas['InspectionView'];
type View = 'mine' | 'me' | 'all';
export const inspectionColor: Record<string, string> = { pending: 'default', scored: 'blue', appealed: 'orange', decided: 'green' };

// InspectionsTab: an inspector's worklist, an agent's own scores, or every
// inspection in scope; a row opens the scoring, appeal or decision form.
export function InspectionsTab() {
  const t = useT();
  const { message } = App.useApp();
  const { can, me } = useSession();
  const inspector = can('quality:write');
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState<View>(inspector ? 'mine' : 'me');
  const [ticket, setTicket] = useState('');
  const { run, busy, error } = useApiSubmit();
  const { dir } = useDirectory();
  const openId = params.get('open');

  const list = useAsync(() => {
    const query = view === 'mine' ? { inspector_id: 'me' } : view === 'me' ? { agent_id: 'me' } : {};
    return unwrap(api.GET('/v1/inspections', { params: { query: { limit: 100, ...query } } }));
  }, [view]);
  const open = (id?: string) => setParams((p) => { const n = new URLSearchParams(p); if (id) n.set('open', id); else n.delete('open'); return n; }, { replace: true });

  const act = (fn: () => Promise<string>) => run(async () => {
    message.success(await fn());
    await list.reload();
  });
  const sample = () => act(async () => {
    const r = await unwrap(api.POST('/v1/inspections/sample', { body: {} }));
    return r.already ? t('perf.ins.already', { week: r.week }) : t('perf.ins.sampled', { n: r.picked, week: r.week });
  });
  const pick = () => act(async () => {
    const r = await unwrap(api.POST('/v1/inspections', { body: { ticket_id: ticket.trim() } }));
    setTicket('');
    open(r.id);
    return t('perf.ins.pick');
  });

  const name = (id?: string) => (id ? dir.userName[id] ?? id : '—');
  const columns = [
    { title: t('perf.ins.ticket'), key: 'ticket', render: (_: unknown, r: Inspection) => <Link to={`/tickets/${r.ticket_id}`}>{r.ticket_id.slice(-8)}</Link> },
    { title: t('perf.ins.agent'), key: 'agent', render: (_: unknown, r: Inspection) => name(r.agent_id) },
    { title: t('perf.ins.inspector'), key: 'inspector', render: (_: unknown, r: Inspection) => name(r.inspector_id) },
    { title: t('perf.ins.period'), dataIndex: 'period', key: 'period', width: 110 },
    { title: t('common.status'), key: 'status', width: 110, render: (_: unknown, r: Inspection) => <Tag color={inspectionColor[r.status]}>{t(`perf.ins.status.${r.status}`)}</Tag> },
    { title: t('perf.ins.final'), key: 'final', width: 90, render: (_: unknown, r: Inspection) => r.final_score ?? '—' },
    { title: '', key: 'at', width: 110, render: (_: unknown, r: Inspection) => dayjs(r.scored_at ?? r.created_at).format('MM-DD HH:mm') },
  ];

  return (
    <div data-testid="perf-inspections">
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<View> value={view} onChange={setView} data-testid="ins-view" options={[
          ...(inspector ? [{ value: 'mine' as View, label: t('perf.ins.mine') }] : []),
          { value: 'me', label: t('perf.ins.aboutMe') },
          { value: 'all', label: t('perf.ins.all') },
        ]} />
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} />
        {inspector && (
          <>
            <Button onClick={() => void sample()} loading={busy} data-testid="ins-sample">{t('perf.ins.sample')}</Button>
            <Space.Compact>
              <Input placeholder={t('perf.ins.ticketId')} value={ticket} onChange={(e) => setTicket(e.target.value)} style={{ width: 260 }} data-testid="ins-ticket" />
              <Button type="primary" disabled={!ticket.trim()} loading={busy} onClick={() => void pick()} data-testid="ins-pick">{t('perf.ins.pick')}</Button>
            </Space.Compact>
          </>
        )}
      </Space>
      <ProblemAlert error={error ?? list.error} />
      <Table<Inspection>
        size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns}
        onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' }, 'data-testid': `ins-row-${r.id}` } as React.HTMLAttributes<HTMLElement>)}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
      {openId && <InspectionDrawer id={openId} meId={me?.user?.id ?? ''} name={name} onClose={() => open()} onChanged={() => void list.reload()} />}
    </div>
  );
}
