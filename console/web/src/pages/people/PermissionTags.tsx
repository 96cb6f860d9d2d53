import { Flex, Tag, Typography } from 'antd';
import { useT } from '../../i18n';
import { groupPermissions } from './permissions';

// PermissionTags lists what a role grants, per resource; what it adds on
// top of its parent is highlighted.
export function PermissionTags({ permissions, adds }: { permissions: string[]; adds: string[] }) {
  const t = useT();
  const added = new Set(adds);
  return (
    <Flex vertical gap={6}>
      {groupPermissions(permissions).map((g) => (
        <Flex key={g.resource} gap={8} align="baseline">
          <Typography.Text type="secondary" style={{ width: 96, flex: 'none' }}>{t(`people.res.${g.resource}`)}</Typography.Text>
          <Flex gap={4} wrap>
            {g.perms.map((p) => <Tag key={p} color={added.has(p) ? 'blue' : undefined}>{t(`people.perm.${p}`)}</Tag>)}
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
}
