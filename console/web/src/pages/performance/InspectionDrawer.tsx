import { useEffect } from 'react';
import { App, Button, Checkbox, Descriptions, Divider, Drawer, Form, Input, InputNumber, Radio, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';
import { inspectionColor } from './InspectionsTab';

type Inspection = Schemas['InspectionView'];
type Criterion = Schemas['CriterionView'];

// InspectionDrawer is one inspection: the inspector scores it against the
// scorecard, the agent appeals it once, a supervisor decides the appeal.
export function InspectionDrawer({ id, meId, name, onClose, onChanged }: {
  id: string; meId: string; name: (id?: string) => string; onClose: () => void; onChanged: () => void;
}) {
  const { t, locale } = useLocale();
  const { can } = useSession();
  const { message } = App.useApp();
  // One hook for the three forms (only one shows at a time), without a form:
  // the score form's fields are keyed by criterion, the API's marks by index.
  const { run, busy, error } = useApiSubmit();
  const data = useAsync(async () => {
    const ins = await unwrap(api.GET('/v1/inspections/{id}', { params: { path: { id } } }));
    const card = await unwrap(api.GET('/v1/scorecards/{id}', { params: { path: { id: ins.scorecard_id } } }));
    return { ins, card };
  }, [id]);
  const ins = data.data?.ins;
  const card = data.data?.card;
  const [scoreForm] = Form.useForm();
  const [appealForm] = Form.useForm();
  const [decideForm] = Form.useForm();
  const outcome = Form.useWatch('outcome', decideForm);

  useEffect(() => {
    if (!ins || !card) return;
    const marks: Record<string, { points?: number; failed?: boolean }> = {};
    for (const c of card.criteria ?? []) {
      const m = (ins.marks ?? []).find((x) => x.key === c.key);
      marks[c.key] = { points: m?.points ?? c.weight, failed: m?.failed ?? false };
    }
    scoreForm.setFieldsValue({ marks, comment: ins.comment });
  }, [ins, card, scoreForm]);

  const act = (fn: () => Promise<Inspection>, done: string) => run(async () => {
    const saved = await fn();
    data.setData(data.data && { ...data.data, ins: saved });
    message.success(done);
    onChanged();
  });
  const label = (c: Criterion) => (locale === 'en' && c.label_en ? c.label_en : c.label);
  const mayScore = !!ins && can('quality:write') && ins.agent_id !== meId && (ins.status === 'pending' || ins.status === 'scored');
  const mayAppeal = !!ins && ins.agent_id === meId && ins.status === 'scored';
  const mayDecide = !!ins && can('performance:write') && ins.agent_id !== meId && ins.status === 'appealed';

  return (
    <Drawer open width={620} onClose={onClose} title={t('perf.ins.title')} data-testid="ins-drawer">
      <ProblemAlert error={error ?? data.error} />
      {ins && card && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('perf.ins.ticket')}><Link to={`/tickets/${ins.ticket_id}`}>{ins.ticket_id}</Link></Descriptions.Item>
            <Descriptions.Item label={t('common.status')}><Tag color={inspectionColor[ins.status]} data-testid="ins-status">{t(`perf.ins.status.${ins.status}`)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('perf.ins.agent')}>{name(ins.agent_id)}</Descriptions.Item>
            <Descriptions.Item label={t('perf.ins.inspector')}>{name(ins.inspector_id)}</Descriptions.Item>
            <Descriptions.Item label={t('perf.ins.score')}>{ins.score ?? '—'}{ins.critical_failed && <Tag color="red" style={{ marginLeft: 8 }}>{t('perf.ins.critical')}</Tag>}</Descriptions.Item>
            <Descriptions.Item label={t('perf.ins.final')}><b data-testid="ins-final">{ins.final_score ?? '—'}</b></Descriptions.Item>
            {ins.comment && <Descriptions.Item label={t('perf.ins.comment')} span={2}>{ins.comment}</Descriptions.Item>}
          </Descriptions>
          {!mayScore && (ins.marks ?? []).length > 0 && (
            <Table size="small" style={{ marginTop: 12 }} pagination={false} rowKey="key" dataSource={ins.marks ?? []} columns={[
              { title: t('perf.ins.marks'), key: 'k', render: (_: unknown, m: Schemas['MarkView']) => label(card.criteria?.find((c) => c.key === m.key) ?? { key: m.key, label: m.key, weight: 0 }) },
              { title: t('perf.ins.score'), key: 'p', render: (_: unknown, m: Schemas['MarkView']) => (m.failed ? <Tag color="red">{t('perf.ins.failed')}</Tag> : m.points) },
            ]} />
          )}
          {ins.appeal && (
            <>
              <Divider titlePlacement="start">{t('perf.appeal')}</Divider>
              <Descriptions size="small" column={1} bordered data-testid="ins-appeal">
                <Descriptions.Item label={t('perf.appeal.reason')}>{ins.appeal.reason}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>{t(`perf.appeal.status.${ins.appeal.status}`)}</Descriptions.Item>
                {ins.appeal.decision_reason && <Descriptions.Item label={t('perf.decide.reason')}>{ins.appeal.decision_reason} — {name(ins.appeal.decided_by)}</Descriptions.Item>}
                {ins.appeal.adjusted_score != null && <Descriptions.Item label={t('perf.decide.score')}>{ins.appeal.original_score} → {ins.appeal.adjusted_score}</Descriptions.Item>}
              </Descriptions>
            </>
          )}
          {mayScore && (
            <Form form={scoreForm} layout="vertical" style={{ marginTop: 16 }} data-testid="ins-score-form"
              onFinish={(v: { marks: Record<string, { points?: number; failed?: boolean }>; comment?: string }) => void act(() => unwrap(api.POST('/v1/inspections/{id}/score', {
                params: { path: { id } },
                body: { comment: v.comment, marks: (card.criteria ?? []).map((c) => ({ key: c.key, points: c.critical ? 0 : v.marks[c.key]?.points ?? 0, failed: c.critical ? !!v.marks[c.key]?.failed : undefined })) },
              })), t('perf.ins.scoredOk'))}>
              <Divider titlePlacement="start">{t('perf.ins.marks')}</Divider>
              {(card.criteria ?? []).map((c) => c.critical ? (
                <Form.Item key={c.key} name={['marks', c.key, 'failed']} valuePropName="checked">
                  <Checkbox data-testid={`mark-${c.key}`}><Typography.Text type="danger">{t('perf.ins.critical')}</Typography.Text>: {label(c)}</Checkbox>
                </Form.Item>
              ) : (
                <Form.Item key={c.key} name={['marks', c.key, 'points']} label={`${label(c)}（0–${c.weight}）`} style={{ marginBottom: 8 }}>
                  <InputNumber min={0} max={c.weight} step={1} data-testid={`mark-${c.key}`} />
                </Form.Item>
              ))}
              <Form.Item name="comment" label={t('perf.ins.comment')}><Input.TextArea rows={2} maxLength={4000} data-testid="ins-comment" /></Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="ins-submit-score">{t('perf.ins.submitScore')}</Button>
            </Form>
          )}
          {mayAppeal && (
            <Form form={appealForm} layout="vertical" style={{ marginTop: 16 }}
              onFinish={(v: { reason: string }) => void act(async () => {
                await unwrap(api.POST('/v1/inspections/{id}/appeal', { params: { path: { id } }, body: { reason: v.reason } }));
                return unwrap(api.GET('/v1/inspections/{id}', { params: { path: { id } } }));
              }, t('perf.appeal.sent'))}>
              <Divider titlePlacement="start">{t('perf.appeal')}</Divider>
              <Typography.Paragraph type="secondary">{t('perf.appeal.once')}</Typography.Paragraph>
              <Form.Item name="reason" label={t('perf.appeal.reason')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={3} maxLength={4000} data-testid="appeal-reason" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="appeal-submit">{t('perf.appeal.submit')}</Button>
            </Form>
          )}
          {mayDecide && (
            <Form form={decideForm} layout="vertical" style={{ marginTop: 16 }} initialValues={{ outcome: 'upheld' }}
              onFinish={(v: { outcome: 'upheld' | 'adjusted'; score?: number; reason: string }) => void act(() => unwrap(api.POST('/v1/inspections/{id}/decision', {
                params: { path: { id } }, body: { outcome: v.outcome, score: v.outcome === 'adjusted' ? v.score : undefined, reason: v.reason },
              })), t('perf.decide.done'))}>
              <Divider titlePlacement="start">{t('perf.decide')}</Divider>
              <Form.Item name="outcome" label={t('perf.decide.outcome')}>
                <Radio.Group data-testid="decide-outcome" options={[
                  { value: 'upheld', label: <span data-testid="decide-upheld">{t('perf.decide.upheld')}</span> },
                  { value: 'adjusted', label: <span data-testid="decide-adjusted">{t('perf.decide.adjusted')}</span> },
                ]} />
              </Form.Item>
              {outcome === 'adjusted' && (
                <Form.Item name="score" label={t('perf.decide.score')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={100} data-testid="decide-score" />
                </Form.Item>
              )}
              <Form.Item name="reason" label={t('perf.decide.reason')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} maxLength={4000} data-testid="decide-reason" />
              </Form.Item>
              <Space><Button type="primary" htmlType="submit" loading={busy} data-testid="decide-submit">{t('perf.decide.submit')}</Button></Space>
            </Form>
          )}
        </>
      )}
    </Drawer>
  );
}
