import { useState } from 'react';
import { Button, Checkbox, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useT } from '../../i18n';
import { TextModal } from './TextModal';

type LogEntry = Schemas['DutyLogEntryView'];
const KINDS = ['inspection', 'incident', 'call', 'instruction', 'other'] as const;

// LogEntries is a duty log's timestamped lines with what can be done to
// them (close, write the report), and, while the log is open, the form to
// record the next one.
export function LogEntries({ logId, entries, me, open, onChange }: {
  logId: string;
  entries: LogEntry[];
  me: string;
  open: boolean;
  onChange: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ kind: string; text: string; result?: string; major?: boolean }>();
  const { run, busy: saving, error } = useApiSubmit(form);
  const [closing, setClosing] = useState<LogEntry | null>(null);
  const [reporting, setReporting] = useState<LogEntry | null>(null);

  const add = (v: { kind: string; text: string; result?: string; major?: boolean }) => run(async () => {
    await unwrap(api.POST('/v1/duty/logs/{id}/entries', { params: { path: { id: logId } }, body: { kind: v.kind as LogEntry['kind'], text: v.text.trim(), result: v.result?.trim() || undefined, major: !!v.major } }));
    form.resetFields(['text', 'result', 'major']);
    onChange();
  });

  const status = (e: LogEntry) => {
    const tags = [];
    if (e.major) tags.push(<Tag key="m" color="red">{t('duty.entry.major')}</Tag>);
    tags.push(e.closed_at ? <Tag key="c">{t('duty.entry.closed')}</Tag> : <Tag key="o" color="orange">{t('duty.entry.open')}</Tag>);
    if (e.major && e.reported_at) tags.push(<Tag key="r" color="green">{t('duty.entry.reported')}</Tag>);
    else if (e.major && e.report_escalated_at) tags.push(<Tag key="r" color="red">{t('duty.entry.reportMissing')}</Tag>);
    else if (e.major && e.report_due_at) tags.push(<Tag key="r" color="gold">{t('duty.entry.reportDue', { at: dayjs(e.report_due_at).format('MM-DD HH:mm') })}</Tag>);
    return <Space size={2} wrap>{tags}</Space>;
  };

  return (
    <div>
      <Table<LogEntry>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={entries}
        data-testid="log-entries"
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('duty.entry.at'), dataIndex: 'at', width: 90, render: (v: string) => dayjs(v).format('HH:mm') },
          { title: t('duty.entry.kind'), dataIndex: 'kind', width: 90, render: (k: string) => t(`duty.entry.kind.${k}`) },
          {
            title: t('duty.entry.text'), key: 'text',
            render: (_: unknown, e) => (
              <div>
                <div>{e.text}</div>
                {e.result && <Typography.Text type="secondary">{t('duty.entry.result')}：{e.result}</Typography.Text>}
                {e.report && <div><Typography.Text type="secondary">{t('duty.entry.report')}：{e.report}</Typography.Text></div>}
              </div>
            ),
          },
          { title: t('common.status'), key: 'status', width: 220, render: (_: unknown, e) => status(e) },
          {
            title: '', key: 'act', width: 190,
            render: (_: unknown, e) => (
              <Space size={4}>
                {!e.closed_at && <Button size="small" onClick={() => setClosing(e)} data-testid="entry-close">{t('duty.entry.close')}</Button>}
                {e.major && e.author_id === me && (
                  <Button size="small" onClick={() => setReporting(e)} data-testid="entry-report">{t('duty.entry.writeReport')}</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {open && (
        <Form form={form} layout="inline" onFinish={add} initialValues={{ kind: 'inspection' }} style={{ marginTop: 12, rowGap: 8 }} data-testid="entry-form">
          <Form.Item name="kind">
            <Select style={{ width: 110 }} options={KINDS.map((k) => ({ value: k, label: t(`duty.entry.kind.${k}`) }))} data-testid="entry-kind" />
          </Form.Item>
          <Form.Item name="text" rules={[{ required: true, whitespace: true, message: t('desk.required') }]}>
            <Input placeholder={t('duty.entry.text')} style={{ width: 280 }} maxLength={4000} data-testid="entry-text" />
          </Form.Item>
          <Form.Item name="result">
            <Input placeholder={t('duty.entry.result')} style={{ width: 200 }} maxLength={4000} data-testid="entry-result" />
          </Form.Item>
          <Tooltip title={t('duty.entry.majorHint')}>
            <Form.Item name="major" valuePropName="checked">
              <Checkbox data-testid="entry-major">{t('duty.entry.major')}</Checkbox>
            </Form.Item>
          </Tooltip>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="entry-add">{t('duty.entry.add')}</Button>
        </Form>
      )}
      <div style={{ marginTop: 8 }}><ProblemAlert error={error} /></div>
      <TextModal open={!!closing} title={t('duty.entry.close')} label={t('duty.entry.result')} initial={closing?.result} required
        testId="close-result" onClose={() => setClosing(null)}
        onSubmit={async (text) => {
          await unwrap(api.POST('/v1/duty/log-entries/{id}/close', { params: { path: { id: closing!.id } }, body: { result: text } }));
          onChange();
        }} />
      <TextModal open={!!reporting} title={t('duty.entry.report')} label={t('duty.entry.report')} initial={reporting?.report} required rows={8}
        testId="report-text" onClose={() => setReporting(null)}
        onSubmit={async (text) => {
          await unwrap(api.POST('/v1/duty/log-entries/{id}/report', { params: { path: { id: reporting!.id } }, body: { report: text } }));
          onChange();
        }} />
    </div>
  );
}
