import { useMemo, useState } from 'react';
import { Button, DatePicker, Select, Space, Tag, Tooltip, Typography, message } from 'antd';
import { CalendarOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, fetchAll, unwrap } from '../../api/client';
import { myUnits, useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { GenerateModal } from './GenerateModal';
import { SwapModal } from './SwapModal';
import { addMonths, byDate, dayTag, monthOf, monthRange, monthWeeks, type Entry } from './model';
import type { useDutyRefs } from './useDutyRefs';

const roleColor: Record<string, string> = { agent: 'blue', callback: 'purple', leader: 'gold' };

// RosterCalendar is a unit's month on a grid from Monday: each day its
// calendar mark (节 holiday, 班 make-up workday, 休 rest day) and who is on
// which shift; one's own future shift opens a swap request.
export function RosterCalendar({ refs }: { refs: ReturnType<typeof useDutyRefs> }) {
  const t = useT();
  const { me, can } = useSession();
  const myId = me?.user?.id ?? '';
  const { dir, shiftById } = refs;
  const [unit, setUnit] = useState<string>(() => myUnits(me)[0] ?? '');
  const [month, setMonth] = useState(() => monthOf(new Date()));
  const [generating, setGenerating] = useState(false);
  const [swapFor, setSwapFor] = useState<Entry | null>(null);
  const unitId = unit || dir.units.find((u) => u.depth === 1)?.id || dir.units[0]?.id || '';

  const { data, error, loading, reload } = useAsync(async () => {
    if (!unitId) return [] as Entry[];
    const { from, to } = monthRange(month);
    return fetchAll((cursor) => unwrap(api.GET('/v1/duty/roster', { params: { query: { unit_id: unitId, from, to, limit: 200, cursor } } })), 10);
  }, [unitId, month]);
  const days = useMemo(() => byDate(data ?? []), [data]);
  const weeks = monthWeeks(month);
  const weekNames = t('duty.week').split(',');
  const now = Date.now();

  const cell = (date: string, col: number) => {
    if (!date) return <td key={`pad-${col}`} style={{ background: '#fafafa' }} />;
    const list = days[date] ?? [];
    const tag = dayTag(date, list[0]?.day_kind);
    return (
      <td key={date} data-testid={`day-${date}`} style={{ verticalAlign: 'top', padding: 6, border: '1px solid #f0f0f0', background: tag === 'holiday' ? '#fff1f0' : tag === 'rest_day' ? '#fafafa' : undefined }}>
        <Space size={4} style={{ marginBottom: 4 }}>
          <Typography.Text strong>{Number(date.slice(8))}</Typography.Text>
          {tag && <Tag color={tag === 'holiday' ? 'red' : tag === 'makeup' ? 'orange' : 'default'} data-testid={`daytag-${date}`}>{t(`duty.dayTag.${tag}`)}</Tag>}
        </Space>
        {list.map((e) => {
          const s = shiftById[e.shift_id];
          const mine = e.user_id === myId && Date.parse(e.start_at) > now;
          const chip = (
            <div key={e.id} data-testid="roster-entry" data-user={e.user_id}
              onClick={mine ? () => setSwapFor(e) : undefined}
              style={{ fontSize: 12, lineHeight: '20px', cursor: mine ? 'pointer' : undefined, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              <Tag color={roleColor[e.role]} style={{ marginInlineEnd: 4 }}>{s?.name ?? '?'}</Tag>
              <span style={{ fontWeight: e.user_id === myId ? 600 : undefined }}>{dir.userName[e.user_id] ?? e.user_id}</span>
              {e.signed_in_at && <span style={{ color: '#52c41a' }}> ✓</span>}
              {e.absence_alerted_at && !e.signed_in_at && <span style={{ color: '#ff4d4f' }}> !</span>}
            </div>
          );
          const tip = [t(`duty.role.${e.role}`), e.original_user_id ? t('duty.roster.swapped', { name: dir.userName[e.original_user_id] ?? e.original_user_id }) : '',
            e.signed_in_at ? t('duty.roster.signedIn') : e.absence_alerted_at ? t('duty.roster.absent') : ''].filter(Boolean).join(' · ');
          return <Tooltip key={e.id} title={tip}>{chip}</Tooltip>;
        })}
      </td>
    );
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 220 }} value={unitId || undefined} onChange={setUnit} showSearch optionFilterProp="label" data-testid="roster-unit"
          placeholder={t('duty.roster.unit')}
          options={dir.units.map((u) => ({ value: u.id, label: `${'· '.repeat(u.depth)}${u.name}` }))} />
        <Button icon={<LeftOutlined />} onClick={() => setMonth(addMonths(month, -1))} data-testid="roster-prev" />
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} data-testid="roster-month" />
        <Button icon={<RightOutlined />} onClick={() => setMonth(addMonths(month, 1))} data-testid="roster-next" />
        {can('duty:approve') && (
          <Button type="primary" icon={<CalendarOutlined />} onClick={() => setGenerating(true)} data-testid="roster-generate">{t('duty.roster.generate')}</Button>
        )}
        <Typography.Text type="secondary">{t('duty.roster.swapHint')}</Typography.Text>
      </Space>
      <ProblemAlert error={error} />
      <table style={{ width: '100%', tableLayout: 'fixed', borderCollapse: 'collapse', opacity: loading ? 0.6 : 1 }} data-testid="roster-grid">
        <thead>
          <tr>{weekNames.map((w) => <th key={w} style={{ padding: 6, textAlign: 'left', fontWeight: 500, color: '#666' }}>{w}</th>)}</tr>
        </thead>
        <tbody>
          {weeks.map((w, i) => <tr key={i} style={{ height: 96 }}>{w.map((d, j) => cell(d, j))}</tr>)}
        </tbody>
      </table>
      {!loading && (data ?? []).length === 0 && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="roster-empty">{t('duty.roster.empty')}</Typography.Paragraph>}
      <GenerateModal open={generating} unitId={unitId} month={month} refs={refs} onClose={() => setGenerating(false)}
        onDone={(created, removed) => {
          setGenerating(false);
          void message.success(t('duty.gen.done', { created, removed }));
          void reload();
        }} />
      <SwapModal entry={swapFor} refs={refs} onClose={() => setSwapFor(null)} onSent={() => { setSwapFor(null); void message.success(t('duty.swap.sent')); }} />
    </div>
  );
}
