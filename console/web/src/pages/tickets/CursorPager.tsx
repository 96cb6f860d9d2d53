import { Button, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';

// CursorPager: previous / next over a cursor-paged list.
export function CursorPager({ page, nextCursor, onPrev, onNext }: { page: number; nextCursor?: string; onPrev: () => void; onNext: (c: string) => void }) {
  const t = useT();
  if (page === 1 && !nextCursor) return null;
  return (
    <Space style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
      <Button size="small" icon={<LeftOutlined />} disabled={page <= 1} onClick={onPrev} data-testid="page-prev">{t('desk.page.prev')}</Button>
      <Typography.Text type="secondary">{t('desk.page.n', { n: page })}</Typography.Text>
      <Button size="small" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)} data-testid="page-next">
        {t('desk.page.next')} <RightOutlined />
      </Button>
    </Space>
  );
}
