import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Col, Descriptions, Empty, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, EditOutlined, SafetyOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { handoverActions, type Handover } from './model';
import { TextModal } from './TextModal';
import { useDutyRefs } from './useDutyRefs';

type Check = Schemas['ChecklistItem'];
const statusColor: Record<string, string> = { prepared: 'gold', outgoing_signed: 'blue', done: 'green' };
const fmt = (v?: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '');

// HandoverPage is the handover form (交接班单): the list generated from live
// data, the outgoing person's notes, checklist and instructions, and the
// two signatures; a refusal (409) shows its reason above.
export default function HandoverPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { me, can } = useSession();
  const myId = me?.user?.id ?? '';
  const { dir } = useDutyRefs();
  const { data: loaded, error: loadError, setData } = useAsync(async () => unwrap(api.GET('/v1/handovers/{id}', { params: { path: { id } } })), [id]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState('');
  const [overriding, setOverriding] = useState(false);
  const [notes, setNotes] = useState('');
  const [typed, setTyped] = useState<string[]>([]);
  const [checks, setChecks] = useState<Check[]>([]);
  const h = loaded;
  useEffect(() => {
    if (!h) return;
    setNotes(h.notes ?? '');
    setTyped((h.items.instructions ?? []).filter((i) => !i.entry_id).map((i) => i.text));
    setChecks(h.items.checklist ?? []);
  }, [h]);
  if (!h) return <Card loading={!loadError}><ProblemAlert error={loadError} /></Card>;
  const can_ = handoverActions(h, myId, can('duty:approve'));
  const name = (uid?: string | null) => (uid ? dir.userName[uid] ?? uid : '');

  const act = async (what: string, fn: () => Promise<Handover>) => {
    setBusy(what);
    setError(null);
    try {
      setData(await fn());
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };
  const save = () => unwrap(api.PATCH('/v1/handovers/{id}', { params: { path: { id } }, body: { notes, instructions: typed, checklist: checks } }));
  const sign = () => unwrap(api.POST('/v1/handovers/{id}/sign', { params: { path: { id } } }));
  const items = h.items;
  const section = (title: string, testId: string, body: React.ReactNode, empty: boolean) => (
    <Card size="small" title={title} data-testid={testId} style={{ marginBottom: 12 }}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.ho.none')} /> : body}
    </Card>
  );

  return (
    <Card
      title={<Space><Link to="/duty"><ArrowLeftOutlined /></Link>{t('duty.ho.title')}<Tag color={statusColor[h.status]} data-testid="handover-status">{t(`duty.ho.status.${h.status}`)}</Tag></Space>}
      extra={
        <Space>
          {can_.edit && <Button icon={<EditOutlined />} loading={busy === 'save'} onClick={() => act('save', save)} data-testid="handover-save">{t('duty.ho.save')}</Button>}
          {can_.signOutgoing && (
            <Button type="primary" icon={<CheckCircleOutlined />} loading={busy === 'sign'} data-testid="handover-sign"
              onClick={() => act('sign', async () => { await save(); return sign(); })}>{t('duty.ho.signOut')}</Button>
          )}
          {can_.signIncoming && (
            <Button type="primary" icon={<CheckCircleOutlined />} loading={busy === 'sign'} data-testid="handover-sign" onClick={() => act('sign', sign)}>{t('duty.ho.signIn')}</Button>
          )}
          {can_.override && <Button icon={<SafetyOutlined />} onClick={() => setOverriding(true)} data-testid="handover-override">{t('duty.ho.override')}</Button>}
        </Space>
      }
    >
      <ProblemAlert error={error} onClose={() => setError(null)} />
      <Descriptions size="small" bordered column={2} style={{ marginBottom: 16 }} items={[
        { key: 'from', label: t('duty.ho.from'), children: <span data-testid="handover-from">{name(h.from_user_id)}</span> },
        { key: 'to', label: t('duty.ho.to'), children: <span data-testid="handover-to">{name(h.to_user_id)}</span> },
        { key: 'fs', label: t('duty.ho.signOut'), children: <span data-testid="handover-from-signed">{h.from_signed_at ? t('duty.ho.fromSigned', { at: fmt(h.from_signed_at) }) : t('duty.ho.notSigned')}</span> },
        { key: 'ts', label: t('duty.ho.signIn'), children: <span data-testid="handover-to-signed">{h.to_signed_at ? t('duty.ho.toSigned', { at: fmt(h.to_signed_at) }) : t('duty.ho.notSigned')}</span> },
        { key: 'gen', label: t('duty.ho.title'), children: t('duty.ho.preparedAt', { at: fmt(h.prepared_at) }), span: 2 },
        ...(h.overridden_at ? [{ key: 'ov', label: t('duty.ho.override'), span: 2, children: t('duty.ho.overridden', { name: name(h.overridden_by), at: fmt(h.overridden_at), reason: h.override_reason ?? '' }) }] : []),
      ]} />
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          {section(t('duty.ho.tickets', { n: items.tickets_total }), 'ho-tickets', (
            <List size="small" dataSource={items.tickets ?? []} renderItem={(x) => (
              <List.Item><Space><Link to={`/tickets/${x.id}`}>{x.number}</Link>{x.subject}<Tag>{t(`desk.status.${x.status}`)}</Tag>{x.assignee_id && <Typography.Text type="secondary">{name(x.assignee_id)}</Typography.Text>}</Space></List.Item>
            )} />
          ), (items.tickets ?? []).length === 0)}
          {section(t('duty.ho.callbacks'), 'ho-callbacks', (
            <List size="small" dataSource={items.callbacks ?? []} renderItem={(x) => (
              <List.Item><Space><Link to={`/tickets/${x.ticket_id}`}>{x.ticket_number || x.ticket_id}</Link>{fmt(x.scheduled_at)}{x.assignee_id && name(x.assignee_id)}</Space></List.Item>
            )} />
          ), (items.callbacks ?? []).length === 0)}
        </Col>
        <Col xs={24} lg={12}>
          {section(t('duty.ho.unfinished'), 'ho-unfinished', (
            <List size="small" dataSource={items.unfinished ?? []} renderItem={(x) => (
              <List.Item><Space wrap>{fmt(x.at)}<Tag>{t(`duty.entry.kind.${x.kind}`)}</Tag>{x.text}{x.major && <Tag color="red">{t('duty.entry.major')}</Tag>}</Space></List.Item>
            )} />
          ), (items.unfinished ?? []).length === 0)}
          {section(t('duty.ho.instructions'), 'ho-instructions', (
            <>
              <List size="small" dataSource={(items.instructions ?? []).filter((i) => i.entry_id || !can_.edit)} renderItem={(x) => <List.Item>{x.text}</List.Item>} />
              {can_.edit && <Select mode="tags" style={{ width: '100%' }} value={typed} onChange={setTyped} placeholder={t('duty.ho.addInstruction')} tokenSeparators={['\n']} data-testid="ho-add-instruction" />}
            </>
          ), !can_.edit && (items.instructions ?? []).length === 0)}
          {section(t('duty.ho.checklist'), 'ho-checklist', (
            <Space direction="vertical">
              {checks.map((c, i) => (
                <Space key={c.item}>
                  <Checkbox checked={c.ok} disabled={!can_.edit} data-testid={`ho-check-${i}`}
                    onChange={(e) => setChecks(checks.map((x, j) => (j === i ? { ...x, ok: e.target.checked } : x)))}>{c.item}</Checkbox>
                  {can_.edit
                    ? <Input size="small" style={{ width: 200 }} value={c.note ?? ''} onChange={(e) => setChecks(checks.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))} />
                    : c.note && <Typography.Text type="secondary">{c.note}</Typography.Text>}
                </Space>
              ))}
            </Space>
          ), checks.length === 0)}
        </Col>
      </Row>
      <Card size="small" title={t('duty.ho.notes')}>
        {can_.edit
          ? <Input.TextArea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={8000} data-testid="ho-notes" />
          : <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="ho-notes-text">{h.notes || t('duty.ho.none')}</Typography.Paragraph>}
      </Card>
      <TextModal open={overriding} title={t('duty.ho.override')} label={t('duty.ho.overrideReason')} required testId="override-reason"
        onClose={() => setOverriding(false)}
        onSubmit={async (reason) => setData(await unwrap(api.POST('/v1/handovers/{id}/override', { params: { path: { id } }, body: { reason } })))} />
    </Card>
  );
}
