import { useMemo, useState } from 'react';
import { App, Checkbox, Col, Drawer, Form, Input, Radio, Row, Select, TreeSelect } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { myUnits, useSession } from '../../auth/session';
import { useLocale } from '../../i18n';
import { CHANNELS, PRIORITIES, TYPES, options } from './labels';
import { CustomerSelect } from './CustomerSelect';
import { categoryTree } from './categoryTree';
import { useCategories } from './useCategories';
import type { Directory } from './directory';
import { FormButtons } from './FormButtons';
import { newTicketBody, type NewTicketValues } from './newTicket';

interface Props {
  dir: Directory;
  defaultCustomer?: string;
  onClose: () => void;
  onCreated: (t: Schemas['TicketView']) => void;
}

// NewTicketDrawer is where an agent logs a request taken on the phone, at
// the counter or from any other channel (一站式受理). The form mounts afresh
// on each opening.
export function NewTicketDrawer({ open, ...props }: Props & { open: boolean }) {
  const { t } = useLocale();
  return (
    <Drawer open={open} onClose={props.onClose} size={640} destroyOnHidden title={t('desk.ticket.new')}>
      <NewTicketForm {...props} />
    </Drawer>
  );
}

function NewTicketForm({ dir, defaultCustomer, onClose, onCreated }: Props) {
  const { t, locale } = useLocale();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewTicketValues>();
  const { run, busy: saving, error } = useApiSubmit(form);
  const { categories, error: catError } = useCategories();
  const tree = useMemo(() => categoryTree(categories, locale), [categories, locale]);
  const type = Form.useWatch('type', form);
  const myId = me?.user?.id ?? '';

  // The caller's own unit is the usual responsible unit.
  const [initial] = useState<Partial<NewTicketValues>>(() => ({ type: 'request', channel: 'phone', mine: true, customer_id: defaultCustomer, unit_id: myUnits(me)[0] }));

  const save = (v: NewTicketValues) => run(async () => {
    const created = await unwrap(api.POST('/v1/tickets', { body: newTicketBody(v, myId) }));
    message.success(t('desk.ticket.created', { number: created.number }));
    onCreated(created);
  });

  return (
    <>
      <ProblemAlert error={error || catError} />
      <Form form={form} layout="vertical" onFinish={save} requiredMark="optional" initialValues={initial}>
        <Form.Item name="customer_id" label={t('desk.ticket.customer')}>
          <CustomerSelect allowCreate testId="ticket-customer" />
        </Form.Item>
        <Form.Item name="type" label={t('desk.ticket.type')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={options(t, 'type', TYPES)} data-testid="ticket-type" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="channel" label={t('desk.ticket.channel')} rules={[{ required: true }]}>
              <Select options={options(t, 'channel', CHANNELS)} data-testid="ticket-channel" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="category" label={t('desk.ticket.category')}>
              <TreeSelect
                treeData={tree}
                allowClear
                showSearch={{ treeNodeFilterProp: 'title' }}
                placeholder={t('desk.ticket.pickCategory')}
                treeDefaultExpandAll={false}
                data-testid="ticket-category"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="subject" label={t('desk.ticket.subject')} rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
          <Input maxLength={200} placeholder={t('desk.ticket.subjectHint')} data-testid="ticket-subject" />
        </Form.Item>
        <Form.Item name="description" label={t('desk.ticket.description')}>
          <Input.TextArea rows={4} maxLength={10000} data-testid="ticket-description" />
        </Form.Item>
        {type === 'complaint' && (
          <Form.Item name="major" valuePropName="checked" extra={t('desk.ticket.majorHint')}>
            <Checkbox data-testid="ticket-major">{t('desk.ticket.major')}</Checkbox>
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="priority" label={t('desk.ticket.priority')} extra={t('desk.ticket.priorityAuto')}>
              <Select allowClear placeholder={t('desk.ticket.auto')} options={options(t, 'priority', PRIORITIES)} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="unit_id" label={t('desk.ticket.unit')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={dir.units.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="mine" valuePropName="checked">
          <Checkbox>{t('desk.ticket.assignMe')}</Checkbox>
        </Form.Item>
        <FormButtons onCancel={onClose} saving={saving} testId="ticket-save" />
      </Form>
    </>
  );
}
