import { useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, PlusOutlined, ProfileOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { TIERS, options, tierColor, type Tier } from '../tickets/labels';
import { useCursor } from '../tickets/useCursor';
import { CursorPager } from '../tickets/CursorPager';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { quietText } from './customerForm';

type Customer = Schemas['CustomerView'];

// Customers (客户档案): search by name, phone or email, filter by tier,
// create and edit archives with quiet hours and industry attributes.
export default function Customers() {
  const t = useT();
  const { can, me } = useSession();
  const writable = can('customers:write') && !me?.read_only;
  const [q, setQ] = useState('');
  const [tier, setTier] = useState<Tier | ''>('');
  const pager = useCursor();
  const [editing, setEditing] = useState<Customer | 'new' | null>(null);

  const { data, error, loading, reload } = useAsync(
    () => unwrap(api.GET('/v1/customers', { params: { query: { limit: 20, cursor: pager.cursor, q: q || undefined, tier } } })),
    [pager.cursor, q, tier],
  );

  const columns = [
    {
      title: t('desk.customer.name'), dataIndex: 'name', key: 'name',
      render: (_: string, c: Customer) => <Typography.Link onClick={() => writable && setEditing(c)} data-testid="customer-row-name">{c.name}</Typography.Link>,
    },
    { title: t('desk.customer.tier'), dataIndex: 'tier', key: 'tier', width: 110, render: (v: Tier) => <Tag color={tierColor[v]}>{t(`desk.tier.${v}`)}</Tag> },
    { title: t('desk.customer.phone'), dataIndex: 'phone', key: 'phone', width: 150, render: (v?: string) => v || '—' },
    { title: t('desk.customer.email'), dataIndex: 'email', key: 'email', ellipsis: true, render: (v?: string) => v || '—' },
    { title: t('desk.customer.quietHours'), key: 'quiet', width: 170, render: (_: unknown, c: Customer) => quietText(c.quiet_hours) || '—' },
    {
      title: t('desk.customer.attributes'), key: 'attrs',
      render: (_: unknown, c: Customer) => (
        <Space size={[4, 4]} wrap>
          {Object.entries(c.attributes ?? {}).slice(0, 3).map(([k, v]) => <Tag key={k}>{k}: {typeof v === 'string' ? v : JSON.stringify(v)}</Tag>)}
        </Space>
      ),
    },
    { title: t('desk.col.updated'), dataIndex: 'updated_at', key: 'updated', width: 130, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
    {
      title: t('common.actions'), key: 'actions', width: 110,
      render: (_: unknown, c: Customer) => (
        <Space size={4}>
          <Tooltip title={t('desk.customer.tickets')}><Link to={`/tickets?customer_id=${c.id}`}><Button type="text" size="small" icon={<ProfileOutlined />} /></Link></Tooltip>
          {writable && <Tooltip title={t('action.edit')}><Button type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} /></Tooltip>}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('nav.customers')}
      extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="customer-new">{t('desk.customer.new')}</Button>}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('desk.customer.searchHint')}
          style={{ width: 280 }}
          onSearch={(v) => { pager.reset(); setQ(v.trim()); }}
          data-testid="customer-search"
        />
        <Select
          style={{ width: 160 }}
          value={tier}
          onChange={(v) => { pager.reset(); setTier(v); }}
          options={[{ value: '', label: t('desk.customer.allTiers') }, ...options(t, 'tier', TIERS)]}
        />
      </Space>
      <ProblemAlert error={error} />
      <Table<Customer>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('desk.customer.empty') }}
        data-testid="customer-table"
      />
      <CursorPager page={pager.page} nextCursor={data?.next_cursor} onPrev={pager.prev} onNext={pager.next} />
      <CustomerFormDrawer
        open={editing !== null}
        customer={editing && editing !== 'new' ? editing : undefined}
        onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); void reload(); }}
      />
    </Card>
  );
}
