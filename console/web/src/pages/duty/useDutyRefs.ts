import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import { useAsync } from '../../components/useAsync';
import { useDirectory } from '../tickets/useDirectory';
import type { Shift } from './model';

// useDutyRefs loads what every duty page names: shifts, people and units.
export function useDutyRefs() {
  const { dir, users, error: dirError } = useDirectory();
  const { data, error, reload } = useAsync(async () => (await unwrap(api.GET('/v1/duty/shifts'))).items ?? [], []);
  const shifts = useMemo(() => data ?? [], [data]);
  const shiftById = useMemo(() => Object.fromEntries(shifts.map((s) => [s.id, s])) as Record<string, Shift>, [shifts]);
  // Everyone on the org chart or in the user list the caller sees: an
  // agent's user list is their own row, the chart shows colleagues.
  const people = useMemo(() => {
    const inactive = new Set(users.filter((u) => u.status !== 'active').map((u) => u.id));
    return Object.entries(dir.userName).filter(([id]) => !inactive.has(id))
      .map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [dir, users]);
  return { dir, users, people, shifts, shiftById, error: error ?? dirError, reloadShifts: reload };
}
