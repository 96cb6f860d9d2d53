import { useState } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Space, Spin, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { PageHead } from '../people/PageHead';
import { CalendarEditor } from './CalendarEditor';
import type { Calendar } from './calendarDraft';

// Calendars: the business calendars SLA time limits are counted on.
export default function Calendars() {
  const t = useT();
  const { me, can } = useSession();
  const writable = can('calendars:write') && !me?.read_only;
  const { data, error, loading, reload, setData } = useAsync(async () => (await unwrap(api.GET('/v1/calendars'))).items ?? [], []);
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const list = data ?? [];
  const current = selected === 'new' ? null : list.find((c) => c.id === selected) ?? list.find((c) => c.is_default) ?? list[0] ?? null;
  const creating = selected === 'new' || (!loading && list.length === 0);

  const saved = (c: Calendar) => {
    // A new default demotes the old one on the server, so reload the list.
    setData(list.some((x) => x.id === c.id) ? list.map((x) => (x.id === c.id ? c : x)) : [...list, c]);
    setSelected(c.id);
    if (c.is_default) void reload();
  };

  return (
    <div>
      <PageHead title={t('nav.calendars')} hint={t('settings.cal.pageHint')}
        extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setSelected('new')} data-testid="calendar-add">{t('settings.cal.new')}</Button>} />
      <ProblemAlert error={error} />
      <Row gutter={16}>
        <Col xs={24} lg={6}>
          <Card styles={{ body: { padding: 8 } }}>
            {loading && !data ? <Spin style={{ display: 'block', margin: 24 }} /> : list.length === 0 ? <Empty description={t('common.empty')} /> : (
              <Flex vertical gap={2}>
                {list.map((c) => {
                  const active = !creating && current?.id === c.id;
                  return (
                    <div key={c.id} role="button" tabIndex={0} onClick={() => setSelected(c.id)} onKeyDown={(e) => e.key === 'Enter' && setSelected(c.id)}
                      data-testid={`calendar-item-${c.id}`}
                      style={{ cursor: 'pointer', padding: '10px 12px', borderRadius: 6, background: active ? '#e8f1fd' : undefined }}>
                      <Typography.Text strong={active}>{c.name}</Typography.Text>
                      <div>
                        <Space size={4} wrap>
                          {c.is_default && <Tag color="blue">{t('settings.cal.default')}</Tag>}
                          {c.always_open ? <Tag color="green">7×24</Tag> : <Tag>{t('settings.cal.holidayCount', { n: (c.holidays ?? []).length })}</Tag>}
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.timezone}</Typography.Text>
                        </Space>
                      </div>
                    </div>
                  );
                })}
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={18}>
          {(current || creating) && (
            <CalendarEditor
              key={creating ? 'new' : current!.id}
              calendar={creating ? null : current}
              defaultZone={me?.tenant.timezone || 'Asia/Shanghai'}
              writable={writable}
              onSaved={saved}
              onDeleted={() => { setSelected(null); void reload(); }}
            />
          )}
        </Col>
      </Row>
    </div>
  );
}
