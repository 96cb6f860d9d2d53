import { Alert, Card, Descriptions, Drawer, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { quietText } from '../customers/customerForm';
import { callbackStatusColor, outcomeColor, tierColor } from '../tickets/labels';
import { AttemptForm } from './AttemptForm';
import { fillScript } from './worklist';

type Callback = Schemas['CallbackView'];

// CallbackDrawer is the callback agent's call sheet: who to call and when
// not to, the script to read, the form to record how the call went, and
// the attempts so far.
export function CallbackDrawer({ id, onClose, onRecorded, names }: {
  id: string | null;
  onClose: () => void;
  onRecorded: (c: Callback) => void;
  names: Record<string, string>;
}) {
  const t = useT();
  return (
    <Drawer open={!!id} onClose={onClose} size={620} title={t('desk.cb.sheet')} destroyOnHidden>
      {id && <Sheet id={id} onRecorded={onRecorded} names={names} />}
    </Drawer>
  );
}

function Sheet({ id, onRecorded, names }: { id: string; onRecorded: (c: Callback) => void; names: Record<string, string> }) {
  const t = useT();
  const { me, can } = useSession();
  const { data, error, loading, setData } = useAsync(async () => {
    const cb = await unwrap(api.GET('/v1/callbacks/{id}', { params: { path: { id } } }));
    // The call sheet still works if the ticket or customer cannot be read.
    const [ticket, customer] = await Promise.all([
      unwrap(api.GET('/v1/tickets/{id}', { params: { path: { id: cb.ticket_id } } })).catch(() => undefined),
      cb.customer_id ? unwrap(api.GET('/v1/customers/{id}', { params: { path: { id: cb.customer_id } } })).catch(() => undefined) : undefined,
    ]);
    return { cb, ticket, customer };
  }, [id]);

  if (!data) return loading ? <Spin /> : <ProblemAlert error={error} />;
  const { cb, ticket, customer } = data;
  const script = cb.script;
  const vars = { org: me?.tenant.name, ticket: ticket ? `${ticket.number}「${ticket.subject}」` : undefined, customer: customer?.name };
  const writable = can('callbacks:write') && !me?.read_only;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="callback-sheet">
      <Descriptions
        column={2}
        size="small"
        items={[
          { key: 'ticket', label: t('desk.cb.ticket'), span: 2, children: ticket ? <Link to={`/tickets/${cb.ticket_id}`}>{ticket.number} · {ticket.subject}</Link> : cb.ticket_id },
          { key: 'customer', label: t('desk.ticket.customer'), children: customer ? <Space size={4}>{customer.name}<Tag color={tierColor[customer.tier]}>{t(`desk.tier.${customer.tier}`)}</Tag></Space> : '—' },
          { key: 'phone', label: t('desk.customer.phone'), children: customer?.phone ? <Typography.Text copyable>{customer.phone}</Typography.Text> : '—' },
          { key: 'status', label: t('common.status'), children: <Tag color={callbackStatusColor[cb.status]} data-testid="callback-status">{t(`desk.cbStatus.${cb.status}`)}</Tag> },
          { key: 'attempts', label: t('desk.cb.attempts'), children: `${cb.attempts?.length ?? 0} / ${cb.max_attempts}` },
          { key: 'scheduled', label: t('desk.cb.scheduled'), children: dayjs(cb.scheduled_at).format('YYYY-MM-DD HH:mm') },
          { key: 'due', label: t('desk.cb.due'), children: dayjs(cb.due_at).format('YYYY-MM-DD HH:mm') },
        ]}
      />
      {!!customer?.quiet_hours?.length && (
        <Alert type="warning" showIcon title={t('desk.cb.quiet', { hours: quietText(customer.quiet_hours), tz: customer.timezone })} />
      )}
      {script && (
        <Card size="small" title={t('desk.cb.script', { name: script.name })} data-testid="callback-script">
          <Typography.Paragraph>{fillScript(script.opening, vars)}</Typography.Paragraph>
          <ol style={{ paddingInlineStart: 20, margin: 0 }}>
            {(script.questions ?? []).map((q) => <li key={q.key}>{q.text}</li>)}
          </ol>
        </Card>
      )}
      {cb.status === 'pending' && writable && (
        <Card size="small" title={t('desk.cb.record')}>
          <AttemptForm
            key={cb.attempts?.length ?? 0}
            cb={cb}
            vars={vars}
            onRecorded={(saved) => { setData({ ...data, cb: { ...saved, script: cb.script } }); onRecorded(saved); }}
          />
        </Card>
      )}
      {!!cb.attempts?.length && (
        <Card size="small" title={t('desk.cb.history')}>
          <Timeline
            items={cb.attempts.map((a, i) => ({
              key: i,
              color: a.outcome === 'unsatisfied' ? 'red' : a.outcome === 'unreachable' ? 'gray' : 'green',
              content: (
                <div>
                  <Space size={6}>
                    <Tag color={outcomeColor[a.outcome]}>{t(`desk.outcome.${a.outcome}`)}</Tag>
                    <span>{a.actor_id ? names[a.actor_id] ?? '' : ''}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(a.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                  </Space>
                  {a.note && <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{a.note}</div>}
                </div>
              ),
            }))}
          />
        </Card>
      )}
    </Space>
  );
}
