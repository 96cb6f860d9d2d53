import { useEffect } from 'react';
import { Button, Drawer, Form, Input, Select, Space } from 'antd';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { useApiSubmit } from '../../components/useApiSubmit';
import { PermissionChecklist } from './PermissionChecklist';
import { RoleDetails } from './RoleDetails';
import { addsFromSelection, catalogOf } from './permissions';
import type { Role } from './useRoles';

type Scope = '' | 'own' | 'group' | 'department' | 'all';
interface Values { name: string; label: string; label_en?: string; description?: string; parent: string; scope: Scope; permissions: string[] }
export const SCOPES: Scope[] = ['own', 'group', 'department', 'all'];

// RoleEditor creates or edits a custom role, or shows a built-in one
// read-only. A custom role inherits a parent and adds permissions to it.
export function RoleEditor({ role, creating, roles, label, onClose, onSaved, viewOnly, scopeText }: {
  role: Role | null;
  viewOnly?: boolean;
  scopeText: (r: Role) => string;
  creating: boolean;
  roles: Role[];
  label: (name: string) => string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const parent = Form.useWatch('parent', form);
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  const open = creating || !!role;
  const readOnly = !!role?.built_in || !!viewOnly;

  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    if (role) {
      form.setFieldsValue({
        name: role.name, label: role.label, label_en: role.label_en, description: role.description,
        parent: role.parent ?? '', scope: role.scope ?? '',
        permissions: role.adds ?? [],
      });
    } else {
      form.setFieldsValue({ parent: 'agent', scope: '', permissions: [] });
    }
  }, [open, role, form, reset]);

  const inherited = roles.find((r) => r.name === parent)?.permissions ?? [];
  const catalog = catalogOf(roles, me?.permissions ?? []);

  const submit = (v: Values) => run(async () => {
    const adds = addsFromSelection(v.permissions ?? [], inherited);
    const common = { label: v.label.trim(), label_en: v.label_en?.trim() ?? '', description: v.description?.trim() ?? '', parent: v.parent, permissions: adds };
    if (role) {
      await unwrap(api.PATCH('/v1/roles/{name}', { params: { path: { name: role.name } }, body: { ...common, scope: v.scope } }));
    } else {
      await unwrap(api.POST('/v1/roles', { body: { ...common, name: v.name.trim(), ...(v.scope ? { scope: v.scope } : {}) } }));
    }
    onSaved();
  });

  const parents = roles.filter((r) => r.name !== role?.name);
  return (
    <Drawer
      open={open}
      size={720}
      title={role ? (readOnly ? label(role.name) : t('people.roles.edit', { name: label(role.name) })) : t('people.roles.add')}
      onClose={onClose}
      forceRender
      extra={!readOnly && (
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="role-save">{t('action.save')}</Button>
        </Space>
      )}
    >
      <ProblemAlert error={error} />
      {readOnly && role && <RoleDetails role={role} label={label} scope={scopeText(role)} />}
      <Form hidden={readOnly} form={form} layout="vertical" onFinish={submit} disabled={readOnly} data-testid="role-form">
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item name="label" label={t('people.roles.label')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
            <Input maxLength={60} data-testid="role-label" />
          </Form.Item>
          <Form.Item name="label_en" label={t('people.roles.labelEn')} style={{ flex: 1 }}>
            <Input maxLength={60} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="name" label={t('people.roles.code')} extra={!role && t('people.roles.codeHint')}
          rules={[{ required: true }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('people.roles.codeRule') }]}>
          <Input disabled={!!role} maxLength={40} data-testid="role-code" />
        </Form.Item>
        <Form.Item name="description" label={t('people.roles.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item name="parent" label={t('people.roles.parent')} rules={[{ required: !readOnly || !!role?.parent }]} style={{ flex: 1 }}
            extra={!readOnly && t('people.roles.parentHint')}>
            <Select data-testid="role-parent" options={parents.map((r) => ({ value: r.name, label: label(r.name) }))} />
          </Form.Item>
          <Form.Item name="scope" label={t('people.roles.scope')} style={{ flex: 1 }}>
            <Select data-testid="role-scope" options={[
              ...(readOnly ? [] : [{ value: '', label: t('people.scope.inherit') }]),
              ...SCOPES.map((s) => ({ value: s, label: t(`people.scope.${s}`) })),
            ]} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="permissions" label={t('people.roles.permissions')} extra={!readOnly && t('people.roles.permissionsHint')}>
          <PermissionChecklist catalog={catalog} inherited={inherited} mine={me?.permissions ?? []} disabled={readOnly} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
