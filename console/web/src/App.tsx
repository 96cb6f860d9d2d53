import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import Login from './pages/Login';

// Only the login page is in the entry chunk; the shell and every page past
// it load on demand, so the first paint waits for nothing else.
const AntdFrame = lazy(() => import('./layout/AntdFrame'));
const Shell = lazy(() => import('./layout/Shell'));
const Signup = lazy(() => import('./pages/Signup'));
const AcceptInvite = lazy(() => import('./pages/AcceptInvite'));
const NotFound = lazy(() => import('./pages/NotFound'));
const Dashboard = lazy(() => import('./pages/dashboard/Dashboard'));
const TicketList = lazy(() => import('./pages/tickets/TicketList'));
const TicketDetail = lazy(() => import('./pages/tickets/TicketDetail'));
const Callbacks = lazy(() => import('./pages/callbacks/Callbacks'));
const Customers = lazy(() => import('./pages/customers/Customers'));
const Duty = lazy(() => import('./pages/duty/Duty'));
const HandoverPage = lazy(() => import('./pages/duty/HandoverPage'));
const OrgChart = lazy(() => import('./pages/org/OrgChart'));
const Users = lazy(() => import('./pages/people/Users'));
const Roles = lazy(() => import('./pages/people/Roles'));
const Calendars = lazy(() => import('./pages/settings/Calendars'));
const SlaPolicies = lazy(() => import('./pages/settings/SlaPolicies'));
const Categories = lazy(() => import('./pages/settings/Categories'));
const ApiKeys = lazy(() => import('./pages/settings/ApiKeys'));
const Webhooks = lazy(() => import('./pages/settings/Webhooks'));
const Billing = lazy(() => import('./pages/billing/Billing'));
const Performance = lazy(() => import('./pages/performance/Performance'));

// withAntd puts a page drawn with Ant Design inside its theme and language.
const withAntd = (page: ReactNode) => <AntdFrame>{page}</AntdFrame>;

export function AppRoutes() {
  return (
    <Suspense fallback={null}>
      <Routes>
        <Route path="/login" element={<Login />} />
        <Route path="/signup" element={withAntd(<Signup />)} />
        <Route path="/invite/:token" element={withAntd(<AcceptInvite />)} />
        <Route element={withAntd(<Shell />)}>
          <Route index element={<Dashboard />} />
          <Route path="tickets" element={<TicketList />} />
          <Route path="tickets/:id" element={<TicketDetail />} />
          <Route path="callbacks" element={<Callbacks />} />
          <Route path="customers" element={<Customers />} />
          <Route path="duty" element={<Duty />} />
          <Route path="duty/handovers/:id" element={<HandoverPage />} />
          <Route path="performance" element={<Performance />} />
          <Route path="org" element={<OrgChart />} />
          <Route path="users" element={<Users />} />
          <Route path="roles" element={<Roles />} />
          <Route path="settings/calendars" element={<Calendars />} />
          <Route path="settings/sla" element={<SlaPolicies />} />
          <Route path="settings/categories" element={<Categories />} />
          <Route path="settings/api-keys" element={<ApiKeys />} />
          <Route path="settings/webhooks" element={<Webhooks />} />
          <Route path="settings/billing" element={<Billing />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export default function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
