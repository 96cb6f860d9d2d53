import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { useT } from '../i18n';

// ProblemAlert shows an API error inline, with each field error listed.
export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const t = useT();
  if (!error) return null;
  let title = t('error.generic');
  let lines: string[] = [];
  if (error instanceof ApiError) {
    if (error.status === 403) title = t('error.forbidden');
    else if (error.status === 404) title = t('error.notFound');
    else title = error.detail || error.title || title;
    lines = error.errors.map((e) => [e.location, e.message].filter(Boolean).join(': '));
  } else if (error instanceof TypeError) {
    title = t('error.network');
  } else if (error instanceof Error) {
    title = error.message;
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="problem"
      title={title}
      description={lines.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{lines.map((l) => <li key={l}>{l}</li>)}</ul> : undefined}
      closable={!!onClose}
      onClose={onClose}
      style={{ marginBottom: 16 }}
    />
  );
}
