import { useMemo } from 'react';
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Skeleton } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';
import { positions, positionTitle, unitName, walkUnits, type ChartUnit } from './model';
import { fromPosition, toCreateBody, toPatchBody, type PositionFormValues } from './positionForm';
import type { RoleView } from './useOrgRefs';
import { useApiSubmit } from '../../components/useApiSubmit';

export type PositionModalMode = { kind: 'create'; unit: ChartUnit } | { kind: 'edit'; positionId: string };

interface Props {
  mode: PositionModalMode;
  roots: ChartUnit[];
  roles: RoleView[];
  onClose: () => void;
  onSaved: () => void;
}

// PositionFormModal creates or edits a position; editing first loads the
// full position (duties and requirements are not part of the chart).
export function PositionFormModal({ mode, roots, roles, onClose, onSaved }: Props) {
  const { t } = useLocale();
  const existing = useAsync(
    () => (mode.kind === 'edit' ? unwrap(api.GET('/v1/positions/{id}', { params: { path: { id: mode.positionId } } })) : Promise.resolve(undefined)),
    [mode],
  );
  const title = mode.kind === 'edit' ? t('org.pos.edit') : t('org.pos.new');
  return (
    <Modal open title={title} onCancel={onClose} footer={null} width={640}>
      <ProblemAlert error={existing.error} />
      {existing.loading ? <Skeleton active /> : !existing.error && (
        <PositionForm mode={mode} position={existing.data} roots={roots} roles={roles} onClose={onClose} onSaved={onSaved} />
      )}
    </Modal>
  );
}

function PositionForm({ mode, position, roots, roles, onClose, onSaved }: Props & { position?: Schemas['PositionView'] }) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<PositionFormValues>();
  const { run, busy, error } = useApiSubmit(form);
  const selfId = mode.kind === 'edit' ? mode.positionId : undefined;

  // Superiors are picked from every position in the org, grouped by unit.
  const superiorOptions = useMemo(() => {
    const groups: { label: string; options: { value: string; label: string }[] }[] = [];
    walkUnits(roots, (u) => {
      const opts = positions(u).filter((p) => p.id !== selfId).map((p) => ({ value: p.id, label: positionTitle(p, locale) }));
      if (opts.length) groups.push({ label: unitName(u, locale), options: opts });
    });
    return groups;
  }, [roots, selfId, locale]);

  const roleOptions = roles.map((r) => ({ value: r.name, label: locale === 'en' && r.label_en ? r.label_en : r.label }));

  const submit = async (v: PositionFormValues) => {
    const ok = await run(() =>
      mode.kind === 'edit'
        ? unwrap(api.PATCH('/v1/positions/{id}', { params: { path: { id: mode.positionId } }, body: toPatchBody(v) }))
        : unwrap(api.POST('/v1/positions', { body: toCreateBody(v, mode.unit.id) })),
    );
    if (ok) onSaved();
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={fromPosition(position)} onFinish={submit}>
      <ProblemAlert error={error} />
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="title" label={t('org.pos.name')} rules={[{ required: true, whitespace: true, message: t('org.pos.nameRequired') }]}>
            <Input maxLength={100} autoFocus data-testid="pos-title" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="headcount" label={t('org.pos.headcount')} rules={[{ required: true }]}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} data-testid="pos-headcount" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="title_en" label={t('org.pos.nameEn')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name="code" label={t('org.pos.code')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name="grade" label={t('org.pos.grade')}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="role" label={t('org.pos.role')} extra={t('org.pos.roleHint')}>
            <Select options={roleOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="pos-role" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="reports_to_id" label={t('org.pos.reportsTo')}>
            <Select allowClear placeholder={t('org.pos.reportsToNone')} options={superiorOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="pos-reports-to" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="head" valuePropName="checked">
        <Checkbox>{t('org.pos.head')}</Checkbox>
      </Form.Item>
      <Form.Item name="duties" label={t('org.pos.duties')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="requirements" label={t('org.pos.requirements')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onClose}>{t('action.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="pos-save">{t('action.save')}</Button>
      </div>
    </Form>
  );
}
