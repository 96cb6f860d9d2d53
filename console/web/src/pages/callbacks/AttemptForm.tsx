import { App, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useT } from '../../i18n';
import { OUTCOMES, type Outcome } from '../tickets/labels';
import { ScriptQuestions, answersBody } from './ScriptQuestions';
import { SurveyLink } from './SurveyLink';
import { fillScript } from './worklist';

interface Values { outcome: Outcome; note?: string; answers?: Record<string, unknown> }

// AttemptForm records one call: the script's answers, the outcome and a
// note. The closing line to read depends on the outcome picked.
export function AttemptForm({ cb, vars, onRecorded }: {
  cb: Schemas['CallbackView'];
  vars: Record<string, string | undefined>;
  onRecorded: (c: Schemas['CallbackView']) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { run, busy, error } = useApiSubmit(form);
  const outcome = Form.useWatch('outcome', form);
  const script = cb.script;

  const record = (v: Values) => run(async () => {
    const saved = await unwrap(api.POST('/v1/callbacks/{id}/attempts', {
      params: { path: { id: cb.id } },
      body: { outcome: v.outcome, note: v.note?.trim() || undefined, answers: answersBody(v.answers) },
    }));
    message.success(t(`desk.cb.recorded.${v.outcome}`));
    onRecorded(saved);
  });

  return (
    <>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={record}>
        <ScriptQuestions questions={script?.questions ?? []} />
        <Form.Item name="outcome" label={t('desk.cb.outcome')} rules={[{ required: true, message: t('desk.cb.pickOutcome') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="callback-outcome"
            options={OUTCOMES.map((o) => ({ value: o, label: <span data-testid={`outcome-${o}`}>{t(`desk.outcome.${o}`)}</span> }))} />
        </Form.Item>
        {outcome && (
          <Typography.Paragraph type="secondary">
            {t(`desk.cb.effect.${outcome}`)}
            {script && outcome !== 'unreachable' && (
              <><br />{t('desk.cb.closing')}{fillScript(outcome === 'unsatisfied' ? script.closing_unsatisfied : script.closing_satisfied, vars)}</>
            )}
          </Typography.Paragraph>
        )}
        <Form.Item name="note" label={t('desk.cb.note')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="callback-note" />
        </Form.Item>
        <Space style={{ display: 'flex', justifyContent: 'space-between' }}>
          <SurveyLink callbackId={cb.id} />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="callback-submit">{t('desk.cb.save')}</Button>
        </Space>
      </Form>
    </>
  );
}
