import { useMemo, useState } from 'react';
import { App, Button, Col, Drawer, Form, Input, Row, Select, Space, TimePicker } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { TIERS, options } from '../tickets/labels';
import { FormButtons } from '../tickets/FormButtons';
import { fromForm, toForm, type CustomerFormValues } from './customerForm';

type Customer = Schemas['CustomerView'];

// API field errors that map one-to-one onto a form item.
const PLAIN_FIELDS = ['name', 'phone', 'email', 'tier', 'timezone', 'notes'];

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'Asia/Hong_Kong', 'UTC'];
  return all.includes(current) ? all : [current, ...all];
}

interface Props {
  customer?: Customer;
  initialName?: string;
  onClose: () => void;
  onSaved: (c: Customer) => void;
}

// CustomerFormDrawer creates a customer (customer undefined) or edits one;
// also opened inline from the new-ticket drawer. The form is mounted afresh
// on every opening (destroyOnHidden), so it never shows stale input.
export function CustomerFormDrawer({ open, ...props }: Props & { open: boolean }) {
  const t = useT();
  return (
    <Drawer open={open} onClose={props.onClose} size={560} destroyOnHidden title={props.customer ? t('desk.customer.edit') : t('desk.customer.new')}>
      <CustomerForm {...props} />
    </Drawer>
  );
}

function CustomerForm({ customer, initialName, onClose, onSaved }: Props) {
  const t = useT();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerFormValues>();
  const { run, busy: saving, error } = useApiSubmit(form, (loc) => PLAIN_FIELDS.includes(loc));
  const defaultTz = me?.tenant.timezone || 'Asia/Shanghai';
  const tz = Form.useWatch('timezone', form) ?? defaultTz;
  const tzOptions = useMemo(() => zones(tz).map((z) => ({ value: z, label: z })), [tz]);

  const [initial] = useState(() => {
    const v = toForm(customer, defaultTz);
    if (!customer && initialName) v.name = initialName;
    return v;
  });

  const save = (v: CustomerFormValues) => run(async () => {
    const body = fromForm(v);
    const saved = customer
      ? await unwrap(api.PATCH('/v1/customers/{id}', { params: { path: { id: customer.id } }, body }))
      : await unwrap(api.POST('/v1/customers', { body }));
    message.success(t('common.saved'));
    onSaved(saved);
  });

  return (
    <>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={save} requiredMark="optional" initialValues={initial}>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="name" label={t('desk.customer.name')} rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
              <Input maxLength={100} data-testid="customer-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="tier" label={t('desk.customer.tier')}>
              <Select options={options(t, 'tier', TIERS)} data-testid="customer-tier" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('desk.customer.phone')}>
              <Input maxLength={32} data-testid="customer-phone" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('desk.customer.email')} rules={[{ type: 'email', message: t('desk.badEmail') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="timezone" label={t('desk.customer.timezone')}>
          <Select showSearch options={tzOptions} />
        </Form.Item>
        <Form.Item label={t('desk.customer.quietHours')} tooltip={t('desk.customer.quietHint')}>
          <Form.List name="quiet">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'range']} rules={[{ required: true, message: t('desk.required') }]}>
                      <TimePicker.RangePicker format="HH:mm" order={false} minuteStep={5} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('action.delete')} />
                  </Space>
                ))}
                <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('desk.customer.addQuiet')}</Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('desk.customer.attributes')} tooltip={t('desk.customer.attrHint')}>
          <Form.List name="attrs">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'key']} rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
                      <Input placeholder={t('desk.customer.attrKey')} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']}>
                      <Input placeholder={t('desk.customer.attrValue')} style={{ width: 260 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('action.delete')} />
                  </Space>
                ))}
                <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('desk.customer.addAttr')}</Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="notes" label={t('desk.customer.notes')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <FormButtons onCancel={onClose} saving={saving} okText={t('action.save')} testId="customer-save" />
      </Form>
    </>
  );
}
