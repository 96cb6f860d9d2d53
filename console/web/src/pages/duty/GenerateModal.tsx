import { useEffect, useMemo } from 'react';
import { Button, Card, Checkbox, Form, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { CycleField } from './CycleField';
import { patternBody, REST, type RotationForm } from './model';
import type { useDutyRefs } from './useDutyRefs';

interface Values { calendar_id?: string; replace?: boolean; rotations: RotationForm[] }

// GenerateModal lays rotations over a month of a business calendar:
// workdays (调休 included) follow the cycle, holidays the reinforced one.
export function GenerateModal({ open, unitId, month, refs, onClose, onDone }: {
  open: boolean;
  unitId: string;
  month: string;
  refs: ReturnType<typeof useDutyRefs>;
  onClose: () => void;
  onDone: (created: number, removed: number) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error, reset } = useApiSubmit(form, (loc) => loc.startsWith('pattern.') === false && loc !== 'pattern');
  const { shifts } = refs;
  const { data: calendars } = useAsync(async () => (open ? (await unwrap(api.GET('/v1/calendars'))).items ?? [] : []), [open]);
  const initial = useMemo<Values>(() => {
    const normal = shifts.filter((s) => s.kind === 'normal').map((s) => s.id);
    const holiday = shifts.filter((s) => s.kind === 'holiday_reinforced').map((s) => s.id);
    return { replace: false, rotations: [{ role: 'agent', user_ids: [], cycle: normal.length ? normal : [REST], holiday_cycle: holiday, works_rest_days: true }] };
  }, [shifts]);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial);
      reset();
    }
  }, [open, form, initial, reset]);

  const submit = (v: Values) => run(async () => {
    const r = await unwrap(api.POST('/v1/duty/roster/generate', {
      body: { unit_id: unitId, month, replace: !!v.replace, ...(v.calendar_id ? { calendar_id: v.calendar_id } : {}), pattern: patternBody(v.rotations) },
    }));
    onDone(r.created, r.removed);
  });

  const people = refs.people;
  return (
    <Modal open={open} width={860} title={t('duty.gen.title', { month })} onCancel={onClose} onOk={() => form.submit()}
      okText={t('duty.gen.ok')} okButtonProps={{ loading: saving, 'data-testid': 'gen-ok' }} forceRender destroyOnHidden={false}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial} data-testid="gen-form">
        <Space size="large" wrap>
          <Form.Item name="calendar_id" label={t('duty.gen.calendar')} extra={t('duty.gen.calendarHint')}>
            <Select allowClear style={{ width: 260 }} placeholder={t('duty.gen.defaultCalendar')}
              options={(calendars ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="replace" valuePropName="checked" label=" ">
            <Checkbox data-testid="gen-replace">{t('duty.gen.replace')}</Checkbox>
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('duty.gen.cycleHint')}</Typography.Paragraph>
        <Form.List name="rotations">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" title={t('duty.gen.rotation', { n: i + 1 })}
                  extra={fields.length > 1 && <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'role']} label={t('duty.gen.role')}>
                      <Select style={{ width: 140 }} data-testid={`gen-role-${i}`}
                        options={(['agent', 'callback', 'leader'] as const).map((r) => ({ value: r, label: t(`duty.role.${r}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'user_ids']} label={t('duty.gen.members')} rules={[{ required: true, message: t('desk.required') }]}>
                      <Select mode="multiple" style={{ width: 420 }} options={people} optionFilterProp="label" data-testid={`gen-members-${i}`} />
                    </Form.Item>
                  </Space>
                  <Form.Item label={t('duty.gen.cycle')}>
                    <CycleField name={[f.name, 'cycle']} shifts={shifts} testId={`gen-cycle-${i}`} />
                  </Form.Item>
                  <Form.Item label={t('duty.gen.holidayCycle')}>
                    <CycleField name={[f.name, 'holiday_cycle']} shifts={shifts} testId={`gen-holiday-${i}`} />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name={[f.name, 'works_rest_days']} valuePropName="checked" noStyle>
                      <Checkbox data-testid={`gen-weekends-${i}`}>{t('duty.gen.worksRestDays')}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, 'offset']} label={t('duty.gen.offset')} style={{ marginBottom: 0 }}>
                      <InputNumber min={0} max={100} precision={0} />
                    </Form.Item>
                  </Space>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ role: 'callback', user_ids: [], cycle: [REST] })} data-testid="gen-add-rotation">{t('duty.gen.addRotation')}</Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
