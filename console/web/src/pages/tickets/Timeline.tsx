import { Empty, Timeline as AntTimeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../i18n';
import type { Entry } from './timeline';

// Timeline renders merged events and comments; internal notes are tinted
// so nobody mistakes them for what the customer was told.
export function Timeline({ entries }: { entries: Entry[] }) {
  const t = useT();
  if (!entries.length) return <Empty description={t('common.empty')} />;
  return (
    <AntTimeline
      data-testid="timeline"
      items={entries.map((e) => ({
        key: e.id,
        color: e.color,
        content: (
          <div data-testid={`tl-${e.kind}`}>
            <div>
              <Typography.Text strong>{e.actor}</Typography.Text>{' '}
              <span>{e.text}</span>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
            </div>
            {e.body && (
              <div
                style={{
                  marginTop: 6, padding: '8px 12px', borderRadius: 6, whiteSpace: 'pre-wrap',
                  background: e.kind === 'note' ? '#fffbe6' : e.kind === 'reply' ? '#f0f7ff' : '#fafafa',
                  border: `1px solid ${e.kind === 'note' ? '#ffe58f' : e.kind === 'reply' ? '#d6e8ff' : '#f0f0f0'}`,
                }}
              >
                {e.body}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
