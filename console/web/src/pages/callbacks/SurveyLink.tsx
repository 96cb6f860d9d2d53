import { useState } from 'react';
import { App, Button, Space, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useT } from '../../i18n';

// SurveyLink issues a satisfaction survey link for the customer to rate on
// their phone; the server shows it once, so it is copied right away.
export function SurveyLink({ callbackId, disabled }: { callbackId: string; disabled?: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const [link, setLink] = useState<Schemas['Create-survey-linkResponse'] | null>(null);
  const { run, busy, error } = useApiSubmit();

  const issue = () => run(async () => {
    const l = await unwrap(api.POST('/v1/callbacks/{id}/survey-link', { params: { path: { id: callbackId } } }));
    setLink(l);
    try {
      await navigator.clipboard.writeText(l.url);
      message.success(t('desk.survey.copied'));
    } catch {
      // No clipboard access (an http page, a denied permission): the link
      // stays on screen with its own copy button.
      message.info(t('desk.survey.copyManually'));
    }
  });

  return (
    <div>
      <ProblemAlert error={error} />
      {link ? (
        <Space orientation="vertical" size={2}>
          <Typography.Text copyable={{ text: link.url }} code data-testid="survey-url">{link.url}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('desk.survey.expires', { at: dayjs(link.expires_at).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
        </Space>
      ) : (
        <Button icon={<LinkOutlined />} loading={busy} disabled={disabled} onClick={() => void issue()} data-testid="survey-link">{t('desk.survey.issue')}</Button>
      )}
    </div>
  );
}
