import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorList } from '../../components/useCursorList';
import { useT } from '../../i18n';
import { PageHead } from '../people/PageHead';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookFormModal, WebhookSecretModal, useEventTypes } from './WebhookFormModal';
import { ALL } from './webhookEvents';
import { PlanFeatureNotice, usePlanFeature } from '../billing/PlanFeature';

type Endpoint = Schemas['WebhookEndpointView'];
type Created = Schemas['CreatedWebhookEndpointView'];

// useEndpointList pages through /v1/webhooks ("load more").
function useEndpointList() {
  return useCursorList<Endpoint>((cursor) => unwrap(api.GET('/v1/webhooks', { params: { query: { limit: 50, cursor } } })), []);
}

// Webhooks lists the receivers Kefu sends events to: their subscriptions,
// whether they are on (and why not), with test sends and the delivery log.
export default function Webhooks() {
  const t = useT();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const writable = can('webhooks:write') && !me?.read_only;
  const included = usePlanFeature('webhooks');
  const list = useEndpointList();
  const catalogue = useEventTypes();
  const [editing, setEditing] = useState<Endpoint | 'new' | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [logOf, setLogOf] = useState<Endpoint | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const act = async (id: string, fn: () => Promise<void>) => {
    setBusy(id);
    setActionError(null);
    try {
      await fn();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };
  const setEnabled = (ep: Endpoint, enabled: boolean) => act(ep.id, async () => {
    await unwrap(api.PATCH('/v1/webhooks/{id}', { params: { path: { id: ep.id } }, body: { enabled } }));
    message.success(t(enabled ? 'hooks.enabledMsg' : 'hooks.disabledMsg'));
    void list.reload();
  });
  const sendTest = (ep: Endpoint) => act(ep.id, async () => {
    const r = await unwrap(api.POST('/v1/webhooks/{id}/test', { params: { path: { id: ep.id } } }));
    const a = r.attempt;
    if (a.status_code >= 200 && a.status_code < 300) message.success(t('hooks.testOk', { code: a.status_code, ms: a.latency_ms }));
    else message.error(t('hooks.testFailed', { error: a.error || String(a.status_code) }));
  });
  const remove = (ep: Endpoint) => act(ep.id, async () => {
    await unwrap(api.DELETE('/v1/webhooks/{id}', { params: { path: { id: ep.id } } }));
    message.success(t('hooks.deleted'));
    void list.reload();
  });

  const typeLabel = (type: string) => (type === ALL ? t('hooks.allEvents') : t(`hooks.type.${type}`));
  const columns = [
    {
      title: t('hooks.url'), key: 'url',
      render: (_: unknown, ep: Endpoint) => (
        <div>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{ep.url}</Typography.Text>
          {ep.description && <div><Typography.Text type="secondary">{ep.description}</Typography.Text></div>}
        </div>
      ),
    },
    {
      title: t('hooks.events'), key: 'events', width: 320,
      render: (_: unknown, ep: Endpoint) => (
        <Flex gap={4} wrap>{(ep.events ?? []).map((e) => <Tag key={e} color={e === ALL ? 'purple' : 'blue'}>{typeLabel(e)}</Tag>)}</Flex>
      ),
    },
    {
      title: t('common.status'), key: 'status', width: 190,
      render: (_: unknown, ep: Endpoint) => ep.enabled ? (
        <Flex vertical align="flex-start">
          <Tag color="green" data-testid="webhook-status">{t('hooks.enabled')}</Tag>
          {ep.consecutive_failures > 0 && (
            <Tooltip title={ep.failing_since ? t('hooks.failingSince', { at: dayjs(ep.failing_since).format('YYYY-MM-DD HH:mm') }) : undefined}>
              <Typography.Text type="warning">{t('hooks.failures', { n: ep.consecutive_failures })}</Typography.Text>
            </Tooltip>
          )}
        </Flex>
      ) : (
        <Flex vertical align="flex-start">
          <Tag color="red" data-testid="webhook-status">{t('hooks.disabled')}</Tag>
          {ep.disabled_reason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{ep.disabled_reason}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('common.actions'), key: 'actions', width: 300,
      render: (_: unknown, ep: Endpoint) => (
        <Flex gap={4} wrap align="center">
          <Button size="small" icon={<UnorderedListOutlined />} onClick={() => setLogOf(ep)} data-testid="webhook-log">{t('hooks.log')}</Button>
          {writable && <>
            <Button size="small" icon={<SendOutlined />} loading={busy === ep.id} onClick={() => sendTest(ep)} data-testid="webhook-test">{t('hooks.test')}</Button>
            <Button size="small" type="link" onClick={() => setEditing(ep)} data-testid="webhook-edit">{t('action.edit')}</Button>
            <Tooltip title={ep.enabled ? t('hooks.disable') : t('hooks.enable')}>
              <Switch size="small" checked={ep.enabled} loading={busy === ep.id} onChange={(v) => setEnabled(ep, v)} data-testid="webhook-enabled" />
            </Tooltip>
            <Popconfirm title={t('hooks.confirmDelete')} description={t('hooks.deleteHint')} onConfirm={() => remove(ep)} okButtonProps={{ danger: true }}>
              <Button size="small" type="link" danger data-testid="webhook-delete">{t('action.delete')}</Button>
            </Popconfirm>
          </>}
        </Flex>
      ),
    },
  ];

  return (
    <div>
      <PageHead
        title={t('nav.webhooks')}
        hint={t('hooks.hint')}
        extra={<>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('action.refresh')}</Button>
          {writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!included} data-testid="webhook-add">{t('hooks.add')}</Button>}
        </>}
      />
      <PlanFeatureNotice feature="webhooks" included={included} />
      <ProblemAlert error={list.error || catalogue.error || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      <Table<Endpoint> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} pagination={false}
        locale={{ emptyText: t('hooks.empty') }} data-testid="webhook-table" />
      {list.hasMore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={list.loadMore} loading={list.loading}>{t('hooks.loadMore')}</Button>
        </Flex>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('hooks.signatureHelp')} <Typography.Text code>{'Kefu-Signature: t=<unix>,v1=<hex HMAC-SHA256("<t>.<body>")>'}</Typography.Text>
      </Typography.Paragraph>
      <WebhookFormModal
        endpoint={editing === 'new' ? null : editing}
        open={editing !== null}
        catalogue={catalogue.items}
        onClose={() => setEditing(null)}
        onSaved={(ep, secret) => {
          setEditing(null);
          if (secret) setCreated(ep as Created);
          else message.success(t('common.saved'));
          void list.reload();
        }}
      />
      <WebhookSecretModal created={created} onClose={() => setCreated(null)} />
      <WebhookDeliveries endpoint={logOf} writable={writable} onClose={() => setLogOf(null)} />
    </div>
  );
}
