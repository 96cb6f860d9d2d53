import { Checkbox, Flex, Tooltip, Typography } from 'antd';
import { useT } from '../../i18n';
import { groupPermissions } from './permissions';

// PermissionChecklist edits the permissions a role adds, grouped by
// resource. What the parent already grants is shown ticked and locked;
// what the editor does not hold cannot be granted.
export function PermissionChecklist({ catalog, inherited, mine, value = [], onChange, disabled }: {
  catalog: string[];
  inherited: string[];
  mine: string[];
  value?: string[];
  onChange?: (v: string[]) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const inh = new Set(inherited);
  const held = new Set(mine);
  const chosen = new Set(value);
  const toggle = (p: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(p);
    else next.delete(p);
    onChange?.(catalog.filter((x) => next.has(x)));
  };
  return (
    <div data-testid="perm-checklist">
      {groupPermissions(catalog).map((g) => (
        <Flex key={g.resource} gap={12} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong style={{ width: 96, flex: 'none' }}>{t(`people.res.${g.resource}`)}</Typography.Text>
          <Flex gap={4} wrap>
            {g.perms.map((p) => {
              const locked = inh.has(p);
              const notHeld = !held.has(p) && !held.has('*');
              const box = (
                <Checkbox
                  key={p}
                  data-testid={`perm-${p}`}
                  checked={locked || chosen.has(p)}
                  disabled={disabled || locked || (notHeld && !chosen.has(p))}
                  onChange={(e) => toggle(p, e.target.checked)}
                >
                  {t(`people.perm.${p}`)}
                </Checkbox>
              );
              const why = locked ? t('people.roles.inheritedPerm') : notHeld ? t('people.roles.notHeld') : '';
              return why && !disabled ? <Tooltip key={p} title={why}>{box}</Tooltip> : box;
            })}
          </Flex>
        </Flex>
      ))}
    </div>
  );
}
