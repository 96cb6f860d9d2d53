import { Tag } from 'antd';
import { useT } from '../../i18n';

const COLORS: Record<string, string> = { active: 'green', invited: 'gold', deactivated: 'default' };

export function UserStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={COLORS[status] ?? 'default'}>{t(`people.status.${status}`)}</Tag>;
}
