import { useState } from 'react';
import { Button, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { TextModal } from './TextModal';
import type { useDutyRefs } from './useDutyRefs';

type Swap = Schemas['SwapView'];
type View = 'decide' | 'mine' | 'all';
const statusColor: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red', cancelled: 'default' };

// Swaps lists 调班/顶班 requests: those waiting for my decision, mine, or
// all; supervisors approve or reject with a note.
export function Swaps({ refs }: { refs: ReturnType<typeof useDutyRefs> }) {
  const t = useT();
  const { me, can } = useSession();
  const myId = me?.user?.id ?? '';
  const approver = can('duty:approve');
  const [view, setView] = useState<View>(approver ? 'decide' : 'mine');
  const [deciding, setDeciding] = useState<{ swap: Swap; approve: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { dir, shiftById } = refs;
  const { data, error: loadError, loading, reload } = useAsync(async () => {
    const query = view === 'decide' ? { to_decide: true, status: 'pending' as const } : view === 'mine' ? { mine: true } : {};
    return (await unwrap(api.GET('/v1/duty/swaps', { params: { query: { ...query, limit: 100 } } }))).items ?? [];
  }, [view]);
  const name = (id?: string) => (id ? dir.userName[id] ?? id : '');
  const shift = (s?: Schemas['SwapShiftView']) => (s ? `${s.date} ${shiftById[s.shift_id]?.name ?? ''}` : '');

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Radio.Group value={view} onChange={(e) => setView(e.target.value)} optionType="button" data-testid="swap-view"
          options={[...(approver ? [{ value: 'decide', label: t('duty.swap.toDecide') }] : []), { value: 'mine', label: t('duty.swap.mine') }, { value: 'all', label: t('common.all') }]} />
      </Space>
      <ProblemAlert error={loadError ?? error} />
      <Table<Swap>
        rowKey="id" size="middle" loading={loading} dataSource={data ?? []} pagination={false} data-testid="swap-table"
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('duty.swap.requester'), key: 'who', render: (_: unknown, s) => name(s.requester_id) },
          {
            title: t('duty.swap.kind'), key: 'kind',
            render: (_: unknown, s) => (
              <div>
                <Tag>{t(`duty.swap.kind.${s.kind}`)}</Tag>
                <div>{shift(s.entry ?? undefined)} → {name(s.counterpart_id)}{s.counterpart_entry && <> ⇄ {shift(s.counterpart_entry)}</>}</div>
              </div>
            ),
          },
          { title: t('duty.swap.reason'), dataIndex: 'reason', key: 'reason' },
          {
            title: t('common.status'), key: 'status',
            render: (_: unknown, s) => (
              <div>
                <Tag color={statusColor[s.status]} data-testid="swap-status">{t(`duty.swap.status.${s.status}`)}</Tag>
                {s.decided_by && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{name(s.decided_by)} {s.decided_at && dayjs(s.decided_at).format('MM-DD HH:mm')} {s.decision_note}</Typography.Text>}
              </div>
            ),
          },
          {
            title: '', key: 'act', width: 180,
            render: (_: unknown, s) => s.status !== 'pending' ? null : (
              <Space size={4}>
                {approver && s.requester_id !== myId && (
                  <>
                    <Button size="small" type="primary" onClick={() => setDeciding({ swap: s, approve: true })} data-testid="swap-approve">{t('duty.swap.approve')}</Button>
                    <Button size="small" danger onClick={() => setDeciding({ swap: s, approve: false })} data-testid="swap-reject">{t('duty.swap.reject')}</Button>
                  </>
                )}
                {s.requester_id === myId && (
                  <Button size="small" onClick={async () => {
                    setError(null);
                    try {
                      await unwrap(api.POST('/v1/duty/swaps/{id}/cancel', { params: { path: { id: s.id } } }));
                      void reload();
                    } catch (e) { setError(e); }
                  }}>{t('duty.swap.cancel')}</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <TextModal open={!!deciding} title={deciding?.approve ? t('duty.swap.approve') : t('duty.swap.reject')} label={t('duty.swap.note')} rows={2}
        testId="swap-note" onClose={() => setDeciding(null)}
        onSubmit={async (note) => {
          const { swap, approve } = deciding!;
          const path = approve ? '/v1/duty/swaps/{id}/approve' : '/v1/duty/swaps/{id}/reject';
          await unwrap(api.POST(path, { params: { path: { id: swap.id } }, body: { note } }));
          void reload();
        }} />
    </div>
  );
}
