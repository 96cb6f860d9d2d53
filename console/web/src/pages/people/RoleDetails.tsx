import { Descriptions, Typography } from 'antd';
import { useT } from '../../i18n';
import { PermissionTags } from './PermissionTags';
import type { Role } from './useRoles';

// RoleDetails is the read-only view of a role (built-in ones, or any role
// for someone who may not change roles).
export function RoleDetails({ role, label, scope }: { role: Role; label: (n: string) => string; scope: string }) {
  const t = useT();
  return (
    <>
      <Descriptions column={2} size="small" style={{ marginBottom: 16 }} items={[
        { key: 'code', label: t('people.roles.code'), children: <Typography.Text code>{role.name}</Typography.Text> },
        { key: 'parent', label: t('people.roles.parent'), children: role.parent ? label(role.parent) : '—' },
        { key: 'scope', label: t('people.roles.scope'), children: scope },
        { key: 'holders', label: t('people.roles.holders'), children: role.holders },
        ...(role.description ? [{ key: 'desc', label: t('people.roles.description'), span: 2, children: role.description }] : []),
      ]} />
      <Typography.Title level={5}>{t('people.roles.permissions')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('people.roles.addsHint')}</Typography.Paragraph>
      <PermissionTags permissions={role.permissions ?? []} adds={role.adds ?? []} />
    </>
  );
}
