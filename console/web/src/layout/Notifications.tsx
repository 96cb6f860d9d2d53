import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../api/client';
import { useT } from '../i18n';

type Note = Schemas['NotificationView'];
const POLL_MS = 30_000;

// Notifications is the bell in the header: unread escalations, assignments
// and callbacks, polled every 30 s; clicking one opens its ticket.
export function Notifications() {
  const t = useT();
  const nav = useNavigate();
  const [items, setItems] = useState<Note[]>([]);
  const [open, setOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await unwrap(api.GET('/v1/notifications', { params: { query: { unread: true, limit: 20 } } }));
      setItems(r.items ?? []);
    } catch {
      // the bell is best effort; the page itself reports API failures
    }
  }, []);

  useEffect(() => {
    void load();
    const h = window.setInterval(load, POLL_MS);
    return () => window.clearInterval(h);
  }, [load]);

  const read = async (n: Note) => {
    await api.POST('/v1/notifications/{id}/read', { params: { path: { id: n.id } } });
    setItems((xs) => xs.filter((x) => x.id !== n.id));
    if (n.ticket_id) {
      setOpen(false);
      nav(`/tickets/${n.ticket_id}`);
    }
  };

  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notifications">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer' }} onClick={() => void read(n)}>
              <List.Item.Meta
                title={n.title}
                description={
                  <>
                    {n.body && <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>{n.body}</Typography.Paragraph>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(n.created_at).format('MM-DD HH:mm')}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover title={t('notify.title')} content={content} trigger="click" open={open} onOpenChange={(o) => { setOpen(o); if (o) void load(); }} placement="bottomRight">
      <Badge count={items.length} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('notify.title')} data-testid="bell" />
      </Badge>
    </Popover>
  );
}
