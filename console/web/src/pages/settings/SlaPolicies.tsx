import { useMemo, useState } from 'react';
import { App, Button, Flex, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { PageHead } from '../people/PageHead';
import { humanize, isoToSeconds } from './duration';
import { SlaPolicyEditor } from './SlaPolicyEditor';
import { suggestRank, type Policy } from './slaForm';
import { usePositions } from './usePositions';

// SlaPolicies lists the service-level rules in the order they are tried:
// the first enabled policy matching a ticket sets its time limits.
export default function SlaPolicies() {
  const t = useT();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const writable = can('sla:write') && !me?.read_only;
  const policies = useAsync(async () => (await unwrap(api.GET('/v1/sla-policies'))).items ?? [], []);
  const calendars = useAsync(async () => (can('calendars:read') ? (await unwrap(api.GET('/v1/calendars'))).items ?? [] : []), [can]);
  const { positions, title } = usePositions(can('org:read'));
  const positionOptions = useMemo(() => positions.map((p) => ({ id: p.id, label: title(p.id) })), [positions, title]);
  const [editing, setEditing] = useState<Policy | null>(null);
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const list = policies.data ?? [];

  const dur = (iso: string) => humanize(isoToSeconds(iso) ?? 0, t);
  const target = (to: string) => (to.startsWith('position:') ? title(to.slice(9)) : t(`settings.sla.to.${to}`));

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setActionError(null);
    try {
      await fn();
      message.success(done);
      void policies.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const toggle = (p: Policy, enabled: boolean) => act(
    () => unwrap(api.PATCH('/v1/sla-policies/{id}', { params: { path: { id: p.id } }, body: { enabled } })), t('common.saved'));
  const remove = (p: Policy) => act(
    () => unwrap(api.DELETE('/v1/sla-policies/{id}', { params: { path: { id: p.id } } })), t('settings.sla.deleted', { name: p.name }));

  const matchTags = (p: Policy) => {
    const m = p.match ?? {};
    const tags = [
      ...(m.types ?? []).map((x) => <Tag key={`t${x}`} color="blue">{t(`settings.type.${x}`)}</Tag>),
      ...(m.priorities ?? []).map((x) => <Tag key={`p${x}`} color={x === 'urgent' ? 'red' : 'orange'}>{t(`settings.priority.${x}`)}</Tag>),
      ...(m.tiers ?? []).map((x) => <Tag key={`c${x}`} color="gold">{t(`settings.tier.${x}`)}</Tag>),
    ];
    return tags.length ? <Flex gap={4} wrap>{tags}</Flex> : <Typography.Text type="secondary">{t('settings.sla.allTickets')}</Typography.Text>;
  };

  const columns = [
    { title: t('settings.sla.rankShort'), dataIndex: 'rank', width: 70 },
    {
      title: t('common.name'), key: 'name',
      render: (_: unknown, p: Policy) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{p.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{(calendars.data ?? []).find((c) => c.id === p.calendar_id)?.name}</Typography.Text>
        </Space>
      ),
    },
    { title: t('settings.sla.match'), key: 'match', render: (_: unknown, p: Policy) => matchTags(p) },
    { title: t('settings.sla.firstResponse'), key: 'fr', width: 110, render: (_: unknown, p: Policy) => dur(p.first_response) },
    { title: t('settings.sla.resolution'), key: 'res', width: 110, render: (_: unknown, p: Policy) => dur(p.resolution) },
    {
      title: t('settings.sla.escalation'), key: 'esc',
      render: (_: unknown, p: Policy) => (
        <Typography.Text style={{ fontSize: 12 }}>
          {(p.escalation ?? []).map((s) => `${target(s.to)}${isoToSeconds(s.after) ? `（+${dur(s.after)}）` : ''}`).join(' → ') || '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('settings.sla.enabled'), key: 'enabled', width: 80,
      render: (_: unknown, p: Policy) => <Switch size="small" checked={p.enabled} disabled={!writable} onChange={(v) => toggle(p, v)} />,
    },
    {
      title: t('common.actions'), key: 'actions', width: 130,
      render: (_: unknown, p: Policy) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(p)} data-testid={`sla-edit-${p.id}`}>{writable ? t('action.edit') : t('people.roles.view')}</Button>
          {writable && (
            <Popconfirm title={t('settings.sla.confirmDelete', { name: p.name })} onConfirm={() => remove(p)} okButtonProps={{ danger: true }}>
              <Button type="link" size="small" danger>{t('action.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHead title={t('nav.sla')} hint={t('settings.sla.pageHint')}
        extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sla-add">{t('settings.sla.new')}</Button>} />
      <ProblemAlert error={policies.error || calendars.error || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      <Table<Policy> rowKey="id" columns={columns} dataSource={list} loading={policies.loading} pagination={false} data-testid="sla-table" />
      <SlaPolicyEditor
        open={creating || !!editing}
        policy={editing}
        calendars={calendars.data ?? []}
        positions={positionOptions}
        nextRank={suggestRank(list)}
        readOnly={!writable}
        onClose={() => { setEditing(null); setCreating(false); }}
        onSaved={() => { setEditing(null); setCreating(false); message.success(t('common.saved')); void policies.reload(); }}
      />
    </div>
  );
}
