import { Button, Flex, Form, Select, Typography } from 'antd';
import { ArrowDownOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { DurationInput } from './DurationInput';
import { LADDER, type Step } from './slaForm';

// EscalationLadder edits the 升级 steps: "this long after the breach,
// notify this level" — along the reporting line or to a named position.
export function EscalationLadder({ positions }: { positions: { id: string; label: string }[] }) {
  const t = useT();
  const targets = [
    { label: t('settings.sla.toLine'), options: LADDER.map((r) => ({ value: r, label: t(`settings.sla.to.${r}`) })) },
    ...(positions.length ? [{ label: t('settings.sla.toPosition'), options: positions.map((p) => ({ value: `position:${p.id}`, label: p.label })) }] : []),
  ];
  return (
    <Form.List name="escalation" rules={[{
      validator: async (_, steps: Step[] = []) => {
        if (steps.some((s, i) => i > 0 && s && steps[i - 1] && s.after < steps[i - 1].after)) throw new Error(t('settings.sla.ladderOrder'));
      },
    }]}>
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="escalation">
          {fields.map((f, i) => (
            <div key={f.key}>
              {i > 0 && <ArrowDownOutlined style={{ color: '#bbb', margin: '0 0 6px 12px' }} />}
              <Flex gap={8} align="baseline" wrap data-testid={`step-${i}`}>
                <Typography.Text style={{ width: 64 }}>{t('settings.sla.stepN', { n: i + 1 })}</Typography.Text>
                <Typography.Text type="secondary">{t('settings.sla.afterBreach')}</Typography.Text>
                <Form.Item name={[f.name, 'after']} noStyle>
                  <DurationInput testId={`step-${i}-after`} />
                </Form.Item>
                <Typography.Text type="secondary">{t('settings.sla.notify')}</Typography.Text>
                <Form.Item name={[f.name, 'to']} rules={[{ required: true, message: t('settings.sla.pickTarget') }]} style={{ marginBottom: 8 }}>
                  <Select options={targets} style={{ width: 200 }} showSearch optionFilterProp="label" data-testid={`step-${i}-to`} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} onClick={() => remove(f.name)} />
              </Flex>
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          {fields.length < 10 && (
            <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} data-testid="step-add"
              onClick={() => add({ after: fields.length ? 3600 : 0, to: LADDER[Math.min(fields.length, LADDER.length - 1)] })}>
              {t('settings.sla.addStep')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
