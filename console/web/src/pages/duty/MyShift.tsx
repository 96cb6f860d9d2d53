import { useMemo, useState } from 'react';
import { Alert, Button, Descriptions, Divider, Empty, List, Space, Tag, Typography } from 'antd';
import { LoginOutlined, LogoutOutlined, SwapOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { LogEntries } from './LogEntries';
import { currentAndNext, shiftTime, type Entry } from './model';
import type { useDutyRefs } from './useDutyRefs';

// MyShift is one person's duty: the shift now and next, signing in, the
// duty log of the open shift, and the handovers they give or take.
export function MyShift({ refs }: { refs: ReturnType<typeof useDutyRefs> }) {
  const t = useT();
  const nav = useNavigate();
  const { me } = useSession();
  const myId = me?.user?.id ?? '';
  const { dir, shiftById } = refs;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState('');
  const { data, error: loadError, reload } = useAsync(async () => ({ mine: await unwrap(api.GET('/v1/duty/me')), at: Date.now() }), []);
  const mine = data?.mine;
  const entries = useMemo(() => mine?.entries ?? [], [mine]);
  const { current, next } = useMemo(() => currentAndNext(entries, data?.at ?? 0), [entries, data]);
  const log = (mine?.logs ?? [])[0];
  const handovers = mine?.handovers ?? [];
  const outgoing = log ? handovers.find((h) => h.from_entry_id === log.roster_entry_id) : undefined;
  const toSign = handovers.filter((h) => h.to_user_id === myId && !h.to_signed_at);

  const act = async (name: string, fn: () => Promise<unknown>) => {
    setBusy(name);
    setError(null);
    try {
      await fn();
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  const label = (e: Entry) => {
    const s = shiftById[e.shift_id];
    return (
      <Space size={6} wrap>
        <Typography.Text strong>{e.date}</Typography.Text>
        <span>{s?.name ?? e.shift_id}</span>
        {s && <Typography.Text type="secondary">{shiftTime(s, t('duty.shift.nextDay'))}</Typography.Text>}
        <Tag>{dir.unitName[e.unit_id] ?? e.unit_id}</Tag>
        <Tag color="blue">{t(`duty.role.${e.role}`)}</Tag>
        {e.day_kind !== 'workday' && <Tag color={e.day_kind === 'holiday' ? 'red' : 'default'}>{t(`duty.dayKind.${e.day_kind}`)}</Tag>}
      </Space>
    );
  };

  const openShift = log ? entries.find((e) => e.id === log.roster_entry_id) : undefined;

  return (
    <div data-testid="my-shift">
      <ProblemAlert error={loadError ?? error} onClose={error ? () => setError(null) : undefined} />
      {toSign.map((h) => (
        <Alert key={h.id} type="warning" showIcon style={{ marginBottom: 12 }} data-testid="handover-to-sign"
          title={<span>{t('duty.mine.toSign')}：{t('duty.ho.from')} {dir.userName[h.from_user_id] ?? h.from_user_id}</span>}
          action={<Link to={`/duty/handovers/${h.id}`} data-testid="handover-to-sign-open">{t('duty.mine.openHandover')}</Link>} />
      ))}
      {log ? (
        <>
          <Descriptions size="small" column={2} bordered title={<span>{t('duty.mine.current')}</span>} data-testid="open-log"
            extra={
              <Space>
                {outgoing
                  ? <Button onClick={() => nav(`/duty/handovers/${outgoing.id}`)} icon={<SwapOutlined />} data-testid="handover-open">{t('duty.mine.openHandover')}</Button>
                  : <Button type="primary" icon={<SwapOutlined />} loading={busy === 'prepare'} data-testid="handover-prepare"
                    onClick={() => act('prepare', async () => {
                      const h = await unwrap(api.POST('/v1/handovers', { body: { from_entry_id: log.roster_entry_id } }));
                      nav(`/duty/handovers/${h.id}`);
                    })}>{t('duty.mine.prepare')}</Button>}
                <Button icon={<LogoutOutlined />} loading={busy === 'out'} data-testid="sign-out"
                  onClick={() => act('out', () => unwrap(api.POST('/v1/duty/logs/{id}/sign-out', { params: { path: { id: log.id } } })))}>
                  {t('duty.mine.signOut')}
                </Button>
              </Space>
            }
            items={[
              { key: 'shift', label: t('duty.swap.shift'), children: openShift ? label(openShift) : log.shift_id },
              { key: 'in', label: t('duty.roster.signedIn'), children: t('duty.mine.signedInAt', { at: dayjs(log.started_at).format('MM-DD HH:mm') }) },
            ]} />
          <Divider titlePlacement="start">{t('duty.mine.log')}</Divider>
          <LogEntries logId={log.id} entries={log.entries ?? []} me={myId} open onChange={() => void reload()} />
        </>
      ) : current ? (
        <Alert type="info" showIcon data-testid="current-shift"
          title={<span>{t('duty.mine.current')}：{label(current)} · {t('duty.mine.notSignedIn')}</span>}
          action={<Button type="primary" icon={<LoginOutlined />} loading={busy === 'in'} data-testid="sign-in"
            onClick={() => act('in', () => unwrap(api.POST('/v1/duty/logs', { body: { roster_entry_id: current.id } })))}>{t('duty.mine.signIn')}</Button>} />
      ) : (
        <Empty description={t('duty.mine.noShift')} />
      )}
      <Divider titlePlacement="start">{t('duty.mine.upcoming')}</Divider>
      <List size="small" data-testid="my-upcoming"
        dataSource={entries.filter((e) => e !== openShift && Date.parse(e.end_at) > (data?.at ?? 0))}
        locale={{ emptyText: t('duty.mine.noShift') }}
        renderItem={(e) => <List.Item>{label(e)}{e === next && <Tag color="green" style={{ marginLeft: 8 }}>{t('duty.mine.next')}</Tag>}</List.Item>} />
    </div>
  );
}
