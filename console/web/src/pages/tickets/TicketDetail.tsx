import { useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { FireOutlined, SwapOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { ApiError, api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useSession } from '../../auth/session';
import { useLocale } from '../../i18n';
import { AssignDialog } from './AssignDialog';
import { Composer } from './Composer';
import { CustomerCard } from './CustomerCard';
import { SlaBadge } from './SlaBadge';
import { StatusDialog } from './StatusDialog';
import { TicketCallbacks } from './TicketCallbacks';
import { Timeline } from './Timeline';
import { categoryPath } from './categoryTree';
import { priorityColor, statusColor } from './labels';
import { clockOf } from './sla';
import { movesFrom, type Move } from './statusFlow';
import { buildTimeline } from './timeline';
import { useCategories } from './useCategories';
import { useDirectory } from './useDirectory';
import { useNow } from './useNow';

// TicketDetail: one ticket, its SLA clocks, the customer, the whole story
// and what the agent can do next.
export default function TicketDetail() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const { can, me } = useSession();
  const now = useNow();
  const { dir, users } = useDirectory();
  const { categories } = useCategories();
  const [assigning, setAssigning] = useState(false);
  const [move, setMove] = useState<Move | null>(null);

  const { data, error, loading, reload, setData } = useAsync(async () => {
    const p = { params: { path: { id } } };
    const [ticket, events, comments] = await Promise.all([
      unwrap(api.GET('/v1/tickets/{id}', p)),
      unwrap(api.GET('/v1/tickets/{id}/events', p)),
      unwrap(api.GET('/v1/tickets/{id}/comments', p)),
    ]);
    return { ticket, events: events.items ?? [], comments: comments.items ?? [] };
  }, [id]);

  const entries = useMemo(() => buildTimeline(data?.events ?? [], data?.comments ?? [], t, {
    user: (u) => (u ? dir.userName[u] ?? t('desk.unknownUser') : t('desk.unassigned')),
    unit: (u) => (u ? dir.unitName[u] ?? t('desk.unknownUnit') : ''),
  }), [data, t, dir]);

  if (error instanceof ApiError && error.status === 404) {
    return <Result status="404" title={t('desk.ticket.notFound')} extra={<Link to="/tickets"><Button>{t('desk.ticket.back')}</Button></Link>} />;
  }
  if (!data) return loading ? <Spin style={{ display: 'block', marginTop: 80 }} /> : <ProblemAlert error={error} />;

  const tk = data.ticket;
  const writable = can('tickets:write') && !me?.read_only;
  const afterChange = () => { setAssigning(false); setMove(null); void reload(); };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/tickets">{t('nav.tickets')}</Link> }, { title: tk.number }]} />
      <ProblemAlert error={error} />
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap size={8} align="center">
            <Typography.Text type="secondary" copyable data-testid="ticket-number">{tk.number}</Typography.Text>
            <Tag color={statusColor[tk.status]} data-testid="ticket-status">{t(`desk.status.${tk.status}`)}</Tag>
            <Tag color={priorityColor[tk.priority]}>{t('desk.ticket.priorityTag', { p: t(`desk.priority.${tk.priority}`) })}</Tag>
            {tk.severity === 'major' && <Tag color="red" icon={<FireOutlined />}>{t('desk.ticket.major')}</Tag>}
            {tk.escalation_level > 0 && <Tag color="volcano">{t('desk.ticket.escalated', { n: tk.escalation_level })}</Tag>}
            {tk.reopen_count > 0 && <Tag color="orange">{t('desk.ticket.reopened', { n: tk.reopen_count })}</Tag>}
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="ticket-subject">{tk.subject}</Typography.Title>
          <Space wrap size={8}>
            <SlaBadge clock={clockOf(tk, 'first_response', now)} label={t('desk.sla.target.first_response')} />
            <SlaBadge clock={clockOf(tk, 'resolution', now)} label={t('desk.sla.target.resolution')} />
          </Space>
          {writable && (
            <Space wrap style={{ marginTop: 4 }} data-testid="ticket-actions">
              {movesFrom(tk.status).map((m) => (
                <Button key={m} onClick={() => setMove(m)} type={m === 'resolved' ? 'primary' : 'default'} data-testid={`move-${m}`}>{t(`desk.move.${m}`)}</Button>
              ))}
              {can('tickets:assign') && (
                <Button icon={<SwapOutlined />} onClick={() => setAssigning(true)} data-testid="ticket-assign">{t('desk.assign.button')}</Button>
              )}
            </Space>
          )}
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {tk.description && (
              <Card size="small" title={t('desk.ticket.description')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{tk.description}</Typography.Paragraph>
              </Card>
            )}
            {writable && <Card size="small"><Composer ticketId={tk.id} onPosted={() => void reload()} /></Card>}
            <Card size="small" title={t('desk.ticket.timeline')}><Timeline entries={entries} /></Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <CustomerCard id={tk.customer_id} />
            <TicketCallbacks ticketId={tk.id} version={tk.updated_at} />
            <Card size="small" title={t('desk.ticket.info')}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'type', label: t('desk.ticket.type'), children: t(`desk.type.${tk.type}`) },
                  { key: 'channel', label: t('desk.ticket.channel'), children: t(`desk.channel.${tk.channel}`) },
                  { key: 'category', label: t('desk.ticket.category'), children: categoryPath(categories, tk.category, locale) || '—' },
                  { key: 'unit', label: t('desk.ticket.unit'), children: tk.unit_id ? dir.unitName[tk.unit_id] ?? t('desk.unknownUnit') : '—' },
                  { key: 'assignee', label: t('desk.col.assignee'), children: tk.assignee_id ? dir.userName[tk.assignee_id] ?? t('desk.unknownUser') : t('desk.unassigned') },
                  ...(tk.complaint_validity ? [{ key: 'validity', label: t('desk.ticket.validity'), children: t(`desk.validity.${tk.complaint_validity}`) }] : []),
                  { key: 'created', label: t('common.createdAt'), children: dayjs(tk.created_at).format('YYYY-MM-DD HH:mm') },
                  ...(tk.resolved_at ? [{ key: 'resolved', label: t('desk.ticket.resolvedAt'), children: dayjs(tk.resolved_at).format('YYYY-MM-DD HH:mm') }] : []),
                  ...(tk.closed_at ? [{ key: 'closed', label: t('desk.ticket.closedAt'), children: dayjs(tk.closed_at).format('YYYY-MM-DD HH:mm') }] : []),
                ]}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      <AssignDialog open={assigning} ticket={tk} dir={dir} users={users} onClose={() => setAssigning(false)}
        onDone={(saved) => { setData({ ...data, ticket: saved }); afterChange(); }} />
      <StatusDialog move={move} ticket={tk} onClose={() => setMove(null)}
        onDone={(saved) => { setData({ ...data, ticket: saved }); afterChange(); }} />
    </Space>
  );
}
