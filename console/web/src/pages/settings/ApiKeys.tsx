import { useState } from 'react';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Popconfirm, Radio, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorList } from '../../components/useCursorList';
import { useT } from '../../i18n';
import { PageHead } from '../people/PageHead';
import { canGrant } from '../people/permissions';
import { useRoles, type Role } from '../people/useRoles';
import { PlanFeatureNotice, usePlanFeature } from '../billing/PlanFeature';

dayjs.extend(relativeTime);
type Key = Schemas['APIKeyView'];
type CreatedKey = Schemas['CreatedAPIKeyView'];

const statusColor: Record<string, string> = { active: 'green', expired: 'orange', revoked: 'default' };

// useKeyList pages through /v1/api-keys with the API's cursor ("load more").
function useKeyList() {
  return useCursorList<Key>((cursor) => unwrap(api.GET('/v1/api-keys', { params: { query: { limit: 50, cursor } } })), []);
}

// ApiKeys lists the keys integrating systems call the API with; a new
// key's secret is shown once, right after it is created.
export default function ApiKeys() {
  const t = useT();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const writable = can('api_keys:write') && !me?.read_only;
  const included = usePlanFeature('api_access');
  const { roles, label, error: rolesError } = useRoles();
  const list = useKeyList();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const revoke = async (k: Key) => {
    setActionError(null);
    try {
      await unwrap(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
      message.success(t('keys.revoked', { name: k.name }));
      void list.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const columns = [
    {
      title: t('keys.name'), key: 'name',
      render: (_: unknown, k: Key) => (
        <Flex gap={8} align="center">
          <Typography.Text strong>{k.name}</Typography.Text>
          <Tag color={k.mode === 'live' ? 'blue' : 'gold'}>{t(`keys.mode.${k.mode}`)}</Tag>
        </Flex>
      ),
    },
    { title: t('keys.hintCol'), dataIndex: 'hint', render: (h: string) => <Typography.Text code>{h}</Typography.Text> },
    { title: t('keys.role'), dataIndex: 'role', render: (r: string) => <Tag color="blue">{label(r)}</Tag> },
    {
      title: t('keys.lastUsed'), key: 'last_used', width: 170,
      render: (_: unknown, k: Key) => k.last_used_at
        ? <Tooltip title={`${dayjs(k.last_used_at).format('YYYY-MM-DD HH:mm')} · ${k.last_used_ip ?? ''}`}>{dayjs(k.last_used_at).fromNow()}</Tooltip>
        : <Typography.Text type="secondary">{t('keys.unused')}</Typography.Text>,
    },
    {
      title: t('keys.expiresAt'), dataIndex: 'expires_at', width: 150,
      render: (v?: string) => v ? dayjs(v).format('YYYY-MM-DD HH:mm') : <Typography.Text type="secondary">{t('keys.never')}</Typography.Text>,
    },
    {
      title: t('common.status'), dataIndex: 'status', width: 100,
      render: (s: string) => <Tag color={statusColor[s]} data-testid="key-status">{t(`keys.status.${s}`)}</Tag>,
    },
    ...(writable ? [{
      title: t('common.actions'), key: 'actions', width: 100,
      render: (_: unknown, k: Key) => k.status === 'revoked' ? null : (
        <Popconfirm
          title={t('keys.confirmRevoke', { name: k.name })}
          description={t('keys.revokeHint')}
          onConfirm={() => revoke(k)}
          okButtonProps={{ danger: true, id: `key-revoke-ok-${k.id}` }}
        >
          <Button type="link" size="small" danger data-testid={`key-revoke-${k.name}`}>{t('keys.revoke')}</Button>
        </Popconfirm>
      ),
    }] : []),
  ];

  return (
    <div>
      <PageHead
        title={t('nav.apiKeys')}
        hint={t('keys.hint')}
        extra={<>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('action.refresh')}</Button>
          {writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!included} data-testid="key-add">{t('keys.add')}</Button>}
        </>}
      />
      <PlanFeatureNotice feature="api_access" included={included} />
      <ProblemAlert error={list.error || rolesError || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      <Table<Key> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} pagination={false}
        locale={{ emptyText: t('keys.empty') }} data-testid="key-table" />
      {list.hasMore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={list.loadMore} loading={list.loading}>{t('keys.loadMore')}</Button>
        </Flex>
      )}
      <KeyCreateModal open={creating} roles={roles} label={label} onClose={() => setCreating(false)}
        onCreated={(k) => { setCreating(false); setCreated(k); void list.reload(); }} />
      <KeyShownOnce created={created} onClose={() => setCreated(null)} />
    </div>
  );
}

interface Values { name: string; role: string; mode: 'live' | 'test'; expires_at?: Dayjs | null }

// toCreateBody sends the expiry as an RFC 3339 instant, or leaves it out.
export function toCreateBody(v: Values): Schemas['CreateAPIKeyInputBody'] {
  return { name: v.name.trim(), role: v.role, mode: v.mode, ...(v.expires_at ? { expires_at: v.expires_at.toISOString() } : {}) };
}

// KeyCreateModal asks for a name, a role (those beyond the caller's own
// permissions are disabled, as the API would refuse them), the mode and
// an optional expiry.
function KeyCreateModal({ open, roles, label, onClose, onCreated }: {
  open: boolean;
  roles: Role[];
  label: (name: string) => string;
  onClose: () => void;
  onCreated: (k: CreatedKey) => void;
}) {
  const t = useT();
  const { me } = useSession();
  const mine = me?.permissions ?? [];
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error } = useApiSubmit(form);

  const submit = (v: Values) => run(async () => {
    const k = await unwrap(api.POST('/v1/api-keys', { body: toCreateBody(v) }));
    form.resetFields();
    onCreated(k);
  });

  return (
    <Modal open={open} title={t('keys.add')} okText={t('action.create')} onOk={() => form.submit()}
      okButtonProps={{ loading: saving, id: 'key-create-ok' }} onCancel={onClose} destroyOnHidden forceRender>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ mode: 'live', role: 'agent' }} data-testid="key-create-form">
        <Form.Item name="name" label={t('keys.name')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="key-name" maxLength={100} placeholder={t('keys.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="role" label={t('keys.role')} extra={t('keys.roleHelp')} rules={[{ required: true }]}>
          <Select data-testid="key-role" showSearch optionFilterProp="label"
            options={roles.map((r) => ({ value: r.name, label: label(r.name), disabled: !canGrant(r.permissions, mine) }))} />
        </Form.Item>
        <Form.Item name="mode" label={t('keys.mode')} extra={t('keys.modeHelp')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[
            { value: 'live', label: t('keys.mode.live') },
            { value: 'test', label: t('keys.mode.test') },
          ]} />
        </Form.Item>
        <Form.Item name="expires_at" label={t('keys.expiresAt')} extra={t('keys.expiresHelp')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="key-expires" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// KeyShownOnce shows a new key's secret with a copy button; after it closes
// nobody can see the secret again.
function KeyShownOnce({ created, onClose }: { created: CreatedKey | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      message.success(t('keys.copied'));
    } catch {
      // The clipboard may be refused (no permission, plain http): the key
      // stays on screen to be selected by hand.
    }
  };
  return (
    <Modal open={!!created} title={<><KeyOutlined /> {t('keys.createdTitle')}</>} onCancel={onClose} maskClosable={false}
      footer={<Button type="primary" onClick={onClose} data-testid="key-done">{t('keys.done')}</Button>}>
      <Alert type="warning" showIcon title={t('keys.createdWarning')} style={{ marginBottom: 16 }} />
      <Flex gap={8} align="center">
        <Typography.Text code data-testid="key-secret" style={{ wordBreak: 'break-all', fontSize: 14 }}>{created?.key}</Typography.Text>
        <Button onClick={copy} data-testid="key-copy">{t('keys.copy')}</Button>
      </Flex>
    </Modal>
  );
}
