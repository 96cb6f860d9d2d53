import { Button, Popconfirm, Space, Table, Tag, Typography, App } from 'antd';
import { DeleteOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLocale } from '../../i18n';
import { positions, positionTitle, unitName, type ChartPosition, type ChartUnit, type UnitIndex } from './model';
import { HolderTag } from './HolderTag';
import { StaffTag } from './StaffTag';
import { useApiSubmit } from '../../components/useApiSubmit';
import type { RoleView } from './useOrgRefs';

interface Props {
  unit: ChartUnit;
  idx: UnitIndex;
  roles: RoleView[];
  canWrite: boolean;
  onEdit: (positionId: string) => void;
  onAssign: (p: ChartPosition) => void;
  onChanged: () => void;
}

// PositionTable lists a unit's positions: quota and staffing, reporting
// line, role and holders, with edit/assign/end/delete for editors.
export function PositionTable({ unit, idx, roles, canWrite, onEdit, onAssign, onChanged }: Props) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { run, error, reset } = useApiSubmit();
  const roleLabel = (name: string) => {
    const r = roles.find((x) => x.name === name);
    return r ? (locale === 'en' && r.label_en ? r.label_en : r.label) : name;
  };
  const superior = (id?: string) => {
    const p = id ? idx.positionById.get(id) : undefined;
    if (!p) return <Typography.Text type="secondary">—</Typography.Text>;
    const u = idx.unitOfPosition.get(p.id);
    return (
      <span>
        {positionTitle(p, locale)}
        {u && u.id !== unit.id && <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {unitName(u, locale)}</Typography.Text>}
      </span>
    );
  };

  const remove = async (p: ChartPosition) => {
    const ok = await run(() => unwrap(api.DELETE('/v1/positions/{id}', { params: { path: { id: p.id } } })).then(() => true));
    if (ok) {
      message.success(t('org.tree.deleted'));
      onChanged();
    }
  };
  const end = async (p: ChartPosition, assignmentId: string) => {
    const ok = await run(() => unwrap(api.DELETE('/v1/positions/{id}/assignments/{assignment_id}', { params: { path: { id: p.id, assignment_id: assignmentId } } })).then(() => true));
    if (ok) {
      message.success(t('org.pos.ended'));
      onChanged();
    }
  };

  return (
    <>
      <ProblemAlert error={error} onClose={reset} />
      <Table<ChartPosition>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={positions(unit)}
        locale={{ emptyText: t('org.pos.none') }}
        onRow={(p) => ({ 'data-testid': `pos-row-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('org.pos.name'),
            key: 'title',
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <span style={{ fontWeight: 500 }}>
                  {positionTitle(p, locale)} {p.head && <Tag color="gold" style={{ marginInlineStart: 4 }}>{t('org.tag.head')}</Tag>}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[p.code, p.grade, roleLabel(p.role)].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('org.pos.reportsTo'), key: 'reports', render: (_, p) => superior(p.reports_to_id) },
          {
            title: t('org.pos.staffingCol'),
            key: 'staffing',
            width: 130,
            render: (_, p) => (
              <Space size={4}>
                <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="pos-count">{t('org.pos.staffing', { filled: p.filled, headcount: p.headcount })}</span>
                <StaffTag headcount={p.headcount} filled={p.filled} />
              </Space>
            ),
          },
          {
            title: t('org.pos.holders'),
            key: 'holders',
            render: (_, p) =>
              (p.holders ?? []).length === 0 ? (
                <Typography.Text type="secondary">{t('org.pos.noHolders')}</Typography.Text>
              ) : (
                <div>{(p.holders ?? []).map((h) => <HolderTag key={h.assignment_id} holder={h} onEnd={canWrite ? () => void end(p, h.assignment_id) : undefined} />)}</div>
              ),
          },
          ...(canWrite
            ? [{
                title: t('common.actions'),
                key: 'actions',
                width: 150,
                render: (_: unknown, p: ChartPosition) => (
                  <Space size={0}>
                    <Button type="link" size="small" icon={<UserAddOutlined />} onClick={() => onAssign(p)} data-testid={`assign-${p.id}`}>{t('org.pos.assign')}</Button>
                    <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('action.edit')} onClick={() => onEdit(p.id)} data-testid={`edit-pos-${p.id}`} />
                    <Popconfirm title={t('org.pos.deleteConfirm', { name: positionTitle(p, locale) })} description={t('org.pos.deleteHint')} okText={t('action.delete')} okButtonProps={{ danger: true }} cancelText={t('action.cancel')} onConfirm={() => void remove(p)}>
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} data-testid={`delete-pos-${p.id}`} />
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
    </>
  );
}
