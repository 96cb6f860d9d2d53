import type { ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useLocale } from '../i18n';

// AntdFrame gives Ant Design its theme and language. Only pages drawn with
// antd sit inside it, so the login page's first paint does not pay for it.
export function AntdFrame({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d6fdc', borderRadius: 6 } }}>
      <App>{children}</App>
    </ConfigProvider>
  );
}
export default AntdFrame;
