import { useState } from 'react';
import { App, Button, Card, Col, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';
import { useDirectory } from '../tickets/useDirectory';
import { lastQuarter } from './format';
import { LadderEditor } from './LadderEditor';

type Proposal = Schemas['GradeProposalView'];

// GradesTab: the grade ladder (见习 … 高级), who holds what, and the
// quarterly review's promotions and demotions for a manager to confirm. A
// manager edits the ladder and places people on a level by hand (a
// newcomer's starting grade).
export function GradesTab() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { can } = useSession();
  const { dir, users } = useDirectory();
  const [editing, setEditing] = useState(false);
  const [place, setPlace] = useState<{ user?: string; level?: string }>({});
  const [quarter, setQuarter] = useState(lastQuarter(new Date()));
  const [reason, setReason] = useState('');
  const { run, busy, error } = useApiSubmit();
  const data = useAsync(() => Promise.all([
    unwrap(api.GET('/v1/grades')),
    unwrap(api.GET('/v1/grades/staff')),
    unwrap(api.GET('/v1/grades/proposals', { params: { query: { limit: 200 } } })),
  ]), []);
  const [ladder, staff, proposals] = data.data ?? [];
  const levelName = (id: string) => {
    const l = ladder?.levels?.find((x) => x.id === id);
    return l ? (locale === 'en' && l.name_en ? l.name_en : l.name) : id;
  };
  const name = (id: string) => dir.userName[id] ?? id;
  const approve = can('performance:approve');

  const act = (fn: () => Promise<string>) => run(async () => {
    message.success(await fn());
    await data.reload();
  });

  return (
    <div data-testid="perf-grades">
      <ProblemAlert error={error ?? data.error} />
      <Typography.Paragraph type="secondary">{t('perf.grade.rules')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('perf.grade.ladder')} extra={approve && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="ladder-edit">{t('action.edit')}</Button>
          )}>
            <Table size="small" pagination={false} rowKey="id" dataSource={[...(ladder?.levels ?? [])].reverse()} data-testid="grade-ladder" columns={[
              { title: t('perf.grade.level'), key: 'n', render: (_: unknown, l: Schemas['GradeLevelView']) => levelName(l.id ?? '') },
              { title: t('perf.grade.promoteAt'), dataIndex: 'promote_at', key: 'p' },
              { title: t('perf.grade.keepAt'), dataIndex: 'keep_at', key: 'k' },
            ]} />
          </Card>
          <Card size="small" title={t('perf.grade.holders')} style={{ marginTop: 16 }}>
            {approve && (
              <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
                <Select showSearch optionFilterProp="label" placeholder={t('perf.grade.person')} style={{ width: '50%' }} value={place.user}
                  onChange={(user: string) => setPlace((p) => ({ ...p, user }))} data-testid="place-user"
                  options={users.filter((u) => u.status !== 'deactivated').map((u) => ({ value: u.id, label: u.name || u.email }))} />
                <Select showSearch optionFilterProp="label" placeholder={t('perf.grade.level')} style={{ width: '30%' }} value={place.level}
                  onChange={(level: string) => setPlace((p) => ({ ...p, level }))} data-testid="place-level"
                  options={(ladder?.levels ?? []).map((l) => ({ value: l.id ?? '', label: levelName(l.id ?? '') }))} />
                <Button type="primary" disabled={!place.user || !place.level} loading={busy} data-testid="place-save" onClick={() => void act(async () => {
                  await unwrap(api.PUT('/v1/grades/staff/{id}', { params: { path: { id: place.user! } }, body: { level_id: place.level! } }));
                  const msg = t('perf.grade.placed', { name: name(place.user!), level: levelName(place.level!) });
                  setPlace({});
                  return msg;
                })}>{t('perf.grade.place')}</Button>
              </Space.Compact>
            )}
            <Table size="small" pagination={{ pageSize: 10, hideOnSinglePage: true }} rowKey="user_id" dataSource={staff?.items ?? []} data-testid="grade-holders" columns={[
              { title: t('perf.grade.person'), key: 'u', render: (_: unknown, g: Schemas['StaffGradeView']) => name(g.user_id) },
              { title: t('perf.grade.level'), key: 'l', render: (_: unknown, g: Schemas['StaffGradeView']) => levelName(g.level_id) },
            ]} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('perf.grade.proposals')} extra={approve && (
            <Space.Compact>
              <Input style={{ width: 100 }} value={quarter} onChange={(e) => setQuarter(e.target.value)} data-testid="grade-quarter" />
              <Button loading={busy} onClick={() => void act(async () => {
                const r = await unwrap(api.POST('/v1/grades/reviews', { body: { quarter } }));
                return t('perf.grade.reviewed', { n: r.proposed });
              })} data-testid="grade-review">{t('perf.grade.review')}</Button>
            </Space.Compact>
          )}>
            <Table<Proposal> size="small" rowKey="id" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={proposals?.items ?? []} data-testid="grade-proposals" columns={[
              { title: t('perf.grade.person'), key: 'u', render: (_: unknown, p: Proposal) => name(p.user_id) },
              { title: t('perf.grade.quarter'), dataIndex: 'quarter', key: 'q', width: 80 },
              { title: t('perf.grade.move'), key: 'm', render: (_: unknown, p: Proposal) => (
                <Space size={4}><Tag color={p.direction === 'promote' ? 'green' : 'orange'}>{t(`perf.grade.${p.direction}`)}</Tag>{levelName(p.from_level_id)} → {levelName(p.to_level_id)}</Space>
              ) },
              { title: t('perf.grade.average'), dataIndex: 'average', key: 'a', width: 80 },
              { title: t('common.status'), key: 's', width: 90, render: (_: unknown, p: Proposal) => t(`perf.grade.status.${p.status}`) },
              ...(approve ? [{ title: '', key: 'x', width: 150, render: (_: unknown, p: Proposal) => p.status === 'proposed' && (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => void act(async () => {
                    await unwrap(api.POST('/v1/grades/proposals/{id}/confirm', { params: { path: { id: p.id } }, body: {} }));
                    return t('perf.grade.status.confirmed');
                  })}>{t('perf.grade.confirm')}</Button>
                  <Popconfirm title={<Input placeholder={t('perf.grade.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
                    onConfirm={() => void act(async () => {
                      await unwrap(api.POST('/v1/grades/proposals/{id}/reject', { params: { path: { id: p.id } }, body: { reason } }));
                      setReason('');
                      return t('perf.grade.status.rejected');
                    })}>
                    <Button size="small">{t('perf.grade.reject')}</Button>
                  </Popconfirm>
                </Space>
              ) }] : []),
            ]} />
          </Card>
        </Col>
      </Row>
      <LadderEditor open={editing} levels={ladder?.levels ?? []} onClose={() => setEditing(false)}
        onSaved={() => { setEditing(false); message.success(t('perf.sheet.done')); void data.reload(); }} />
    </div>
  );
}
