import { Button, Flex, Input, Tooltip, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { overlaps, spanProblem, WEEKDAYS, type Span, type Week } from './calendarDraft';

// WeekGrid edits opening hours: one row per weekday (Monday first), any
// number of time spans per day; a day without spans is a rest day.
export function WeekGrid({ week, onChange, disabled }: { week: Week; onChange: (w: Week) => void; disabled?: boolean }) {
  const t = useT();
  const setDay = (d: number, spans: Span[]) => onChange({ ...week, [d]: spans });
  const copyToWeekdays = (d: number) => {
    const next = { ...week };
    for (const x of [1, 2, 3, 4, 5]) next[x] = week[d].map((s) => ({ ...s }));
    onChange(next);
  };
  return (
    <div data-testid="week-grid">
      {WEEKDAYS.map((d) => {
        const spans = week[d];
        return (
          <Flex key={d} align="flex-start" gap={12} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid={`day-${d}`}>
            <Typography.Text strong style={{ width: 56, lineHeight: '32px', flex: 'none' }}>{t(`settings.weekday.${d}`)}</Typography.Text>
            <Flex vertical gap={8} style={{ flex: 1 }}>
              {spans.length === 0 && <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>{t('settings.cal.restDay')}</Typography.Text>}
              {spans.map((s, i) => {
                const problem = spanProblem(s) ?? (overlaps(spans) ? 'overlap' : null);
                const set = (patch: Partial<Span>) => setDay(d, spans.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                return (
                  <Flex key={i} gap={8} align="center">
                    <Input value={s.start} onChange={(e) => set({ start: e.target.value.trim() })} disabled={disabled} style={{ width: 84 }}
                      status={problem ? 'error' : undefined} placeholder="08:30" maxLength={5} data-testid={`span-${d}-${i}-start`} />
                    <span>–</span>
                    <Input value={s.end} onChange={(e) => set({ end: e.target.value.trim() })} disabled={disabled} style={{ width: 84 }}
                      status={problem ? 'error' : undefined} placeholder="17:30" maxLength={5} data-testid={`span-${d}-${i}-end`} />
                    {!disabled && <Button type="text" icon={<DeleteOutlined />} aria-label={t('action.delete')} onClick={() => setDay(d, spans.filter((_, j) => j !== i))} />}
                    {problem && <Typography.Text type="danger">{t(`settings.cal.span.${problem}`)}</Typography.Text>}
                  </Flex>
                );
              })}
            </Flex>
            {!disabled && (
              <Flex gap={4} style={{ flex: 'none' }}>
                <Button size="small" icon={<PlusOutlined />} data-testid={`day-${d}-add`}
                  onClick={() => setDay(d, [...spans, spans.length ? { start: '13:30', end: '17:30' } : { start: '08:30', end: '17:30' }])}>
                  {t('settings.cal.addSpan')}
                </Button>
                {d <= 5 && spans.length > 0 && (
                  <Tooltip title={t('settings.cal.copyToWeekdays')}>
                    <Button size="small" icon={<CopyOutlined />} aria-label={t('settings.cal.copyToWeekdays')} onClick={() => copyToWeekdays(d)} />
                  </Tooltip>
                )}
              </Flex>
            )}
          </Flex>
        );
      })}
    </div>
  );
}
