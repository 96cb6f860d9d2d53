import { useEffect, useState } from 'react';
import { App, Button, Drawer, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorList } from '../../components/useCursorList';
import { useT } from '../../i18n';
import { codeColor, deliveryColor } from './webhookEvents';

type Endpoint = Schemas['WebhookEndpointView'];
type Delivery = Schemas['WebhookDeliveryView'];
type Attempt = Schemas['WebhookAttemptView'];

const fmt = (at?: string) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '');

// useDeliveries pages through an endpoint's delivery log, newest first.
function useDeliveries(endpointID: string | undefined, status: string) {
  const fetchPage = endpointID
    ? (cursor?: string) => {
        const query = { limit: 50, cursor, ...(status ? { status: status as Delivery['status'] } : {}) };
        return unwrap(api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: endpointID }, query } }));
      }
    : undefined;
  return useCursorList<Delivery>(fetchPage, [endpointID, status], { clear: true });
}

// AttemptLog loads one delivery's attempts when its row is expanded.
function AttemptLog({ endpointID, delivery }: { endpointID: string; delivery: Delivery }) {
  const t = useT();
  const [rows, setRows] = useState<Attempt[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/v1/webhooks/{id}/deliveries/{delivery_id}', { params: { path: { id: endpointID, delivery_id: delivery.id } } }))
      .then((d) => { if (live) setRows(d.attempt_log ?? []); })
      .catch((e) => { if (live) setError(e); });
    return () => { live = false; };
  }, [endpointID, delivery.id, delivery.attempts]);
  return (
    <>
      <ProblemAlert error={error} />
      <Table<Attempt> size="small" rowKey="id" loading={rows === null && !error} dataSource={rows ?? []} pagination={false}
        data-testid="webhook-attempts"
        columns={[
          { title: t('hooks.at'), dataIndex: 'at', width: 170, render: fmt },
          { title: t('hooks.code'), dataIndex: 'status_code', width: 90, render: (c: number) => <Tag color={codeColor(c)}>{c || t('hooks.noAnswer')}</Tag> },
          { title: t('hooks.latency'), dataIndex: 'latency_ms', width: 90, render: (ms: number) => `${ms} ms` },
          { title: t('hooks.error'), dataIndex: 'error', render: (e?: string) => e ?? '' },
          {
            title: t('hooks.response'), dataIndex: 'response',
            render: (r?: string) => r ? <Typography.Text code ellipsis={{ tooltip: r }} style={{ maxWidth: 260 }}>{r}</Typography.Text> : '',
          },
          { title: '', dataIndex: 'manual', width: 80, render: (m: boolean) => (m ? <Tag>{t('hooks.manual')}</Tag> : null) },
        ]} />
    </>
  );
}

// WebhookDeliveries is an endpoint's delivery log in a drawer: each event
// with its status, attempts, last code and latency, attempts on expand,
// and a redeliver button.
export function WebhookDeliveries({ endpoint, writable, onClose }: { endpoint: Endpoint | null; writable: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [status, setStatus] = useState('');
  const log = useDeliveries(endpoint?.id, status);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const redeliver = async (d: Delivery) => {
    if (!endpoint) return;
    setBusy(d.id);
    setActionError(null);
    try {
      const r = await unwrap(api.POST('/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id: endpoint.id, delivery_id: d.id } } }));
      const a = r.attempt;
      if (a.status_code >= 200 && a.status_code < 300) message.success(t('hooks.testOk', { code: a.status_code, ms: a.latency_ms }));
      else message.error(t('hooks.testFailed', { error: a.error || String(a.status_code) }));
      void log.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  const columns = [
    { title: t('hooks.eventType'), dataIndex: 'event_type', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t('common.status'), dataIndex: 'status', width: 110,
      render: (s: string, d: Delivery) => (
        <Tooltip title={d.next_attempt_at ? t('hooks.nextAttempt', { at: fmt(d.next_attempt_at) }) : d.last_error}>
          <Tag color={deliveryColor[s]} data-testid="delivery-status">{t(`hooks.status.${s}`)}</Tag>
        </Tooltip>
      ),
    },
    { title: t('hooks.attempts'), dataIndex: 'attempts', width: 80 },
    { title: t('hooks.lastCode'), dataIndex: 'last_status_code', width: 100, render: (c?: number, d?: Delivery) => d?.attempts ? <Tag color={codeColor(c)}>{c || t('hooks.noAnswer')}</Tag> : '' },
    { title: t('hooks.latency'), dataIndex: 'last_latency_ms', width: 90, render: (ms?: number, d?: Delivery) => (d?.attempts ? `${ms ?? 0} ms` : '') },
    { title: t('hooks.time'), dataIndex: 'created_at', width: 170, render: fmt },
    ...(writable ? [{
      title: '', key: 'actions', width: 110,
      render: (_: unknown, d: Delivery) => (
        <Button size="small" icon={<RedoOutlined />} loading={busy === d.id} onClick={() => redeliver(d)} data-testid="delivery-redeliver">{t('hooks.redeliver')}</Button>
      ),
    }] : []),
  ];

  return (
    <Drawer open={!!endpoint} onClose={onClose} size={1000} destroyOnHidden
      title={<Flex vertical><span>{t('hooks.logTitle')}</span><Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>{endpoint?.url}</Typography.Text></Flex>}
      extra={<Flex gap={8}>
        <Select value={status} onChange={setStatus} style={{ width: 140 }} data-testid="delivery-filter" options={[
          { value: '', label: t('common.all') },
          { value: 'pending', label: t('hooks.status.pending') },
          { value: 'succeeded', label: t('hooks.status.succeeded') },
          { value: 'failed', label: t('hooks.status.failed') },
        ]} />
        <Button icon={<ReloadOutlined />} onClick={log.reload} data-testid="delivery-refresh">{t('action.refresh')}</Button>
      </Flex>}>
      <ProblemAlert error={log.error || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      {endpoint && (
        <Table<Delivery> rowKey="id" columns={columns} dataSource={log.items} loading={log.loading} pagination={false}
          locale={{ emptyText: t('hooks.noDeliveries') }} data-testid="delivery-table"
          expandable={{ expandedRowRender: (d) => <AttemptLog endpointID={endpoint.id} delivery={d} /> }} />
      )}
      {log.hasMore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={log.loadMore} loading={log.loading}>{t('hooks.loadMore')}</Button>
        </Flex>
      )}
    </Drawer>
  );
}
