import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { ProblemAlert } from '../../components/ProblemAlert';
import { MyShift } from './MyShift';
import { RosterCalendar } from './RosterCalendar';
import { Swaps } from './Swaps';
import { Shifts } from './Shifts';
import { useDutyRefs } from './useDutyRefs';

type Tab = 'mine' | 'roster' | 'swaps' | 'shifts';

// Duty (值班): my shift with its duty log and handover, the unit's roster
// calendar, swap requests, and the shift templates.
export default function Duty() {
  const t = useT();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab) || 'mine';
  const refs = useDutyRefs();
  const tabs: { key: Tab; label: string; show: boolean }[] = [
    { key: 'mine', label: t('duty.tab.mine'), show: true },
    { key: 'roster', label: t('duty.tab.roster'), show: true },
    { key: 'swaps', label: t('duty.tab.swaps'), show: true },
    { key: 'shifts', label: t('duty.tab.shifts'), show: can('duty:approve') },
  ];
  return (
    <Card title={t('nav.duty')}>
      <ProblemAlert error={refs.error} />
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) => setParams(k === 'mine' ? {} : { tab: k }, { replace: true })}
        items={tabs.filter((x) => x.show).map((x) => ({
          key: x.key,
          label: <span data-testid={`duty-tab-${x.key}`}>{x.label}</span>,
          children: x.key === 'mine' ? <MyShift refs={refs} />
            : x.key === 'roster' ? <RosterCalendar refs={refs} />
              : x.key === 'swaps' ? <Swaps refs={refs} />
                : <Shifts refs={refs} />,
        }))}
      />
    </Card>
  );
}
