import { useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Table, Tag, TimePicker } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { shiftTime, type Shift } from './model';
import type { useDutyRefs } from './useDutyRefs';

interface Values { name: string; name_en?: string; start: Dayjs; end: Dayjs; kind: 'normal' | 'holiday_reinforced'; checklist?: string[] }

// Shifts manages the shift templates rosters use (班次) and their handover
// checklist of keys and equipment.
export function Shifts({ refs }: { refs: ReturnType<typeof useDutyRefs> }) {
  const t = useT();
  const [editing, setEditing] = useState<Shift | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  useEffect(() => {
    if (!editing) return;
    reset();
    form.resetFields();
    if (editing !== 'new') {
      form.setFieldsValue({ name: editing.name, name_en: editing.name_en, start: dayjs(`2000-01-01T${editing.start}`), end: dayjs(`2000-01-01T${editing.end}`), kind: editing.kind, checklist: editing.checklist ?? [] });
    }
  }, [editing, form, reset]);

  const submit = (v: Values) => run(async () => {
    const body = { name: v.name.trim(), name_en: v.name_en?.trim() ?? '', start: v.start.format('HH:mm'), end: v.end.format('HH:mm'), kind: v.kind, checklist: v.checklist ?? [] };
    if (editing === 'new') await unwrap(api.POST('/v1/duty/shifts', { body }));
    else if (editing) await unwrap(api.PATCH('/v1/duty/shifts/{id}', { params: { path: { id: editing.id } }, body }));
    setEditing(null);
    void refs.reloadShifts();
  });

  return (
    <div>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }} data-testid="shift-new">{t('duty.shift.new')}</Button>
      <Table<Shift> rowKey="id" size="middle" pagination={false} dataSource={refs.shifts} data-testid="shift-table"
        onRow={(s) => ({ onClick: () => setEditing(s), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('duty.shift.name'), dataIndex: 'name' },
          { title: t('duty.shift.time'), key: 'time', render: (_: unknown, s) => shiftTime(s, t('duty.shift.nextDay')) },
          { title: t('duty.shift.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'holiday_reinforced' ? 'red' : 'blue'}>{t(`duty.kind.${k}`)}</Tag> },
          { title: t('duty.shift.checklist'), dataIndex: 'checklist', render: (c: string[] | null) => <Space size={2} wrap>{(c ?? []).map((x) => <Tag key={x}>{x}</Tag>)}</Space> },
        ]} />
      <Modal open={!!editing} title={editing === 'new' ? t('duty.shift.new') : t('action.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()}
        okButtonProps={{ loading: saving, 'data-testid': 'shift-ok' }} forceRender>
        <ProblemAlert error={error} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'normal', checklist: [] }}>
          <Form.Item name="name" label={t('duty.shift.name')} rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
            <Input maxLength={50} data-testid="shift-name" />
          </Form.Item>
          <Form.Item name="name_en" label={t('duty.shift.nameEn')}><Input maxLength={50} /></Form.Item>
          <Space>
            <Form.Item name="start" label={t('duty.shift.start')} rules={[{ required: true, message: t('desk.required') }]}>
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} />
            </Form.Item>
            <Form.Item name="end" label={t('duty.shift.end')} rules={[{ required: true, message: t('desk.required') }]}>
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} />
            </Form.Item>
          </Space>
          <Form.Item name="kind" label={t('duty.shift.kind')}>
            <Select options={(['normal', 'holiday_reinforced'] as const).map((k) => ({ value: k, label: t(`duty.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="checklist" label={t('duty.shift.checklist')}>
            <Select mode="tags" tokenSeparators={[',', '，']} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
