import { useEffect } from 'react';
import { Button, Checkbox, Col, Divider, Drawer, Flex, Form, Input, InputNumber, Row, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { newScorecardForm, scorecardBody, scorecardPatch, scorecardToForm, weightTotal, type Scorecard, type ScorecardForm } from './scorecardForm';

// ScorecardEditor creates, edits or copies a quality scorecard: criteria
// with their points, red-line items that zero the score, and how many
// tickets the weekly sampling takes per agent.
export function ScorecardEditor({ open, card, copy, readOnly, onClose, onSaved }: {
  open: boolean;
  card: Scorecard | null;
  copy: boolean;
  readOnly: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<ScorecardForm>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  const criteria = Form.useWatch('criteria', form);
  const editing = card && !copy ? card : null;

  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    form.setFieldsValue(editing ? scorecardToForm(editing) : newScorecardForm(card ?? undefined, card ? t('perf.card.copyName', { name: card.name }) : undefined));
  }, [open, card, editing, form, t, reset]);

  const submit = (v: ScorecardForm) => run(async () => {
    if (editing) {
      const body = scorecardPatch(editing, v);
      if (Object.keys(body).length) await unwrap(api.PATCH('/v1/scorecards/{id}', { params: { path: { id: editing.id } }, body }));
    } else {
      await unwrap(api.POST('/v1/scorecards', { body: scorecardBody(v) }));
    }
    onSaved();
  });

  return (
    <Drawer open={open} size={760} onClose={onClose} forceRender data-testid="card-editor"
      title={editing ? editing.name : t('perf.card.new')}
      extra={!readOnly && (
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="card-save">{t('action.save')}</Button>
        </Space>
      )}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} disabled={readOnly} data-testid="card-form">
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} data-testid="card-name" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="is_default" label={t('perf.card.default')} valuePropName="checked" extra={t('perf.card.defaultHint')}>
              <Switch disabled={readOnly || !!editing?.is_default} data-testid="card-default" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('perf.card.description')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="samples_per_week" label={t('perf.card.samples')} rules={[{ required: true }]}>
              <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} data-testid="card-samples" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="target_score" label={t('perf.card.target')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="card-target" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="extra_samples" label={t('perf.card.extra')} extra={t('perf.card.extraHint')} rules={[{ required: true }]}>
              <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} data-testid="card-extra" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('perf.card.criteria')}</Divider>
        {editing && <Typography.Paragraph type="secondary">{t('perf.card.lockedHint')}</Typography.Paragraph>}
        <Form.List name="criteria" rules={[{
          validator: async (_, cs: ScorecardForm['criteria'] = []) => {
            if (!cs.length) throw new Error(t('perf.card.needCriteria'));
            if (weightTotal(cs) <= 0) throw new Error(t('perf.card.needWeight'));
          },
        }]}>
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="card-criteria">
              <Flex gap={8} style={{ color: '#888', fontSize: 12, marginBottom: 4 }}>
                <span style={{ width: 130 }}>{t('perf.card.key')}</span>
                <span style={{ width: 170 }}>{t('perf.card.label')}</span>
                <span style={{ width: 150 }}>{t('perf.card.labelEn')}</span>
                <span style={{ width: 90 }}>{t('perf.card.points')}</span>
                <span>{t('perf.ins.critical')}</span>
              </Flex>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="baseline" data-testid={`crit-${i}`}>
                  <Form.Item name={[f.name, 'key']} style={{ width: 130, marginBottom: 8 }}
                    rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('perf.card.keyRule') }]}>
                    <Input placeholder="greeting" data-testid={`crit-${i}-key`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'label']} style={{ width: 170, marginBottom: 8 }} rules={[{ required: true, whitespace: true }]}>
                    <Input maxLength={100} placeholder="开场问候" data-testid={`crit-${i}-label`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'label_en']} style={{ width: 150, marginBottom: 8 }}>
                    <Input maxLength={100} placeholder="Greeting" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} style={{ width: 90, marginBottom: 8 }} rules={[{ required: true }]}>
                    <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid={`crit-${i}-weight`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'critical']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox data-testid={`crit-${i}-critical`} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} onClick={() => remove(f.name)} />
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
                {fields.length < 30 ? (
                  <Button type="dashed" icon={<PlusOutlined />} data-testid="crit-add"
                    onClick={() => add({ key: '', label: '', weight: 10, critical: false })}>{t('perf.card.addCriterion')}</Button>
                ) : <span />}
                <Typography.Text type="secondary" data-testid="card-total">{t('perf.card.total', { n: weightTotal(criteria) })}</Typography.Text>
              </Flex>
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
