import { useEffect, useMemo } from 'react';
import { Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import type { Entry } from './model';
import type { useDutyRefs } from './useDutyRefs';

interface Values { kind: 'cover' | 'swap'; counterpart_id?: string; counterpart_entry_id?: string; reason: string }

// SwapModal asks the supervisor to let someone cover one's shift (顶班) or
// to exchange it for theirs (调班); nothing changes until they approve.
export function SwapModal({ entry, refs, onClose, onSent }: {
  entry: Entry | null;
  refs: ReturnType<typeof useDutyRefs>;
  onClose: () => void;
  onSent: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  const kind = Form.useWatch('kind', form);
  const counterpart = Form.useWatch('counterpart_id', form);
  useEffect(() => {
    if (entry) {
      form.resetFields();
      reset();
    }
  }, [entry, form, reset]);
  // The counterpart's future shifts in the same unit, for a swap.
  const { data: theirs } = useAsync(async () => {
    if (!entry || kind !== 'swap' || !counterpart) return [];
    const r = await unwrap(api.GET('/v1/duty/roster', { params: { query: { unit_id: entry.unit_id, user_id: counterpart, from: new Date().toISOString().slice(0, 10), limit: 100 } } }));
    return (r.items ?? []).filter((e) => Date.parse(e.start_at) > Date.now());
  }, [entry, kind, counterpart]);
  const people = useMemo(() => refs.people.filter((p) => p.value !== entry?.user_id), [refs.people, entry]);

  const submit = (v: Values) => {
    if (!entry) return;
    return run(async () => {
      await unwrap(api.POST('/v1/duty/swaps', {
        body: { kind: v.kind, entry_id: entry.id, counterpart_id: v.counterpart_id ?? '', reason: v.reason.trim(), ...(v.kind === 'swap' ? { counterpart_entry_id: v.counterpart_entry_id } : {}) },
      }));
      onSent();
    });
  };

  const shiftName = (id: string) => refs.shiftById[id]?.name ?? id;
  return (
    <Modal open={!!entry} title={t('duty.swap.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('action.submit')}
      okButtonProps={{ loading: saving, 'data-testid': 'swap-ok' }} forceRender>
      <ProblemAlert error={error} />
      {entry && <Typography.Paragraph strong>{entry.date} {shiftName(entry.shift_id)}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'cover' }} data-testid="swap-form">
        <Form.Item name="kind" label={t('duty.swap.kind')}>
          <Radio.Group options={[{ value: 'cover', label: t('duty.swap.kind.cover') }, { value: 'swap', label: t('duty.swap.kind.swap') }]} data-testid="swap-kind" />
        </Form.Item>
        <Form.Item name="counterpart_id" label={t('duty.swap.counterpart')} rules={[{ required: true, message: t('desk.required') }]}>
          <Select showSearch optionFilterProp="label" options={people} data-testid="swap-counterpart" />
        </Form.Item>
        {kind === 'swap' && (
          <Form.Item name="counterpart_entry_id" label={t('duty.swap.counterpartEntry')} rules={[{ required: true, message: t('desk.required') }]}>
            <Select options={(theirs ?? []).map((e) => ({ value: e.id, label: `${e.date} ${shiftName(e.shift_id)}` }))} data-testid="swap-their-entry" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('duty.swap.reason')} rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="swap-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
