import { Tag } from 'antd';
import { useT } from '../../i18n';
import { staffing } from './model';

// StaffTag flags a position's or unit's staffing: red when over quota
// (超编), orange when short (缺编), green when exactly full.
export function StaffTag({ headcount, filled, over: extraOver = 0, showFull = true }: { headcount: number; filled: number; over?: number; showFull?: boolean }) {
  const t = useT();
  const s = staffing({ headcount, filled });
  const over = Math.max(s.over, extraOver);
  if (over > 0) return <Tag color="red" data-testid="tag-over">{t('org.tag.over', { n: over })}</Tag>;
  if (s.vacant > 0) return <Tag color="orange" data-testid="tag-vacant">{t('org.tag.vacant', { n: s.vacant })}</Tag>;
  return showFull && headcount > 0 ? <Tag color="green">{t('org.tag.full')}</Tag> : null;
}
