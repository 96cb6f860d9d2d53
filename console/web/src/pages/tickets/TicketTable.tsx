import { Table, Tag, Tooltip, Typography } from 'antd';
import { FireOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { useT } from '../../i18n';
import { priorityColor, statusColor, type Priority, type Ticket, type TicketStatus, type TicketType } from './labels';
import { currentClock } from './sla';
import { SlaBadge } from './SlaBadge';
import { useNow } from './useNow';
import type { Directory } from './directory';

// TicketTable: one row per ticket with its running SLA clock.
export function TicketTable({ items, loading, dir }: { items: Ticket[]; loading: boolean; dir: Directory }) {
  const t = useT();
  const now = useNow();
  const columns = [
    {
      title: t('desk.col.number'), dataIndex: 'number', key: 'number', width: 150,
      render: (v: string, tk: Ticket) => <Link to={`/tickets/${tk.id}`} data-testid="ticket-link">{v}</Link>,
    },
    {
      title: t('desk.col.subject'), dataIndex: 'subject', key: 'subject', ellipsis: true,
      render: (v: string, tk: Ticket) => (
        <>
          {tk.severity === 'major' && <Tooltip title={t('desk.ticket.major')}><FireOutlined style={{ color: '#cf1322', marginInlineEnd: 6 }} /></Tooltip>}
          <Link to={`/tickets/${tk.id}`} style={{ color: 'inherit' }}>{v}</Link>
        </>
      ),
    },
    { title: t('desk.col.type'), dataIndex: 'type', key: 'type', width: 90, render: (v: TicketType) => t(`desk.type.${v}`) },
    { title: t('desk.col.priority'), dataIndex: 'priority', key: 'priority', width: 90, render: (v: Priority) => <Tag color={priorityColor[v]}>{t(`desk.priority.${v}`)}</Tag> },
    { title: t('desk.col.status'), dataIndex: 'status', key: 'status', width: 100, render: (v: TicketStatus) => <Tag color={statusColor[v]} data-testid="ticket-status">{t(`desk.status.${v}`)}</Tag> },
    {
      title: t('desk.col.assignee'), key: 'assignee', width: 150, ellipsis: true,
      render: (_: unknown, tk: Ticket) => (
        <>
          {tk.assignee_id ? dir.userName[tk.assignee_id] ?? t('desk.unknownUser') : <Typography.Text type="secondary">{t('desk.unassigned')}</Typography.Text>}
          {tk.unit_id && <div style={{ fontSize: 12, color: '#888' }}>{dir.unitName[tk.unit_id] ?? ''}</div>}
        </>
      ),
    },
    { title: t('desk.col.sla'), key: 'sla', width: 190, render: (_: unknown, tk: Ticket) => <SlaBadge clock={currentClock(tk, now)} /> },
    { title: t('desk.col.updated'), dataIndex: 'updated_at', key: 'updated', width: 120, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
  ];
  return (
    <Table<Ticket>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      columns={columns}
      pagination={false}
      locale={{ emptyText: t('desk.ticket.empty') }}
      data-testid="ticket-table"
    />
  );
}
