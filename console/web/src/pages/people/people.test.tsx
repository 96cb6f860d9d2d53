import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../i18n';
import { namePath } from '../../components/formErrors';
import { PermissionChecklist } from './PermissionChecklist';
import { addsFromSelection, canGrant, catalogOf, groupPermissions } from './permissions';
import { toCreateBody } from './UserCreateModal';

describe('permissions', () => {
  it('groups by resource in admin order, actions read→write→assign', () => {
    const g = groupPermissions(['users:write', 'tickets:assign', 'tickets:read', 'zeta:read', 'tickets:write', 'users:read', 'tickets:read']);
    expect(g.map((x) => x.resource)).toEqual(['tickets', 'users', 'zeta']);
    expect(g[0].perms).toEqual(['tickets:read', 'tickets:write', 'tickets:assign']);
  });
  it('builds the catalog from roles and the caller, without the wildcard', () => {
    expect(catalogOf([{ permissions: ['tickets:read'] }, { permissions: null }], ['*', 'users:read'])).toEqual(['tickets:read', 'users:read']);
  });
  it('stores only what the parent does not grant', () => {
    expect(addsFromSelection(['a:read', 'b:write', 'b:write'], ['a:read'])).toEqual(['b:write']);
  });
  it('refuses roles above the caller', () => {
    expect(canGrant(['a:read', 'b:write'], ['a:read'])).toBe(false);
    expect(canGrant(['a:read'], ['a:read', 'b:write'])).toBe(true);
  });
});

describe('forms', () => {
  it('maps API error locations to antd name paths', () => {
    expect(namePath('escalation[1].after')).toEqual(['escalation', 1, 'after']);
    expect(namePath('email')).toEqual(['email']);
  });
  it('omits the password for an invitation', () => {
    const base = { name: ' 王丽 ', email: 'w@x.cn', roles: ['agent'], locale: 'zh-CN' as const, password: 'secret123', phone: ' ' };
    expect(toCreateBody({ ...base, mode: 'invite' })).toEqual({ name: '王丽', email: 'w@x.cn', roles: ['agent'], locale: 'zh-CN' });
    expect(toCreateBody({ ...base, mode: 'password' }).password).toBe('secret123');
  });
});

describe('PermissionChecklist', () => {
  it('locks inherited permissions, blocks ones the editor lacks, toggles the rest', () => {
    const onChange = vi.fn();
    render(
      <LocaleProvider initial="zh-CN">
        <PermissionChecklist catalog={['tickets:read', 'tickets:assign', 'billing:write']} inherited={['tickets:read']}
          mine={['tickets:read', 'tickets:assign']} value={[]} onChange={onChange} />
      </LocaleProvider>,
    );
    const read = screen.getByRole('checkbox', { name: '查看工单' }) as HTMLInputElement;
    expect(read.checked).toBe(true);
    expect(read.disabled).toBe(true);
    expect((screen.getByRole('checkbox', { name: '管理订阅与账单' }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: '分派工单' }));
    expect(onChange).toHaveBeenCalledWith(['tickets:assign']);
  });
});
