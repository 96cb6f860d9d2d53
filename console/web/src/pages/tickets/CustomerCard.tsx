import { Card, Descriptions, Empty, Space, Tag } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { quietText } from '../customers/customerForm';
import { tierColor } from './labels';

// CustomerCard: who raised the ticket, their tier and when not to call them.
export function CustomerCard({ id }: { id?: string }) {
  const t = useT();
  const { data: c, error, loading } = useAsync(async () => (id ? unwrap(api.GET('/v1/customers/{id}', { params: { path: { id } } })) : undefined), [id]);
  return (
    <Card size="small" title={<Space><UserOutlined />{t('desk.ticket.customer')}</Space>} loading={loading && !!id} data-testid="customer-card"
      extra={c && <Link to={`/tickets?customer_id=${c.id}&queue=all`}>{t('desk.customer.tickets')}</Link>}>
      <ProblemAlert error={error} />
      {!id && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.customer.anonymous')} />}
      {c && (
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'name', label: t('desk.customer.name'), children: <Space size={6}>{c.name}<Tag color={tierColor[c.tier]}>{t(`desk.tier.${c.tier}`)}</Tag></Space> },
            ...(c.phone ? [{ key: 'phone', label: t('desk.customer.phone'), children: c.phone }] : []),
            ...(c.email ? [{ key: 'email', label: t('desk.customer.email'), children: c.email }] : []),
            ...(c.quiet_hours?.length ? [{ key: 'quiet', label: t('desk.customer.quietHours'), children: quietText(c.quiet_hours) }] : []),
            ...Object.entries(c.attributes ?? {}).map(([k, v]) => ({ key: `a-${k}`, label: k, children: typeof v === 'string' ? v : JSON.stringify(v) })),
          ]}
        />
      )}
    </Card>
  );
}
