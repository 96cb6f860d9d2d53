import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { RoleSelect } from './RoleSelect';
import type { Role } from './useRoles';

type Mode = 'invite' | 'password';
interface Values { mode: Mode; name: string; email: string; phone?: string; password?: string; roles: string[]; locale: 'zh-CN' | 'en' }

// toCreateBody leaves the password out for an invitation: that is how the
// API knows to mail a link instead of activating the account.
export function toCreateBody(v: Values): Schemas['CreateUserInputBody'] {
  return {
    name: v.name.trim(), email: v.email.trim(), roles: v.roles, locale: v.locale,
    ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
    ...(v.mode === 'password' && v.password ? { password: v.password } : {}),
  };
}

// UserCreateModal invites a staff member by email, or creates an active
// account with an initial password.
export function UserCreateModal({ open, roles, label, onClose, onCreated }: {
  open: boolean;
  roles: Role[];
  label: (name: string) => string;
  onClose: () => void;
  onCreated: (u: Schemas['UserView']) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const { run, busy: saving, error } = useApiSubmit(form);

  const submit = (v: Values) => run(async () => {
    const u = await unwrap(api.POST('/v1/users', { body: toCreateBody(v) }));
    form.resetFields();
    onCreated(u);
  });

  return (
    <Modal
      open={open}
      title={t('people.users.add')}
      okText={mode === 'password' ? t('action.create') : t('people.users.sendInvite')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, id: 'user-create-ok' }}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ mode: 'invite', roles: ['agent'], locale: 'zh-CN' }} data-testid="user-create-form">
        <Form.Item name="mode">
          <Radio.Group optionType="button" buttonStyle="solid" options={[
            { value: 'invite', label: t('people.users.modeInvite') },
            { value: 'password', label: t('people.users.modePassword') },
          ]} />
        </Form.Item>
        <Form.Item name="name" label={t('people.users.name')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="user-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
          <Input data-testid="user-email" />
        </Form.Item>
        <Form.Item name="phone" label={t('people.users.phone')}>
          <Input maxLength={30} />
        </Form.Item>
        {mode === 'password' && (
          <Form.Item name="password" label={t('people.users.initialPassword')} rules={[{ required: true, min: 8 }]} extra={t('auth.passwordRule')}>
            <Input.Password data-testid="user-password" autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('people.users.roles')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <RoleSelect roles={roles} label={label} testId="user-roles" />
        </Form.Item>
        <Form.Item name="locale" label={t('people.users.locale')}>
          <Select options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en', label: 'English' }]} />
        </Form.Item>
        {mode !== 'password' && <Alert type="info" showIcon title={t('people.users.inviteHint')} />}
      </Form>
    </Modal>
  );
}
