import type { ReactNode } from 'react';
import { Button, Card, Typography } from 'antd';
import { CustomerServiceOutlined } from '@ant-design/icons';
import { useLocale } from '../i18n';

// AuthFrame is the centered card around the login and sign-up forms.
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t, locale, setLocale } = useLocale();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#e8f1fd 0%,#f7f9fc 60%)', padding: 16 }}>
      <div style={{ width: 440, maxWidth: '100%' }}>
        <div style={{ textAlign: 'center', marginBottom: 20 }}>
          <CustomerServiceOutlined style={{ fontSize: 40, color: '#1d6fdc' }} />
          <Typography.Title level={2} style={{ margin: '8px 0 0' }}>{t('app.name')}</Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
        <Card title={title} extra={<Button type="link" size="small" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang">{t('lang.switch')}</Button>}>
          {children}
        </Card>
      </div>
    </div>
  );
}
