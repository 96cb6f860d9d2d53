import { Suspense, useMemo } from 'react';
import { Avatar, Button, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import {
  ApartmentOutlined, CalendarOutlined, CustomerServiceOutlined, DashboardOutlined, FieldTimeOutlined,
  CreditCardOutlined, KeyOutlined, LogoutOutlined, PhoneOutlined, SafetyOutlined, TagsOutlined, TeamOutlined, UserOutlined, IdcardOutlined,
  ApiOutlined, ScheduleOutlined, TrophyOutlined,
} from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useLocale } from '../i18n';
import { Notifications } from './Notifications';
import { BillingBanner } from '../pages/billing/BillingBanner';
import { useBillingEnabled } from '../pages/billing/billingState';

const { Header, Sider, Content } = Layout;

interface NavItem { key: string; icon: React.ReactNode; label: string; perm: string }

// Shell is the signed-in frame: the side menu shows only what the person's
// permissions allow; the header has notifications, language and logout.
export default function Shell() {
  const { me, loading, can, signOut } = useSession();
  const { t, locale, setLocale } = useLocale();
  const loc = useLocation();
  const nav = useNavigate();
  const billingOn = useBillingEnabled();

  const groups = useMemo(() => {
    const desk: NavItem[] = [
      { key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard'), perm: 'reports:read' },
      { key: '/tickets', icon: <CustomerServiceOutlined />, label: t('nav.tickets'), perm: 'tickets:read' },
      { key: '/callbacks', icon: <PhoneOutlined />, label: t('nav.callbacks'), perm: 'callbacks:read' },
      { key: '/customers', icon: <IdcardOutlined />, label: t('nav.customers'), perm: 'customers:read' },
      { key: '/duty', icon: <ScheduleOutlined />, label: t('nav.duty'), perm: 'duty:read' },
      { key: '/performance', icon: <TrophyOutlined />, label: t('nav.performance'), perm: 'quality:read' },
    ];
    const admin: NavItem[] = [
      { key: '/org', icon: <ApartmentOutlined />, label: t('nav.org'), perm: 'org:read' },
      { key: '/users', icon: <UserOutlined />, label: t('nav.users'), perm: 'users:read' },
      { key: '/roles', icon: <SafetyOutlined />, label: t('nav.roles'), perm: 'roles:read' },
    ];
    const settings: NavItem[] = [
      { key: '/settings/calendars', icon: <CalendarOutlined />, label: t('nav.calendars'), perm: 'calendars:read' },
      { key: '/settings/sla', icon: <FieldTimeOutlined />, label: t('nav.sla'), perm: 'sla:read' },
      { key: '/settings/categories', icon: <TagsOutlined />, label: t('nav.categories'), perm: 'tickets:read' },
      { key: '/settings/api-keys', icon: <KeyOutlined />, label: t('nav.apiKeys'), perm: 'api_keys:read' },
      { key: '/settings/webhooks', icon: <ApiOutlined />, label: t('nav.webhooks'), perm: 'webhooks:read' },
      // Billing is in the menu only where the server bills.
      ...(billingOn ? [{ key: '/settings/billing', icon: <CreditCardOutlined />, label: t('nav.billing'), perm: 'billing:read' }] : []),
    ];
    const pick = (xs: NavItem[]) => xs.filter((x) => can(x.perm)).map(({ key, icon, label }) => ({ key, icon, label: <Link to={key}>{label}</Link> }));
    return [
      ...pick(desk),
      { type: 'group' as const, key: 'g-admin', label: t('nav.people'), children: pick(admin) },
      { type: 'group' as const, key: 'g-settings', label: t('nav.settings'), children: pick(settings) },
    ].filter((g) => !('children' in g) || g.children.length > 0);
  }, [t, can, billingOn]);

  if (loading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace state={{ from: loc.pathname }} />;

  const selected = loc.pathname === '/' ? '/' : '/' + loc.pathname.split('/').filter(Boolean).slice(0, loc.pathname.startsWith('/settings') ? 2 : 1).join('/');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={216} theme="light" breakpoint="lg" collapsedWidth={64} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px' }}>
          <TeamOutlined style={{ fontSize: 22, color: '#1d6fdc' }} />
          <Typography.Text strong ellipsis style={{ fontSize: 15 }}>{me.tenant.name}</Typography.Text>
        </div>
        <Menu mode="inline" selectedKeys={[selected]} items={groups} style={{ borderInlineEnd: 0 }} data-testid="nav" />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 20px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0', height: 56 }}>
          <Space size="middle">
            <Notifications />
            <Button type="text" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang">{t('lang.switch')}</Button>
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), onClick: async () => { await signOut(); nav('/login'); } }],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" style={{ background: '#1d6fdc' }}>{me.user?.name.slice(0, 1)}</Avatar>
                <span>{me.user?.name}</span>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: 20 }}>
          <BillingBanner />
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
