import { useState } from 'react';
import { Alert, App, Button, Flex, Input, Popconfirm, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { PageHead } from './PageHead';
import { UserCreateModal } from './UserCreateModal';
import { UserEditModal } from './UserEditModal';
import { UserStatusTag } from './UserStatusTag';
import { useRoles } from './useRoles';
import { useUserList, type UserFilter } from './useUserList';

dayjs.extend(relativeTime);
type User = Schemas['UserView'];

// Users is the staff directory: who works here, what they may do, and who
// is still to accept an invitation.
export default function Users() {
  const t = useT();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const writable = can('users:write') && !me?.read_only;
  const { roles, label, error: rolesError } = useRoles();
  const [filter, setFilter] = useState<UserFilter>({ q: '', status: '', role: '' });
  const list = useUserList(filter);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [invited, setInvited] = useState<User | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const toggleActive = async (u: User) => {
    setActionError(null);
    try {
      const path = u.status === 'deactivated' ? '/v1/users/{id}/reactivate' : '/v1/users/{id}/deactivate';
      const r = await unwrap(api.POST(path, { params: { path: { id: u.id } } }));
      list.replace(r);
      message.success(t(r.status === 'deactivated' ? 'people.users.deactivated' : 'people.users.reactivated', { name: r.name }));
    } catch (e) {
      setActionError(e);
    }
  };

  const columns = [
    {
      title: t('people.users.name'), key: 'name',
      render: (_: unknown, u: User) => (
        <div>
          <Typography.Text strong>{u.name}</Typography.Text>
          {u.id === me?.user?.id && <Tag style={{ marginInlineStart: 8 }}>{t('people.users.you')}</Tag>}
          <div><Typography.Text type="secondary">{u.email}</Typography.Text></div>
        </div>
      ),
    },
    {
      title: t('people.users.roles'), key: 'roles',
      render: (_: unknown, u: User) => (
        <Flex gap={4} wrap>
          {(u.roles ?? []).map((r) => <Tag key={r} color="blue">{label(r)}</Tag>)}
          {(u.all_roles ?? []).filter((r) => !(u.roles ?? []).includes(r)).map((r) => (
            <Tooltip key={r} title={t('people.users.viaPosition')}><Tag>{label(r)}</Tag></Tooltip>
          ))}
        </Flex>
      ),
    },
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: string) => <UserStatusTag status={s} /> },
    {
      title: t('people.users.lastLogin'), dataIndex: 'last_login_at', width: 150,
      render: (v?: string) => v
        ? <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm')}>{dayjs(v).fromNow()}</Tooltip>
        : <Typography.Text type="secondary">{t('people.users.never')}</Typography.Text>,
    },
    ...(writable ? [{
      title: t('common.actions'), key: 'actions', width: 150,
      render: (_: unknown, u: User) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.email}`}>{t('action.edit')}</Button>
          {u.id !== me?.user?.id && (
            <Popconfirm
              title={t(u.status === 'deactivated' ? 'people.users.confirmReactivate' : 'people.users.confirmDeactivate', { name: u.name })}
              description={u.status === 'deactivated' ? undefined : t('people.users.deactivateHint')}
              onConfirm={() => toggleActive(u)}
              okButtonProps={{ danger: u.status !== 'deactivated' }}
            >
              <Button type="link" size="small" danger={u.status !== 'deactivated'} data-testid={`user-toggle-${u.email}`}>
                {t(u.status === 'deactivated' ? 'people.users.reactivate' : 'people.users.deactivate')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    }] : []),
  ];

  return (
    <div>
      <PageHead
        title={t('nav.users')}
        hint={t('people.users.hint')}
        extra={<>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('action.refresh')}</Button>
          {writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-add">{t('people.users.add')}</Button>}
        </>}
      />
      {invited && (
        <Alert type="success" showIcon closable={{ onClose: () => setInvited(null) }} style={{ marginBottom: 16 }} data-testid="invite-sent"
          title={t('people.users.invitedTitle', { email: invited.email })}
          description={<>
            {t('people.users.invitedBody')}
            {invited.invite_url && (
              <div style={{ marginTop: 8 }}>
                {t('people.users.inviteLink')}{' '}
                <Typography.Text copyable code data-testid="invite-url">{invited.invite_url}</Typography.Text>
              </div>
            )}
          </>} />
      )}
      <ProblemAlert error={list.error || rolesError || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('people.users.searchHint')} style={{ width: 260 }} onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() }))} data-testid="user-search" />
        <Segmented
          value={filter.status}
          onChange={(v) => setFilter((f) => ({ ...f, status: v as UserFilter['status'] }))}
          options={[
            { value: '', label: t('common.all') },
            { value: 'active', label: t('people.status.active') },
            { value: 'invited', label: t('people.status.invited') },
            { value: 'deactivated', label: t('people.status.deactivated') },
          ]}
        />
        <Select allowClear placeholder={t('people.users.filterRole')} style={{ width: 180 }} value={filter.role || undefined}
          onChange={(v?: string) => setFilter((f) => ({ ...f, role: v ?? '' }))}
          options={roles.map((r) => ({ value: r.name, label: label(r.name) }))} />
      </Flex>
      <Table<User> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} pagination={false} data-testid="user-table" />
      {list.hasMore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={list.loadMore} loading={list.loading}>{t('people.loadMore')}</Button>
        </Flex>
      )}
      <UserCreateModal open={creating} roles={roles} label={label} onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          if (u.status === 'invited') setInvited(u);
          else message.success(t('people.users.created', { name: u.name }));
          void list.reload();
        }} />
      <UserEditModal user={editing} roles={roles} label={label} onClose={() => setEditing(null)}
        onSaved={(u) => { setEditing(null); list.replace(u); message.success(t('common.saved')); }} />
    </div>
  );
}
