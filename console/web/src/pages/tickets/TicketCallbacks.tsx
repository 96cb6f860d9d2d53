import { Card, Space, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { callbackStatusColor, outcomeColor } from './labels';

// TicketCallbacks lists the callbacks (回访) scheduled for this ticket.
export function TicketCallbacks({ ticketId, version }: { ticketId: string; version: string }) {
  const t = useT();
  const { data, error } = useAsync(async () => (await unwrap(api.GET('/v1/callbacks', { params: { query: { ticket_id: ticketId } } }))).items ?? [], [ticketId, version]);
  if (!error && !data?.length) return null;
  return (
    <Card size="small" title={<Space><PhoneOutlined />{t('nav.callbacks')}</Space>} data-testid="ticket-callbacks">
      <ProblemAlert error={error} />
      {(data ?? []).map((c) => (
        <div key={c.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '4px 0' }}>
          <Space size={6}>
            <Tag color={callbackStatusColor[c.status]}>{t(`desk.cbStatus.${c.status}`)}</Tag>
            {c.outcome && <Tag color={outcomeColor[c.outcome]}>{t(`desk.outcome.${c.outcome}`)}</Tag>}
            <Typography.Text type="secondary">{t('desk.cb.dueShort', { at: dayjs(c.due_at).format('MM-DD HH:mm') })}</Typography.Text>
          </Space>
          <Link to={`/callbacks?open=${c.id}`}>{t('desk.cb.open')}</Link>
        </div>
      ))}
    </Card>
  );
}
