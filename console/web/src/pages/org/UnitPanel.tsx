import { Button, Card, Descriptions, Popconfirm, Space, Tag, Typography, App } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ApartmentOutlined } from '@ant-design/icons';
import { api, ApiError, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLocale } from '../../i18n';
import { headOf, unitName, unitOver, type ChartPosition, type ChartUnit, type UnitIndex } from './model';
import { PositionTable } from './PositionTable';
import { StaffTag } from './StaffTag';
import { useApiSubmit } from '../../components/useApiSubmit';
import type { RoleView } from './useOrgRefs';

interface Props {
  unit: ChartUnit;
  idx: UnitIndex;
  roles: RoleView[];
  canWrite: boolean;
  onAddChild: () => void;
  onEdit: () => void;
  onAddPosition: () => void;
  onEditPosition: (id: string) => void;
  onAssign: (p: ChartPosition) => void;
  onDeleted: (parentId?: string) => void;
  onChanged: () => void;
}

// UnitPanel is the right-hand side of the editor: the selected unit's
// summary and actions, and its positions.
export function UnitPanel(props: Props) {
  const { unit, idx, canWrite } = props;
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { run, error, reset } = useApiSubmit();
  const parentId = idx.parentOf.get(unit.id);
  const parent = parentId ? idx.byId.get(parentId) : undefined;
  const head = headOf(unit);

  const remove = async (moveTo?: string) => {
    const ok = await run(() =>
      unwrap(api.DELETE('/v1/org-units/{id}', { params: { path: { id: unit.id }, query: moveTo ? { move_to: moveTo } : {} } })).then(() => true),
    );
    if (ok) {
      message.success(t('org.tree.deleted'));
      props.onDeleted(parentId);
    }
  };
  // A 409 means the unit still holds sub-units or positions; offer to hand
  // them to the parent unit instead of making the person do it by hand.
  const notEmpty = error instanceof ApiError && error.status === 409;

  return (
    <Card
      data-testid="unit-panel"
      title={
        <Space>
          <ApartmentOutlined />
          <span>{unitName(unit, locale)}</span>
          <Tag>{t(`org.kind.${unit.kind}`)}</Tag>
        </Space>
      }
      extra={canWrite && (
        <Space size={4}>
          <Button size="small" icon={<PlusOutlined />} onClick={props.onAddChild} data-testid="unit-add-child">{t('org.tree.addChild')}</Button>
          <Button size="small" icon={<EditOutlined />} onClick={props.onEdit} data-testid="unit-edit">{t('org.tree.rename')}</Button>
          <Popconfirm title={t('org.tree.deleteConfirm', { name: unitName(unit, locale) })} description={t('org.tree.deleteHint')} okText={t('action.delete')} okButtonProps={{ danger: true }} cancelText={t('action.cancel')} onConfirm={() => void remove()}>
            <Button size="small" danger icon={<DeleteOutlined />} data-testid="unit-delete">{t('org.tree.delete')}</Button>
          </Popconfirm>
        </Space>
      )}
    >
      <ProblemAlert error={error} onClose={reset} />
      {notEmpty && parent && canWrite && (
        <Popconfirm title={t('org.tree.deleteMoveConfirm', { name: unitName(unit, locale), parent: unitName(parent, locale) })} okText={t('action.delete')} okButtonProps={{ danger: true }} cancelText={t('action.cancel')} onConfirm={() => void remove(parent.id)}>
          <Button danger style={{ marginTop: -8, marginBottom: 16 }} data-testid="unit-delete-move">{t('org.tree.deleteMove')}</Button>
        </Popconfirm>
      )}
      <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('org.unit.parent')}>{parent ? unitName(parent, locale) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org.chart.head')}>
          {head.names.length ? head.names.join('、') : <Typography.Text type="warning">{t('org.chart.noHead')}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.pos.staffingCol')}>
          <Space size={4}>
            <span data-testid="unit-staffing">{unit.filled}/{unit.headcount}</span>
            <StaffTag headcount={unit.headcount} filled={unit.filled} over={unitOver(unit)} />
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('org.pos.title')}</Typography.Title>
        {canWrite && <Button type="primary" size="small" icon={<PlusOutlined />} onClick={props.onAddPosition} data-testid="pos-add">{t('org.pos.add')}</Button>}
      </div>
      <PositionTable unit={unit} idx={idx} roles={props.roles} canWrite={canWrite} onEdit={props.onEditPosition} onAssign={props.onAssign} onChanged={props.onChanged} />
    </Card>
  );
}
