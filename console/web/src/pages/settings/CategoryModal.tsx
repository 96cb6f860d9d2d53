import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { useApiSubmit } from '../../components/useApiSubmit';
import type { Category } from './categoryTree';

interface Values { name: string; name_en?: string; sort?: number }

// CategoryModal adds a category at the top level or under a parent.
export function CategoryModal({ open, parent, onClose, onCreated }: {
  open: boolean;
  parent: Category | null;
  onClose: () => void;
  onCreated: (c: Category) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  useEffect(() => { if (open) { form.resetFields(); reset(); } }, [open, form, reset]);

  const submit = (v: Values) => run(async () => {
    const body = { name: v.name.trim(), ...(v.name_en?.trim() ? { name_en: v.name_en.trim() } : {}), sort: v.sort ?? 0, ...(parent ? { parent_id: parent.id } : {}) };
    onCreated(await unwrap(api.POST('/v1/categories', { body })));
  });

  return (
    <Modal open={open} title={parent ? t('settings.cat.addChildOf', { name: parent.name }) : t('settings.cat.addRoot')}
      onOk={() => form.submit()} okText={t('action.create')} okButtonProps={{ loading: saving, id: 'category-ok' }} onCancel={onClose} forceRender>
      <ProblemAlert error={error} />
      {parent && <Typography.Paragraph type="secondary">{t('settings.cat.parentIs', { name: parent.name })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ sort: 0 }} data-testid="category-form">
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="category-name" />
        </Form.Item>
        <Form.Item name="name_en" label={t('settings.cat.nameEn')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="sort" label={t('settings.cat.sort')} extra={t('settings.cat.sortHint')}>
          <InputNumber min={0} max={10000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
