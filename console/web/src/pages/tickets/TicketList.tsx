import { useMemo, useState } from 'react';
import { Alert, Button, Card, Select, Space, Tabs } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { myUnits, useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { STATUSES, TYPES, options, type TicketStatus, type TicketType } from './labels';
import { CustomerSelect } from './CustomerSelect';
import { CursorPager } from './CursorPager';
import { NewTicketDrawer } from './NewTicketDrawer';
import { TicketTable } from './TicketTable';
import { useCursor } from './useCursor';
import { useDirectory } from './useDirectory';

type Queue = 'mine' | 'unit' | 'all';

// TicketList is the agent's workspace: my queue, my unit's queue and, for
// those whose data scope reaches further, every ticket they may see.
export default function TicketList() {
  const t = useT();
  const nav = useNavigate();
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  const { dir, error: dirError, loading: dirLoading } = useDirectory();
  const ownUnits = useMemo(() => myUnits(me), [me]);

  const queue = (params.get('queue') as Queue) || 'mine';
  const customerId = params.get('customer_id') ?? undefined;
  const [unitPick, setUnitPick] = useState<string | undefined>();
  const unitId = unitPick && ownUnits.includes(unitPick) ? unitPick : ownUnits[0];
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [type, setType] = useState<TicketType | ''>('');
  const [breached, setBreached] = useState<'' | 'true' | 'false'>('');
  const [creating, setCreating] = useState(false);
  const pager = useCursor();

  const set = (k: string, v?: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v); else p.delete(k);
    setParams(p, { replace: true });
    pager.reset();
  };

  // The unit queue waits for the org chart, which says where the person works.
  const unitPending = queue === 'unit' && !unitId;
  const noUnit = unitPending && !dirLoading;
  const { data, error, loading, reload } = useAsync(async () => {
    if (unitPending) return { items: [] };
    return unwrap(api.GET('/v1/tickets', {
      params: {
        query: {
          limit: 20,
          cursor: pager.cursor,
          status, type, breached,
          customer_id: customerId,
          assignee_id: queue === 'mine' ? 'me' : undefined,
          unit_id: queue === 'unit' ? unitId : undefined,
        },
      },
    }));
  }, [pager.cursor, status, type, breached, customerId, queue, unitId, unitPending]);

  const tabs = [
    { key: 'mine', label: t('desk.queue.mine') },
    { key: 'unit', label: t('desk.queue.unit') },
    ...(me && me.scope !== 'own' ? [{ key: 'all', label: t('desk.queue.all') }] : []),
  ];

  const onFilter = <T,>(setV: (x: T) => void) => (x: T) => { pager.reset(); setV(x); };

  return (
    <Card
      title={t('nav.tickets')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>{t('action.refresh')}</Button>
          {can('tickets:write') && !me?.read_only && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ticket-new">{t('desk.ticket.new')}</Button>
          )}
        </Space>
      }
    >
      <Tabs activeKey={queue} items={tabs} onChange={(k) => set('queue', k === 'mine' ? undefined : k)} data-testid="ticket-queues" />
      <Space wrap style={{ marginBottom: 16 }}>
        {queue === 'unit' && ownUnits.length > 0 && (
          <Select style={{ width: 180 }} value={unitId} disabled={ownUnits.length < 2} onChange={(v) => { pager.reset(); setUnitPick(v); }} data-testid="queue-unit"
            options={ownUnits.map((u) => ({ value: u, label: dir.unitName[u] }))} />
        )}
        <Select style={{ width: 130 }} value={status} onChange={onFilter(setStatus)} data-testid="filter-status"
          options={[{ value: '', label: t('desk.filter.allStatus') }, ...options(t, 'status', STATUSES)]} />
        <Select style={{ width: 130 }} value={type} onChange={onFilter(setType)}
          options={[{ value: '', label: t('desk.filter.allTypes') }, ...options(t, 'type', TYPES)]} />
        <Select style={{ width: 130 }} value={breached} onChange={onFilter(setBreached)}
          options={[{ value: '', label: t('desk.filter.anySla') }, { value: 'true', label: t('desk.filter.breached') }, { value: 'false', label: t('desk.filter.notBreached') }]} />
        <CustomerSelect style={{ width: 240 }} value={customerId} onChange={(id) => set('customer_id', id)} placeholder={t('desk.filter.customer')} />
      </Space>
      <ProblemAlert error={error || dirError} />
      {noUnit ? (
        <Alert type="info" showIcon title={t('desk.queue.noUnit')} description={t('desk.queue.noUnitHint')} />
      ) : (
        <>
          <TicketTable items={data?.items ?? []} loading={loading || (unitPending && dirLoading)} dir={dir} />
          <CursorPager page={pager.page} nextCursor={data?.next_cursor} onPrev={pager.prev} onNext={pager.next} />
        </>
      )}
      <NewTicketDrawer
        open={creating}
        dir={dir}
        defaultCustomer={customerId}
        onClose={() => setCreating(false)}
        onCreated={(tk) => { setCreating(false); nav(`/tickets/${tk.id}`); }}
      />
    </Card>
  );
}
