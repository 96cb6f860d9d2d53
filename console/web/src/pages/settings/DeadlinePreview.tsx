import { useState } from 'react';
import { Alert, Button, DatePicker, Flex, Form, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLocale } from '../../i18n';
import { DurationInput } from './DurationInput';
import { HOUR, secondsToIso } from './duration';
import { formatInZone } from './format';

// DeadlinePreview asks the server when a time limit started at a given
// moment falls due on this calendar, skipping closed hours and holidays.
// The server computes on the saved calendar, hence the unsaved warning.
export function DeadlinePreview({ calendarId, timezone, dirty }: { calendarId?: string; timezone: string; dirty: boolean }) {
  const { t, locale } = useLocale();
  const [start, setStart] = useState<Dayjs | null>(() => dayjs().second(0).millisecond(0));
  const [seconds, setSeconds] = useState(4 * HOUR);
  const [due, setDue] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const run = async () => {
    if (!calendarId || !start || seconds <= 0) return;
    setLoading(true);
    setError(null);
    try {
      const r = await unwrap(api.GET('/v1/calendars/{id}/deadline', {
        params: { path: { id: calendarId }, query: { start: start.toISOString(), duration: secondsToIso(seconds) } },
      }));
      setDue(r.due_at);
    } catch (e) {
      setDue(null);
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div data-testid="deadline-preview">
      <Typography.Paragraph type="secondary">{t('settings.preview.hint')}</Typography.Paragraph>
      {!calendarId && <Alert type="info" showIcon title={t('settings.preview.saveFirst')} style={{ marginBottom: 12 }} />}
      {calendarId && dirty && <Alert type="warning" showIcon title={t('settings.preview.unsaved')} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" disabled={!calendarId}>
        <Form.Item label={t('settings.preview.start')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={start} onChange={(v) => { setStart(v); setDue(null); }}
            style={{ width: '100%' }} data-testid="preview-start" />
        </Form.Item>
        <Form.Item label={t('settings.preview.duration')}>
          <DurationInput value={seconds} onChange={(s) => { setSeconds(s); setDue(null); }} testId="preview-duration" />
        </Form.Item>
        <Button type="primary" ghost onClick={run} loading={loading} disabled={!start || seconds <= 0} data-testid="preview-run">{t('settings.preview.run')}</Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ProblemAlert error={error} />
        {due && (
          <Flex vertical style={{ background: '#f0f7ff', borderRadius: 6, padding: 12 }} data-testid="preview-result">
            <Typography.Text type="secondary">{t('settings.preview.due')}</Typography.Text>
            <Typography.Text strong style={{ fontSize: 18 }}>{formatInZone(due, timezone, locale)}</Typography.Text>
            <Typography.Text type="secondary">{timezone}</Typography.Text>
          </Flex>
        )}
      </div>
    </div>
  );
}
