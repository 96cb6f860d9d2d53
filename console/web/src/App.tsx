import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { Shell } from './layout/Shell';
import Login from './pages/Login';
import Signup from './pages/Signup';
import AcceptInvite from './pages/AcceptInvite';
import { useT } from './i18n';

// Every page past the login is its own chunk, so the first paint only waits
// for the shell.
const Dashboard = lazy(() => import('./pages/dashboard/Dashboard'));
const TicketList = lazy(() => import('./pages/tickets/TicketList'));
const TicketDetail = lazy(() => import('./pages/tickets/TicketDetail'));
const Callbacks = lazy(() => import('./pages/callbacks/Callbacks'));
const Customers = lazy(() => import('./pages/customers/Customers'));
const OrgChart = lazy(() => import('./pages/org/OrgChart'));
const Users = lazy(() => import('./pages/people/Users'));
const Roles = lazy(() => import('./pages/people/Roles'));
const Calendars = lazy(() => import('./pages/settings/Calendars'));
const SlaPolicies = lazy(() => import('./pages/settings/SlaPolicies'));
const Categories = lazy(() => import('./pages/settings/Categories'));

function NotFound() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('page.notFound')} extra={<Link to="/"><Button type="primary">{t('page.back')}</Button></Link>} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route path="/signup" element={<Signup />} />
      <Route path="/invite/:token" element={<AcceptInvite />} />
      <Route element={<Shell />}>
        <Route index element={<Dashboard />} />
        <Route path="tickets" element={<TicketList />} />
        <Route path="tickets/:id" element={<TicketDetail />} />
        <Route path="callbacks" element={<Callbacks />} />
        <Route path="customers" element={<Customers />} />
        <Route path="org" element={<OrgChart />} />
        <Route path="users" element={<Users />} />
        <Route path="roles" element={<Roles />} />
        <Route path="settings/calendars" element={<Calendars />} />
        <Route path="settings/sla" element={<SlaPolicies />} />
        <Route path="settings/categories" element={<Categories />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export default function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
