import { useState } from 'react';
import { App, Button, Input, Segmented, Space } from 'antd';
import { LockOutlined, SendOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useT } from '../../i18n';

// Composer writes a public reply (the first one is the first response) or
// an internal note only staff see.
export function Composer({ ticketId, onPosted }: { ticketId: string; onPosted: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const { run, busy, error, reset } = useApiSubmit();

  const post = async () => {
    if (!body.trim()) return;
    await run(async () => {
      await unwrap(api.POST('/v1/tickets/{id}/comments', { params: { path: { id: ticketId } }, body: { body: body.trim(), public: mode === 'reply' } }));
      setBody('');
      message.success(mode === 'reply' ? t('desk.composer.replied') : t('desk.composer.noted'));
      onPosted();
    });
  };

  return (
    <div data-testid="composer">
      <ProblemAlert error={error} onClose={reset} />
      <Segmented
        value={mode}
        onChange={(v) => setMode(v as 'reply' | 'note')}
        options={[
          { value: 'reply', label: <span data-testid="composer-reply">{t('desk.composer.reply')}</span> },
          { value: 'note', label: <span data-testid="composer-note"><LockOutlined /> {t('desk.composer.note')}</span> },
        ]}
        style={{ marginBottom: 8 }}
      />
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        maxLength={10000}
        placeholder={mode === 'reply' ? t('desk.composer.replyHint') : t('desk.composer.noteHint')}
        style={mode === 'note' ? { background: '#fffbe6' } : undefined}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void post(); }}
        data-testid="composer-body"
      />
      <Space style={{ marginTop: 8, display: 'flex', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={!body.trim()} onClick={() => void post()} data-testid="composer-send">
          {mode === 'reply' ? t('desk.composer.sendReply') : t('desk.composer.sendNote')}
        </Button>
      </Space>
    </div>
  );
}
