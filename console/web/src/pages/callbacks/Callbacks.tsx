import { useState } from 'react';
import { Badge, Button, Card, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorList } from '../../components/useCursorList';
import { useT } from '../../i18n';
import { CALLBACK_STATUSES, callbackStatusColor, options, outcomeColor, tierColor, type CallbackStatus } from '../tickets/labels';
import { useDirectory } from '../tickets/useDirectory';
import { CallbackDrawer } from './CallbackDrawer';
import { isOverdue, keep, queryFor, type Tab } from './worklist';

type Callback = Schemas['CallbackView'];

// Callbacks (回访) worklist: what to call today, what is overdue, and the
// full record; a row opens the call sheet.
export default function Callbacks() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab) || 'today';
  const openId = params.get('open');
  const [mine, setMine] = useState(false);
  const [status, setStatus] = useState<CallbackStatus | ''>('');
  const { dir } = useDirectory();

  // Overdue and "today" are judged at the first page's time, so every
  // page of one list uses the same instant.
  const [now, setNow] = useState(0);
  const list = useCursorList<Callback>(async (cursor) => {
    const at = cursor ? new Date(now) : new Date();
    const r = await unwrap(api.GET('/v1/callbacks', { params: { query: { ...queryFor(tab, at, mine, status), cursor } } }));
    if (!cursor) setNow(at.getTime());
    return { items: (r.items ?? []).filter((c) => keep(tab, c, at)), next_cursor: r.next_cursor };
  }, [tab, mine, status]);
  const { items, error, loading, reload } = list;
  const loaded = !loading || items.length > 0;

  const set = (k: string, v?: string | null) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v); else p.delete(k);
    setParams(p, { replace: true });
  };

  const columns = [
    {
      title: t('desk.cb.ticket'), key: 'ticket',
      render: (_: unknown, c: Callback) => {
        return (
          <div>
            <Link to={`/tickets/${c.ticket_id}`}>{c.ticket_number ?? c.ticket_id}</Link>
            {c.ticket_subject && <div style={{ color: '#666', fontSize: 12 }}>{c.ticket_subject}</div>}
          </div>
        );
      },
    },
    {
      title: t('desk.ticket.customer'), key: 'customer', width: 200,
      render: (_: unknown, c: Callback) => {
        if (!c.customer_name) return '—';
        const tier = c.customer_tier;
        return <Space size={4}>{c.customer_name}{tier && tier !== 'regular' && <Tag color={tierColor[tier]}>{t(`desk.tier.${tier}`)}</Tag>}</Space>;
      },
    },
    { title: t('desk.cb.scheduled'), dataIndex: 'scheduled_at', key: 'scheduled', width: 130, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
    {
      title: t('desk.cb.due'), dataIndex: 'due_at', key: 'due', width: 150,
      render: (v: string, c: Callback) => isOverdue(c, now)
        ? <Typography.Text type="danger">{dayjs(v).format('MM-DD HH:mm')} · {t('desk.cb.overdue')}</Typography.Text>
        : dayjs(v).format('MM-DD HH:mm'),
    },
    { title: t('desk.cb.attempts'), key: 'attempts', width: 80, render: (_: unknown, c: Callback) => `${c.attempts?.length ?? 0}/${c.max_attempts}` },
    {
      title: t('common.status'), key: 'status', width: 160,
      render: (_: unknown, c: Callback) => (
        <Space size={4}>
          <Tag color={callbackStatusColor[c.status]}>{t(`desk.cbStatus.${c.status}`)}</Tag>
          {c.outcome && <Tag color={outcomeColor[c.outcome]}>{t(`desk.outcome.${c.outcome}`)}</Tag>}
        </Space>
      ),
    },
    { title: t('desk.cb.assignee'), key: 'assignee', width: 100, render: (_: unknown, c: Callback) => (c.assignee_id ? dir.userName[c.assignee_id] ?? t('desk.unknownUser') : t('desk.unassigned')) },
    {
      title: '', key: 'go', width: 90,
      render: (_: unknown, c: Callback) => (
        <Button size="small" type={c.status === 'pending' ? 'primary' : 'default'} icon={c.status === 'pending' ? <PhoneOutlined /> : undefined}
          onClick={() => set('open', c.id)} data-testid="callback-open">
          {c.status === 'pending' ? t('desk.cb.call') : t('desk.cb.view')}
        </Button>
      ),
    },
  ];

  const label = (k: Tab) => (tab === k && loaded ? <Badge count={items.length} size="small" offset={[8, -2]} color={k === 'overdue' ? 'red' : 'blue'}>{t(`desk.cbTab.${k}`)}</Badge> : t(`desk.cbTab.${k}`));

  return (
    <Card title={t('nav.callbacks')} extra={<Button icon={<ReloadOutlined />} onClick={() => void reload()}>{t('action.refresh')}</Button>}>
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k === 'today' ? undefined : k)}
        items={(['today', 'overdue', 'all'] as Tab[]).map((k) => ({ key: k, label: <span data-testid={`cb-tab-${k}`}>{label(k)}</span> }))}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Space size={6}><Switch checked={mine} onChange={setMine} size="small" />{t('desk.cb.mine')}</Space>
        {tab === 'all' && (
          <Select style={{ width: 140 }} value={status} onChange={setStatus} data-testid="cb-status-filter"
            options={[{ value: '', label: t('desk.filter.allStatus') }, ...options(t, 'cbStatus', CALLBACK_STATUSES)]} />
        )}
      </Space>
      <ProblemAlert error={error} />
      <Table<Callback>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        columns={columns}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t(`desk.cbTab.${tab}.empty`) }}
        data-testid="callback-table"
      />
      {list.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={list.loadMore} loading={loading} data-testid="callback-more">{t('desk.cb.loadMore')}</Button>
        </div>
      )}
      <CallbackDrawer id={openId} names={dir.userName} onClose={() => set('open', null)} onRecorded={() => void reload()} />
    </Card>
  );
}
