import { useEffect } from 'react';
import { Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { useApiSubmit } from '../../components/useApiSubmit';
import { CallbackFields } from './CallbackFields';
import type { Calendar } from './calendarDraft';
import { DurationInput } from './DurationInput';
import { EscalationLadder } from './EscalationLadder';
import { formToPolicy, newPolicyForm, policyToForm, PRIORITIES, TIERS, TYPES, type Policy, type PolicyForm } from './slaForm';

// SlaPolicyEditor creates or edits one SLA policy in a drawer.
export function SlaPolicyEditor({ open, policy, calendars, positions, nextRank, readOnly, onClose, onSaved }: {
  open: boolean;
  policy: Policy | null;
  calendars: Calendar[];
  positions: { id: string; label: string }[];
  nextRank: number;
  readOnly: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<PolicyForm>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);

  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    const cal = calendars.find((c) => c.is_default) ?? calendars[0];
    form.setFieldsValue(policy ? policyToForm(policy) : newPolicyForm(cal?.id ?? '', nextRank));
  }, [open, policy, calendars, nextRank, form, reset]);

  const submit = (v: PolicyForm) => run(async () => {
    const body = formToPolicy(v);
    if (policy) await unwrap(api.PATCH('/v1/sla-policies/{id}', { params: { path: { id: policy.id } }, body }));
    else await unwrap(api.POST('/v1/sla-policies', { body }));
    onSaved();
  });

  const multi = (list: string[], prefix: string) => list.map((x) => ({ value: x, label: t(`${prefix}.${x}`) }));
  return (
    <Drawer
      open={open}
      size={820}
      title={policy ? policy.name : t('settings.sla.new')}
      onClose={onClose}
      forceRender
      extra={!readOnly && (
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="sla-save">{t('action.save')}</Button>
        </Space>
      )}
    >
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} disabled={readOnly} data-testid="sla-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} placeholder={t('settings.sla.nameHint')} data-testid="sla-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="calendar_id" label={t('settings.sla.calendar')} rules={[{ required: true }]}>
              <Select options={calendars.map((c) => ({ value: c.id, label: c.name }))} data-testid="sla-calendar" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="rank" label={t('settings.sla.rank')} extra={t('settings.sla.rankHint')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('settings.sla.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('settings.sla.match')}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="types" label={t('settings.sla.types')}>
              <Select mode="multiple" allowClear optionFilterProp="label" placeholder={t('settings.sla.any')} options={multi(TYPES, 'settings.type')} data-testid="sla-types" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="priorities" label={t('settings.sla.priorities')}>
              <Select mode="multiple" allowClear optionFilterProp="label" placeholder={t('settings.sla.any')} options={multi(PRIORITIES, 'settings.priority')} data-testid="sla-priorities" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="tiers" label={t('settings.sla.tiers')}>
              <Select mode="multiple" allowClear optionFilterProp="label" placeholder={t('settings.sla.any')} options={multi(TIERS, 'settings.tier')} data-testid="sla-tiers" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('settings.sla.targets')}</Divider>
        <Row gutter={16}>
          <Col span={9}>
            <Form.Item name="first_response" label={t('settings.sla.firstResponse')} rules={[{ validator: async (_, v: number) => { if (!v) throw new Error(t('settings.sla.needDuration')); } }]}>
              <DurationInput testId="sla-first" />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item name="resolution" label={t('settings.sla.resolution')} rules={[{ validator: async (_, v: number) => { if (!v) throw new Error(t('settings.sla.needDuration')); } }]}>
              <DurationInput testId="sla-resolution" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="warn_at_percent" label={t('settings.sla.warnAt')} rules={[{ required: true }]}>
              <InputNumber min={1} max={99} precision={0} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('settings.sla.escalation')}</Divider>
        <EscalationLadder positions={positions} />

        <Divider titlePlacement="start">{t('settings.sla.callback')}</Divider>
        <CallbackFields positions={positions} />
      </Form>
    </Drawer>
  );
}
