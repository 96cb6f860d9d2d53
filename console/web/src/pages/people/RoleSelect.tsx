import { Select } from 'antd';
import { useSession } from '../../auth/session';
import { canGrant } from './permissions';
import type { Role } from './useRoles';

// RoleSelect picks roles to grant; roles above the caller's own permissions
// are shown but disabled, as the API would refuse them.
export function RoleSelect({ roles, label, value, onChange, testId }: {
  roles: Role[];
  label: (name: string) => string;
  value?: string[];
  onChange?: (v: string[]) => void;
  testId?: string;
}) {
  const { me } = useSession();
  const mine = me?.permissions ?? [];
  return (
    <Select
      mode="multiple"
      data-testid={testId}
      value={value}
      onChange={onChange}
      optionFilterProp="label"
      options={roles.map((r) => ({ value: r.name, label: label(r.name), disabled: !canGrant(r.permissions, mine) }))}
    />
  );
}
