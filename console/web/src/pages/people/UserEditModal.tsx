import { useEffect } from 'react';
import { Form, Input, Modal, Select, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { RoleSelect } from './RoleSelect';
import type { Role } from './useRoles';

type User = Schemas['UserView'];
interface Values { name: string; phone?: string; roles: string[]; locale?: 'zh-CN' | 'en' }

// UserEditModal changes a staff member's name, phone, language and direct
// roles (roles that come from positions are managed on the org chart).
export function UserEditModal({ user, roles, label, onClose, onSaved }: {
  user: User | null;
  roles: Role[];
  label: (name: string) => string;
  onClose: () => void;
  onSaved: (u: User) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);

  useEffect(() => {
    if (user) {
      reset();
      form.setFieldsValue({ name: user.name, phone: user.phone, roles: user.roles ?? [], locale: user.locale ?? 'zh-CN' });
    }
  }, [user, form, reset]);

  const submit = (v: Values) => {
    if (!user) return;
    return run(async () => {
      const body = { name: v.name.trim(), phone: v.phone?.trim() ?? '', roles: v.roles, locale: v.locale };
      onSaved(await unwrap(api.PATCH('/v1/users/{id}', { params: { path: { id: user.id } }, body })));
    });
  };

  const fromPositions = (user?.all_roles ?? []).filter((r) => !(user?.roles ?? []).includes(r));
  return (
    <Modal open={!!user} title={t('people.users.edit')} onOk={() => form.submit()} okText={t('action.save')}
      okButtonProps={{ loading: saving, id: 'user-edit-ok' }} onCancel={onClose} forceRender>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="user-edit-form">
        <Form.Item label={t('auth.email')}>
          <Typography.Text>{user?.email}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('people.users.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('people.users.phone')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="roles" label={t('people.users.roles')} rules={[{ required: true, type: 'array', min: 1 }]}
          extra={fromPositions.length ? t('people.users.rolesFromPositions', { roles: fromPositions.map(label).join('、') }) : undefined}>
          <RoleSelect roles={roles} label={label} testId="user-edit-roles" />
        </Form.Item>
        <Form.Item name="locale" label={t('people.users.locale')}>
          <Select options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en', label: 'English' }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
