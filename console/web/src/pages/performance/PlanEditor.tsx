import { useEffect, useState } from 'react';
import { Form, InputNumber, Modal, Progress, Table, Typography, type ButtonProps } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { metricLabel } from './format';

type Plan = Schemas['PerformancePlanView'];
interface PlanForm { weights: Record<string, number | null>; ceiling: number }

// PlanEditor sets how a month's score sheet weighs the KPIs and the QA
// average. Drafts pick the weights up when made again; sheets past draft
// keep the ones they were computed with.
export function PlanEditor({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const [form] = Form.useForm<PlanForm>();
  const [plan, setPlan] = useState<Plan | null>(null);
  const { run, busy: saving, error, reset, setError } = useApiSubmit(form);
  const weights = Form.useWatch('weights', form) ?? {};
  const total = Object.values(weights).reduce<number>((s, w) => s + (w ?? 0), 0);

  useEffect(() => {
    if (!open) return;
    reset();
    setPlan(null);
    unwrap(api.GET('/v1/score-sheets/plan')).then((p) => {
      setPlan(p);
      form.setFieldsValue({
        weights: Object.fromEntries((p.weighable ?? []).map((k) => [k, p.weights[k] ?? 0])),
        ceiling: Math.round(p.complaint_ceiling * 1000) / 10,
      });
    }, setError);
  }, [open, form, reset, setError]);

  const submit = (v: PlanForm) => run(async () => {
    // A metric left at 0 is not weighed at all; leave it out.
    const w = Object.fromEntries(Object.entries(v.weights).filter(([, x]) => (x ?? 0) > 0)) as Record<string, number>;
    await unwrap(api.PUT('/v1/score-sheets/plan', { body: { weights: w, complaint_ceiling: v.ceiling / 100 } as Plan }));
    onSaved();
  });

  return (
    <Modal open={open} width={560} title={t('perf.plan.title')} onCancel={onClose} forceRender
      okText={t('action.save')} cancelText={t('action.cancel')} confirmLoading={saving}
      onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'plan-save', disabled: !plan } as ButtonProps}>
      <Typography.Paragraph type="secondary">{t('perf.plan.hint')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form form={form} onFinish={submit} data-testid="plan-form">
        <Table size="small" pagination={false} rowKey="k" dataSource={(plan?.weighable ?? []).map((k) => ({ k }))} columns={[
          { title: t('perf.sheet.metric'), key: 'm', render: (_: unknown, r: { k: string }) => metricLabel(t, r.k) },
          { title: t('perf.sheet.weight'), key: 'w', width: 130, render: (_: unknown, r: { k: string }) => (
            <Form.Item name={['weights', r.k]} style={{ margin: 0 }}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid={`plan-weight-${r.k}`} />
            </Form.Item>
          ) },
          { title: t('perf.plan.share'), key: 's', width: 140, render: (_: unknown, r: { k: string }) => (
            <Progress size="small" percent={total > 0 ? Math.round(((weights[r.k] ?? 0) / total) * 100) : 0} />
          ) },
        ]} />
        {total <= 0 && plan && <Typography.Text type="danger" data-testid="plan-empty">{t('perf.plan.needWeight')}</Typography.Text>}
        <Form.Item name="ceiling" label={t('perf.plan.ceiling')} extra={t('perf.plan.ceilingHint')} style={{ marginTop: 16 }}
          rules={[{ required: true }]}>
          <InputNumber min={0.1} max={100} suffix="%" style={{ width: 140 }} data-testid="plan-ceiling" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
