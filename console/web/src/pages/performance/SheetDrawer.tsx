import { useState } from 'react';
import { App, Alert, Button, Descriptions, Divider, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { metricLabel, pct, sheetActions } from './format';
import { sheetColor } from './SheetsTab';

type Sheet = Schemas['ScoreSheetView'];
type Item = Schemas['SheetItemView'];

// SheetDrawer is one score sheet: its weighed scores, the reward/penalty
// items, and the steps its status and the viewer's role allow.
export function SheetDrawer({ id, name, onClose, onChanged }: {
  id: string; name: (id?: string) => string; onClose: () => void; onChanged: () => void;
}) {
  const t = useT();
  const { can, me } = useSession();
  const { message } = App.useApp();
  // One hook for every step, so each button spins while any runs; no form,
  // as the item and adjustment forms share field names with other steps.
  const { run, busy, error } = useApiSubmit();
  const [itemForm] = Form.useForm();
  const [adjustForm] = Form.useForm();
  const [returnReason, setReturnReason] = useState('');
  const sheet = useAsync(() => unwrap(api.GET('/v1/score-sheets/{id}', { params: { path: { id } } })), [id]);
  const s = sheet.data;

  const act = (fn: () => Promise<Sheet | undefined>) => run(async () => {
    const saved = await fn();
    if (saved) sheet.setData(saved); else await sheet.reload();
    message.success(t('perf.sheet.done'));
    onChanged();
  });
  const step = (path: 'submit' | 'approve' | 'lock') => act(() => unwrap(api.POST(`/v1/score-sheets/{id}/${path}`, { params: { path: { id } } })));
  const a = s ? sheetActions(s.status, can('performance:write'), can('performance:approve'), s.agent_id === me?.user?.id) : undefined;
  const label = (k: string) => metricLabel(t, k);

  return (
    <Drawer open width={680} onClose={onClose} title={s ? t('perf.sheet.title', { name: name(s.agent_id), month: s.month }) : ''} data-testid="sheet-drawer">
      <ProblemAlert error={error ?? sheet.error} />
      {s && a && (
        <>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('common.status')}><Tag color={sheetColor[s.status]} data-testid="sheet-status">{t(`perf.sheet.status.${s.status}`)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('perf.sheet.base')}>{s.base_score}</Descriptions.Item>
            <Descriptions.Item label={t('perf.sheet.items')}>{s.items_total}</Descriptions.Item>
            <Descriptions.Item label={t('perf.sheet.total')}><span data-testid="sheet-total">{s.total}</span></Descriptions.Item>
            <Descriptions.Item label={t('perf.sheet.adjustments')}>{s.adjustments}</Descriptions.Item>
            <Descriptions.Item label={t('perf.sheet.final')}><b data-testid="sheet-final">{s.final}</b></Descriptions.Item>
          </Descriptions>
          {s.returned_reason && s.status === 'draft' && <Alert type="warning" style={{ marginTop: 12 }} title={t('perf.sheet.returned', { reason: s.returned_reason })} />}
          {s.status === 'locked' && <Alert type="info" style={{ marginTop: 12 }} title={t('perf.sheet.lockedNote')} />}
          <Divider titlePlacement="start">{t('perf.sheet.scores')}</Divider>
          <Table size="small" pagination={false} rowKey="k"
            dataSource={Object.entries(s.weights).filter(([, w]) => w > 0).map(([k, w]) => ({ k, w }))}
            columns={[
              { title: t('perf.sheet.metric'), key: 'm', render: (_: unknown, r: { k: string }) => label(r.k) },
              { title: t('perf.sheet.weight'), dataIndex: 'w', key: 'w', width: 80 },
              { title: t('perf.sheet.value'), key: 'v', width: 110, render: (_: unknown, r: { k: string }) => (r.k === 'qa' ? s.qa_average ?? '—' : pct(s.kpis[r.k])) },
              { title: t('perf.sheet.score'), key: 's', width: 90, render: (_: unknown, r: { k: string }) => s.scores[r.k] ?? '—' },
            ]} />
          <Divider titlePlacement="start">{t('perf.sheet.itemList')}</Divider>
          <Table<Item> size="small" pagination={false} rowKey="id" dataSource={s.items ?? []} data-testid="sheet-items" columns={[
            { title: '', key: 'kind', width: 80, render: (_: unknown, it: Item) => <Tag color={it.kind === 'reward' ? 'green' : it.kind === 'penalty' ? 'red' : 'purple'}>{t(`perf.sheet.kind.${it.kind}`)}</Tag> },
            { title: t('perf.sheet.reason'), dataIndex: 'reason', key: 'reason' },
            { title: t('perf.sheet.points'), key: 'points', width: 70, render: (_: unknown, it: Item) => (it.kind === 'penalty' ? -it.points : it.points) },
            { title: t('perf.sheet.approver'), key: 'approver', width: 100, render: (_: unknown, it: Item) => (it.approver_id ? name(it.approver_id) : '—') },
            ...(a.edit ? [{ title: '', key: 'x', width: 60, render: (_: unknown, it: Item) => it.kind !== 'adjustment' && (
              <Button size="small" type="link" danger onClick={() => void act(async () => {
                await unwrap(api.DELETE('/v1/score-sheets/{id}/items/{item_id}', { params: { path: { id, item_id: it.id } } }));
                return undefined;
              })}>{t('perf.sheet.remove')}</Button>
            ) }] : []),
          ]} />
          {a.edit && (
            <Form form={itemForm} layout="inline" style={{ marginTop: 12 }} initialValues={{ kind: 'reward' }} data-testid="sheet-item-form"
              onFinish={(v: { kind: 'reward' | 'penalty'; reason: string; points: number }) => void act(async () => {
                const r = await unwrap(api.POST('/v1/score-sheets/{id}/items', { params: { path: { id } }, body: v }));
                itemForm.resetFields(['reason', 'points']);
                return r;
              })}>
              <Form.Item name="kind"><Select style={{ width: 90 }} data-testid="item-kind" options={(['reward', 'penalty'] as const).map((k) => ({ value: k, label: t(`perf.sheet.kind.${k}`) }))} /></Form.Item>
              <Form.Item name="reason" rules={[{ required: true, whitespace: true }]}><Input placeholder={t('perf.sheet.reason')} style={{ width: 220 }} data-testid="item-reason" /></Form.Item>
              <Form.Item name="points" rules={[{ required: true }]}><InputNumber min={0.5} max={100} placeholder={t('perf.sheet.points')} data-testid="item-points" /></Form.Item>
              <Button htmlType="submit" loading={busy} data-testid="item-add">{t('perf.sheet.addItem')}</Button>
            </Form>
          )}
          {a.adjust && (
            <Form form={adjustForm} layout="inline" style={{ marginTop: 12 }} data-testid="sheet-adjust-form"
              onFinish={(v: { reason: string; points: number }) => void act(() => unwrap(api.POST('/v1/score-sheets/{id}/adjustments', { params: { path: { id } }, body: v })))}>
              <Form.Item name="reason" rules={[{ required: true, whitespace: true }]}><Input placeholder={t('perf.sheet.reason')} style={{ width: 240 }} data-testid="adjust-reason" /></Form.Item>
              <Form.Item name="points" rules={[{ required: true }]}><InputNumber min={-100} max={100} placeholder={t('perf.sheet.points')} data-testid="adjust-points" /></Form.Item>
              <Button htmlType="submit" loading={busy} data-testid="adjust-add">{t('perf.sheet.adjust')}</Button>
            </Form>
          )}
          {s.comment && !a.edit && <Typography.Paragraph style={{ marginTop: 12 }}>{t('perf.sheet.comment')}：{s.comment}</Typography.Paragraph>}
          <Divider />
          <Space wrap>
            {a.submit && <Button type="primary" loading={busy} onClick={() => void step('submit')} data-testid="sheet-submit">{t('perf.sheet.submit')}</Button>}
            {a.approve && <Button type="primary" loading={busy} onClick={() => void step('approve')} data-testid="sheet-approve">{t('perf.sheet.approve')}</Button>}
            {a.lock && (
              <Popconfirm title={t('perf.sheet.lockedNote')} onConfirm={() => void step('lock')} okButtonProps={{ 'data-testid': 'sheet-lock-ok' } as Record<string, string>}>
                <Button danger loading={busy} data-testid="sheet-lock">{t('perf.sheet.lock')}</Button>
              </Popconfirm>
            )}
            {a.return && (
              <Space.Compact>
                <Input placeholder={t('perf.sheet.returnReason')} value={returnReason} onChange={(e) => setReturnReason(e.target.value)} style={{ width: 200 }} />
                <Button disabled={!returnReason.trim()} loading={busy} onClick={() => void act(() => unwrap(api.POST('/v1/score-sheets/{id}/return', { params: { path: { id } }, body: { reason: returnReason } })))}>{t('perf.sheet.return')}</Button>
              </Space.Compact>
            )}
          </Space>
        </>
      )}
    </Drawer>
  );
}
