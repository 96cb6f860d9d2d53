import { Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLocale } from '../../i18n';
import { childKind, UNIT_KINDS, unitName, type ChartUnit, type UnitKind } from './model';
import { useApiSubmit } from '../../components/useApiSubmit';

// What the modal is for: a new unit (under parent, or at the top) or
// editing an existing one.
export type UnitModalMode = { kind: 'create'; parent?: ChartUnit } | { kind: 'edit'; unit: ChartUnit };

interface Values {
  name: string;
  name_en?: string;
  kind: UnitKind;
}

// Mounted only while open, so every opening starts from fresh values.
export function UnitFormModal({ mode, onClose, onSaved }: { mode: UnitModalMode; onClose: () => void; onSaved: (unit: Schemas['OrgUnitView']) => void }) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const { run, busy, error } = useApiSubmit(form);
  const initial: Values = mode.kind === 'edit'
    ? { name: mode.unit.name, name_en: mode.unit.name_en, kind: mode.unit.kind }
    : { name: '', name_en: '', kind: childKind(mode.parent?.kind) };

  const title = mode.kind === 'edit'
      ? t('org.unit.editTitle')
      : mode.parent
        ? t('org.unit.newChildTitle', { parent: unitName(mode.parent, locale) })
        : t('org.unit.newTitle');

  const submit = async (v: Values) => {
    const body = { name: v.name.trim(), name_en: (v.name_en ?? '').trim(), kind: v.kind };
    const saved = await run(() =>
      mode.kind === 'edit'
        ? unwrap(api.PATCH('/v1/org-units/{id}', { params: { path: { id: mode.unit.id } }, body }))
        : unwrap(api.POST('/v1/org-units', { body: { ...body, name_en: body.name_en || undefined, parent_id: mode.parent?.id } })),
    );
    if (saved) onSaved(saved);
  };

  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('action.save')} cancelText={t('action.cancel')} okButtonProps={{ 'data-testid': 'unit-save' } as ButtonProps}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={submit}>
        <Form.Item name="name" label={t('org.unit.name')} rules={[{ required: true, whitespace: true, message: t('org.unit.nameRequired') }]}>
          <Input maxLength={100} autoFocus data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="name_en" label={t('org.unit.nameEn')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.unit.kind')} rules={[{ required: true }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
