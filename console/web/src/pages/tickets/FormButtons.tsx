import { Button, Space } from 'antd';
import { useT } from '../../i18n';

// FormButtons: cancel + submit at the foot of a drawer or dialog form.
export function FormButtons({ onCancel, saving, okText, testId, danger }: { onCancel: () => void; saving: boolean; okText?: string; testId: string; danger?: boolean }) {
  const t = useT();
  return (
    <Space style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 8 }}>
      <Button onClick={onCancel}>{t('action.cancel')}</Button>
      <Button type="primary" danger={danger} htmlType="submit" loading={saving} data-testid={testId}>{okText ?? t('action.submit')}</Button>
    </Space>
  );
}
