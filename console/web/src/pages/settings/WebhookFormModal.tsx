import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Divider, Flex, Form, Input, Modal, Tooltip, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { fromEvents, groupEvents, toEvents, type EventType } from './webhookEvents';

type Endpoint = Schemas['WebhookEndpointView'];
type Created = Schemas['CreatedWebhookEndpointView'];

// useEventTypes loads the event catalogue once per page.
export function useEventTypes() {
  const [items, setItems] = useState<EventType[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/v1/webhook-event-types'))
      .then((r) => { if (live) setItems(r.items ?? []); })
      .catch((e) => { if (live) setError(e); });
    return () => { live = false; };
  }, []);
  return { items, error };
}

interface Values { url: string; description?: string; all: boolean; picked: string[] }

// WebhookFormModal creates an endpoint (url, description, events) or edits
// one; onSaved gets the secret only on create.
export function WebhookFormModal({ endpoint, open, catalogue, onClose, onSaved }: {
  endpoint: Endpoint | null;
  open: boolean;
  catalogue: EventType[];
  onClose: () => void;
  onSaved: (ep: Endpoint | Created, secret?: string) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  const all = Form.useWatch('all', form);

  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    if (endpoint) form.setFieldsValue({ url: endpoint.url, description: endpoint.description ?? '', ...fromEvents(endpoint.events ?? []) });
  }, [open, endpoint, form, reset]);

  const submit = (v: Values) => {
    const events = toEvents(v.all, v.picked ?? [], catalogue);
    if (events.length === 0) {
      form.setFields([{ name: 'picked', errors: [t('hooks.pickOne')] }]);
      return;
    }
    return run(async () => {
      const body = { url: v.url.trim(), events, description: (v.description ?? '').trim() };
      if (endpoint) {
        onSaved(await unwrap(api.PATCH('/v1/webhooks/{id}', { params: { path: { id: endpoint.id } }, body })));
      } else {
        const c = await unwrap(api.POST('/v1/webhooks', { body }));
        onSaved(c, c.secret);
      }
    });
  };

  return (
    <Modal open={open} title={endpoint ? t('hooks.editTitle') : t('hooks.add')} okText={endpoint ? t('action.save') : t('action.create')}
      onOk={() => form.submit()} okButtonProps={{ loading: saving, id: 'webhook-save' }} onCancel={onClose} width={640} destroyOnHidden forceRender>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ all: false, picked: [] }} data-testid="webhook-form">
        <Form.Item name="url" label={t('hooks.url')} extra={t('hooks.urlHelp')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="webhook-url" maxLength={2048} placeholder="https://example.com/kefu/webhooks" />
        </Form.Item>
        <Form.Item name="description" label={t('hooks.description')}>
          <Input data-testid="webhook-description" maxLength={300} placeholder={t('hooks.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="all" valuePropName="checked" extra={t('hooks.allHelp')} style={{ marginBottom: 8 }}>
          <Checkbox data-testid="webhook-all">{t('hooks.allEvents')}</Checkbox>
        </Form.Item>
        <Form.Item name="picked" label={t('hooks.events')}>
          <Checkbox.Group disabled={!!all} style={{ width: '100%' }}>
            <Flex vertical gap={4} style={{ width: '100%' }}>
              {groupEvents(catalogue).map((g) => (
                <div key={g.group}>
                  <Divider titlePlacement="start" plain style={{ margin: '4px 0' }}>{t(`hooks.group.${g.group}`)}</Divider>
                  <Flex wrap gap={8}>
                    {g.types.map((e) => (
                      <Tooltip key={e.type} title={e.description}>
                        <Checkbox value={e.type} data-testid={`webhook-event-${e.type}`}>
                          {t(`hooks.type.${e.type}`)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.type}</Typography.Text>
                        </Checkbox>
                      </Tooltip>
                    ))}
                  </Flex>
                </div>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

// WebhookSecretModal shows a new endpoint's signing secret once, with copy.
export function WebhookSecretModal({ created, onClose }: { created: Created | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.secret);
      message.success(t('keys.copied'));
    } catch {
      // The clipboard may be refused (plain http): the secret stays on
      // screen to be selected by hand.
    }
  };
  return (
    <Modal open={!!created} title={<><KeyOutlined /> {t('hooks.createdTitle')}</>} onCancel={onClose} maskClosable={false}
      footer={<Button type="primary" onClick={onClose} data-testid="webhook-secret-done">{t('keys.done')}</Button>}>
      <Alert type="warning" showIcon title={t('hooks.secretWarning')} style={{ marginBottom: 16 }} />
      <Flex gap={8} align="center">
        <Typography.Text code data-testid="webhook-secret" style={{ wordBreak: 'break-all', fontSize: 14 }}>{created?.secret}</Typography.Text>
        <Button onClick={copy} data-testid="webhook-secret-copy">{t('keys.copy')}</Button>
      </Flex>
    </Modal>
  );
}
