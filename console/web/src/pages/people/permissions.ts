// Permissions are "resource:action" strings; the role editor shows them as
// a checklist grouped by resource in the order an admin thinks of them.
export const RESOURCE_ORDER = [
  'tickets', 'callbacks', 'customers', 'duty', 'quality', 'performance', 'reports',
  'org', 'users', 'roles', 'calendars', 'sla', 'audit', 'tenant', 'billing', 'api_keys', 'webhooks',
];
const ACTION_ORDER = ['read', 'write', 'assign', 'waive', 'approve', 'key_accounts'];

export interface PermissionGroup {
  resource: string;
  perms: string[];
}

function rank(list: string[], v: string): number {
  const i = list.indexOf(v);
  return i < 0 ? list.length : i;
}

export function splitPermission(p: string): [string, string] {
  const i = p.indexOf(':');
  return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
}

// groupPermissions dedupes and orders permissions into resource groups;
// resources the console does not know yet go last, alphabetically.
export function groupPermissions(perms: Iterable<string>): PermissionGroup[] {
  const byRes = new Map<string, Set<string>>();
  for (const p of perms) {
    const [res] = splitPermission(p);
    if (!byRes.has(res)) byRes.set(res, new Set());
    byRes.get(res)!.add(p);
  }
  return [...byRes.entries()]
    .sort(([a], [b]) => rank(RESOURCE_ORDER, a) - rank(RESOURCE_ORDER, b) || a.localeCompare(b))
    .map(([resource, set]) => ({
      resource,
      perms: [...set].sort((a, b) => rank(ACTION_ORDER, splitPermission(a)[1]) - rank(ACTION_ORDER, splitPermission(b)[1]) || a.localeCompare(b)),
    }));
}

// catalogOf is every permission any role grants plus the caller's own: the
// API has no catalog endpoint, and this union is what can be granted.
export function catalogOf(roles: { permissions?: string[] | null }[], mine: string[]): string[] {
  const all = new Set<string>(mine.filter((p) => p !== '*'));
  for (const r of roles) for (const p of r.permissions ?? []) all.add(p);
  return groupPermissions(all).flatMap((g) => g.perms);
}

// addsFromSelection keeps only what the parent does not already grant, the
// shape the API stores ("permissions added to the parent's").
export function addsFromSelection(selected: string[], inherited: string[]): string[] {
  const inh = new Set(inherited);
  return [...new Set(selected)].filter((p) => !inh.has(p));
}

// canGrant mirrors the API rule: you can only hand out a role whose
// permissions you hold yourself.
export function canGrant(rolePerms: string[] | null | undefined, mine: string[]): boolean {
  if (mine.includes('*')) return true;
  const have = new Set(mine);
  return (rolePerms ?? []).every((p) => have.has(p));
}
