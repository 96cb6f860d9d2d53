import { Popconfirm, Tag, Tooltip } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { Schemas } from '../../api/client';

type Holder = Schemas['HolderView'];

// HolderTag shows one person on a position (with 兼任/代理 and an over-quota
// flag); editors can end the assignment from it after confirming.
export function HolderTag({ holder, onEnd }: { holder: Holder; onEnd?: () => void }) {
  const t = useT();
  const color = holder.over_quota ? 'red' : holder.kind === 'primary' ? 'blue' : 'purple';
  return (
    <Tag color={color} style={{ marginBottom: 4 }} data-testid={`holder-${holder.user_id}`}>
      {holder.name}
      {holder.kind !== 'primary' && <span style={{ opacity: 0.75 }}>（{t(`org.assign.${holder.kind}`)}）</span>}
      {holder.over_quota && <Tooltip title={t('org.tag.overQuota')}> ⚠</Tooltip>}
      {onEnd && (
        <Popconfirm title={t('org.pos.endConfirm', { name: holder.name })} okText={t('org.pos.end')} cancelText={t('action.cancel')} onConfirm={onEnd}>
          <CloseOutlined aria-label={t('org.pos.end')} style={{ marginInlineStart: 4, fontSize: 10, cursor: 'pointer' }} data-testid={`end-${holder.assignment_id}`} />
        </Popconfirm>
      )}
    </Tag>
  );
}
