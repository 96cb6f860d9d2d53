import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { PageHead } from './PageHead';
import { PermissionTags } from './PermissionTags';
import { RoleEditor } from './RoleEditor';
import { useRoles, type Role } from './useRoles';
import { PlanFeatureNotice, usePlanFeature } from '../billing/PlanFeature';

// Roles shows the built-in role ladder and the organization's own roles;
// custom roles inherit one of them and add permissions.
export default function Roles() {
  const t = useT();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const writable = can('roles:write') && !me?.read_only;
  const included = usePlanFeature('custom_roles');
  const { roles, label, loading, error, reload } = useRoles();
  const [open, setOpen] = useState<Role | null>(null);
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const remove = async (r: Role) => {
    setActionError(null);
    try {
      await unwrap(api.DELETE('/v1/roles/{name}', { params: { path: { name: r.name } } }));
      message.success(t('people.roles.deleted', { name: label(r.name) }));
      void reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const scopeText = (r: Role) => {
    if (r.scope) return t(`people.scope.${r.scope}`);
    // A custom role without its own scope sees what its parent sees.
    let p = roles.find((x) => x.name === r.parent);
    while (p && !p.scope) p = roles.find((x) => x.name === p!.parent);
    return p?.scope ? t('people.scope.inheritedAs', { scope: t(`people.scope.${p.scope}`) }) : t('people.scope.inherit');
  };

  const columns = [
    {
      title: t('people.roles.role'), key: 'label',
      render: (_: unknown, r: Role) => (
        <Space>
          <Typography.Text strong>{label(r.name)}</Typography.Text>
          <Typography.Text type="secondary" code>{r.name}</Typography.Text>
          {r.built_in ? <Tag>{t('people.roles.builtIn')}</Tag> : <Tag color="purple">{t('people.roles.custom')}</Tag>}
        </Space>
      ),
    },
    { title: t('people.roles.parent'), key: 'parent', render: (_: unknown, r: Role) => (r.parent ? label(r.parent) : '—') },
    { title: t('people.roles.scope'), key: 'scope', render: (_: unknown, r: Role) => scopeText(r) },
    { title: t('people.roles.holders'), dataIndex: 'holders', width: 90, align: 'right' as const },
    { title: t('people.roles.permCount'), key: 'count', width: 90, align: 'right' as const, render: (_: unknown, r: Role) => (r.permissions ?? []).length },
    {
      title: t('common.actions'), key: 'actions', width: 150,
      render: (_: unknown, r: Role) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(r)} data-testid={`role-open-${r.name}`}>
            {r.built_in || !writable ? t('people.roles.view') : t('action.edit')}
          </Button>
          {!r.built_in && writable && (
            <Popconfirm title={t('people.roles.confirmDelete', { name: label(r.name) })} description={t('people.roles.deleteHint')}
              onConfirm={() => remove(r)} okButtonProps={{ danger: true }}>
              <Button type="link" size="small" danger data-testid={`role-delete-${r.name}`}>{t('action.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHead
        title={t('nav.roles')}
        hint={t('people.roles.hint')}
        extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!included} data-testid="role-add">{t('people.roles.add')}</Button>}
      />
      <PlanFeatureNotice feature="custom_roles" included={included} />
      <ProblemAlert error={error || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      <Table<Role>
        rowKey="name"
        columns={columns}
        dataSource={roles}
        loading={loading}
        pagination={false}
        data-testid="role-table"
        expandable={{ expandedRowRender: (r) => <PermissionTags permissions={r.permissions ?? []} adds={r.adds ?? []} /> }}
      />
      <RoleEditor
        role={open}
        viewOnly={!writable}
        scopeText={scopeText}
        creating={creating}
        roles={roles}
        label={label}
        onClose={() => { setOpen(null); setCreating(false); }}
        onSaved={() => { setOpen(null); setCreating(false); message.success(t('common.saved')); void reload(); }}
      />
    </div>
  );
}
