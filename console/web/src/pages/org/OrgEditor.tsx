import { useEffect, useRef, useState } from 'react';
import { Button, Card, Col, Empty, Row } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { ancestorsOf, type ChartPosition, type ChartUnit, type UnitIndex } from './model';
import { AssignModal } from './AssignModal';
import { PositionFormModal, type PositionModalMode } from './PositionFormModal';
import { UnitFormModal, type UnitModalMode } from './UnitFormModal';
import { UnitPanel } from './UnitPanel';
import { UnitTree } from './UnitTree';
import type { RoleView, UserView } from './useOrgRefs';

interface Props {
  roots: ChartUnit[];
  idx: UnitIndex;
  selectedId?: string;
  onSelect: (id?: string) => void;
  canWrite: boolean;
  roles: RoleView[];
  users: UserView[];
  reload: () => Promise<void>;
}

// OrgEditor: the unit tree on the left, the selected unit's positions on
// the right, and the modals that change them.
export function OrgEditor({ roots, idx, selectedId, onSelect, canWrite, roles, users, reload }: Props) {
  const t = useT();
  const [expanded, setExpanded] = useState<string[]>(() => [...idx.byId.keys()]);
  const [unitModal, setUnitModal] = useState<UnitModalMode | null>(null);
  const [posModal, setPosModal] = useState<PositionModalMode | null>(null);
  const [assignTo, setAssignTo] = useState<ChartPosition | null>(null);
  const selected = selectedId ? idx.byId.get(selectedId) : undefined;

  // Units that appear later (created here, or brought in by an import)
  // start expanded like the ones present at first.
  const known = useRef(new Set(idx.byId.keys()));
  useEffect(() => {
    const fresh = [...idx.byId.keys()].filter((id) => !known.current.has(id));
    if (!fresh.length) return;
    fresh.forEach((id) => known.current.add(id));
    setExpanded((prev) => [...new Set([...prev, ...fresh])]);
  }, [idx]);

  // Keep the selected unit visible, e.g. after picking it on the chart.
  useEffect(() => {
    if (!selectedId) return;
    const up = ancestorsOf(idx, selectedId);
    setExpanded((prev) => (up.every((id) => prev.includes(id)) ? prev : [...new Set([...prev, ...up])]));
  }, [selectedId, idx]);

  const after = (fn?: () => void) => async () => {
    fn?.();
    await reload();
  };

  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
      <Col flex="340px">
        <Card
          title={t('org.tree.title')}
          extra={canWrite && <Button size="small" icon={<PlusOutlined />} onClick={() => setUnitModal({ kind: 'create' })} data-testid="unit-add-root">{t('org.tree.addRoot')}</Button>}
          styles={{ body: { padding: 12, maxHeight: 'calc(100vh - 280px)', overflow: 'auto' } }}
        >
          {roots.length === 0 ? (
            <Empty description={t('org.empty')} />
          ) : (
            <UnitTree roots={roots} idx={idx} selectedId={selectedId} expanded={expanded} onExpand={setExpanded} onSelect={onSelect} canWrite={canWrite} onChanged={() => void reload()} />
          )}
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {selected ? (
          <UnitPanel
            key={selected.id}
            unit={selected}
            idx={idx}
            roles={roles}
            canWrite={canWrite}
            onAddChild={() => setUnitModal({ kind: 'create', parent: selected })}
            onEdit={() => setUnitModal({ kind: 'edit', unit: selected })}
            onAddPosition={() => setPosModal({ kind: 'create', unit: selected })}
            onEditPosition={(id) => setPosModal({ kind: 'edit', positionId: id })}
            onAssign={setAssignTo}
            onDeleted={(parentId) => void after(() => onSelect(parentId))()}
            onChanged={() => void reload()}
          />
        ) : (
          <Card><Empty description={t('org.tree.select')} /></Card>
        )}
      </Col>
      {unitModal && (
        <UnitFormModal
          mode={unitModal}
          onClose={() => setUnitModal(null)}
          onSaved={async (u) => {
            setUnitModal(null);
            await reload();
            onSelect(u.id);
          }}
        />
      )}
      {posModal && <PositionFormModal mode={posModal} roots={roots} roles={roles} onClose={() => setPosModal(null)} onSaved={() => void after(() => setPosModal(null))()} />}
      {assignTo && <AssignModal position={assignTo} users={users} onClose={() => setAssignTo(null)} onSaved={() => void after(() => setAssignTo(null))()} />}
    </Row>
  );
}
