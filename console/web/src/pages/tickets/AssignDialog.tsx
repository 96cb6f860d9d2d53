import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import type { Directory } from './directory';
import type { Ticket } from './labels';
import { FormButtons } from './FormButtons';

interface Values { assignee_id?: string; unit_id?: string; reason: string }

interface Props {
  ticket: Ticket;
  dir: Directory;
  users: Schemas['UserView'][];
  onClose: () => void;
  onDone: (t: Ticket) => void;
}

// AssignDialog assigns the ticket to a person, or transfers it to another
// unit (部门协调单); either way the reason goes on the timeline.
export function AssignDialog({ open, ...props }: Props & { open: boolean }) {
  const t = useT();
  const [transfer, setTransfer] = useState(false);
  return (
    <Modal open={open} title={transfer ? t('desk.assign.transferTitle') : t('desk.assign.title')} onCancel={props.onClose} footer={null} destroyOnHidden>
      <AssignForm {...props} onTransfer={setTransfer} />
    </Modal>
  );
}

function AssignForm({ ticket, dir, users, onClose, onDone, onTransfer }: Props & { onTransfer: (b: boolean) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { run, busy, error, setError } = useApiSubmit(form, (loc) => ['assignee_id', 'unit_id', 'reason'].includes(loc));
  const unit = Form.useWatch('unit_id', form);
  const transfer = !!unit && unit !== ticket.unit_id;
  useEffect(() => onTransfer(transfer), [transfer, onTransfer]);

  // Everyone the caller can see, from the user list or the org chart.
  const people = users.length
    ? users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name }))
    : Object.entries(dir.userName).map(([value, label]) => ({ value, label }));

  const submit = (v: Values) => run(async () => {
    const body: Schemas['TicketAssignInputBody'] = { reason: v.reason.trim() };
    if (v.assignee_id && v.assignee_id !== ticket.assignee_id) body.assignee_id = v.assignee_id;
    if (v.unit_id && v.unit_id !== ticket.unit_id) body.unit_id = v.unit_id;
    if (!body.assignee_id && !body.unit_id) {
      setError(new Error(t('desk.assign.nothing')));
      return;
    }
    const saved = await unwrap(api.POST('/v1/tickets/{id}/assign', { params: { path: { id: ticket.id } }, body }));
    message.success(body.unit_id ? t('desk.assign.transferred') : t('desk.assign.assigned'));
    onDone(saved);
  });

  return (
    <>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ assignee_id: ticket.assignee_id, unit_id: ticket.unit_id }}>
        <Form.Item name="assignee_id" label={t('desk.assign.user')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={people} placeholder={t('desk.assign.userHint')} data-testid="assign-user" />
        </Form.Item>
        <Form.Item name="unit_id" label={t('desk.assign.unit')} extra={transfer ? t('desk.assign.transferHint') : undefined}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} data-testid="assign-unit"
            options={dir.units.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('desk.assign.reason')} rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="assign-reason" />
        </Form.Item>
        <FormButtons onCancel={onClose} saving={busy} testId="assign-ok" />
      </Form>
    </>
  );
}
