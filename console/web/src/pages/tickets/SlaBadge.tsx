import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../i18n';
import { clockText, slaColor, type SlaClock } from './sla';

// SlaBadge shows one SLA clock: blue running, orange warned, red breached.
export function SlaBadge({ clock, label }: { clock: SlaClock; label?: string }) {
  const t = useT();
  if (clock.state === 'none') return <span style={{ color: '#999' }}>—</span>;
  const tag = (
    <Tag color={slaColor[clock.state]} icon={<ClockCircleOutlined />} data-testid={`sla-${clock.target}`} data-state={clock.state} style={{ marginInlineEnd: 0 }}>
      {label ? `${label} · ` : ''}{clockText(clock, t)}
    </Tag>
  );
  if (!clock.due) return tag;
  return <Tooltip title={t('desk.sla.dueAt', { at: dayjs(clock.due).format('YYYY-MM-DD HH:mm') })}>{tag}</Tooltip>;
}
