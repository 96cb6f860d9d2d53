import { useMemo } from 'react';
import { Tree, Typography, App } from 'antd';
import type { TreeDataNode, TreeProps } from 'antd';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLocale } from '../../i18n';
import { checkMove, children, unitName, unitOver, type ChartUnit, type UnitIndex } from './model';
import { StaffTag } from './StaffTag';
import { useApiSubmit } from '../../components/useApiSubmit';

interface UnitNode extends TreeDataNode {
  key: string;
  unit: ChartUnit;
  children: UnitNode[];
}

const toNodes = (units: ChartUnit[]): UnitNode[] => units.map((u) => ({ key: u.id, unit: u, children: toNodes(children(u)) }));

interface Props {
  roots: ChartUnit[];
  idx: UnitIndex;
  selectedId?: string;
  expanded: string[];
  onExpand: (keys: string[]) => void;
  onSelect: (id: string) => void;
  canWrite: boolean;
  onChanged: () => void;
}

// UnitTree is the editable outline of org units; editors drag a unit onto
// another to make it a sub-unit, or into a gap to make it a sibling.
export function UnitTree({ roots, idx, selectedId, expanded, onExpand, onSelect, canWrite, onChanged }: Props) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { run, error, reset } = useApiSubmit();
  const treeData = useMemo(() => toNodes(roots), [roots]);

  // Refused drops (into itself or its own subtree) are not even offered.
  const allowDrop: TreeProps<UnitNode>['allowDrop'] = ({ dragNode, dropNode, dropPosition }) =>
    checkMove(idx, dragNode.key, dropNode.key, dropPosition !== 0).ok;

  const onDrop: TreeProps<UnitNode>['onDrop'] = async (info) => {
    const drag = info.dragNode.unit;
    const check = checkMove(idx, drag.id, info.node.key, info.dropToGap);
    if (!check.ok) {
      if (check.reason !== 'unchanged') message.warning(t('org.tree.moveSelf'));
      return;
    }
    const moved = await run(() => unwrap(api.PATCH('/v1/org-units/{id}', { params: { path: { id: drag.id } }, body: { parent_id: check.parentId } })));
    if (!moved) return;
    const parent = idx.byId.get(check.parentId);
    message.success(parent ? t('org.tree.moved', { name: unitName(drag, locale), parent: unitName(parent, locale) }) : t('org.tree.movedTop', { name: unitName(drag, locale) }));
    if (check.parentId && !expanded.includes(check.parentId)) onExpand([...expanded, check.parentId]);
    onChanged();
  };

  return (
    <div data-testid="unit-tree">
      <ProblemAlert error={error} onClose={reset} />
      {canWrite && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('org.tree.hint')}</Typography.Paragraph>}
      <Tree<UnitNode>
        blockNode
        showLine
        draggable={canWrite ? { icon: false } : false}
        allowDrop={allowDrop}
        onDrop={(info) => void onDrop(info)}
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => onExpand(keys.map(String))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys) => keys.length && onSelect(String(keys[0]))}
        titleRender={(n) => (
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, width: '100%' }} data-testid={`tree-unit-${n.key}`}>
            <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{unitName(n.unit, locale)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>{n.unit.filled}/{n.unit.headcount}</Typography.Text>
            <StaffTag headcount={n.unit.headcount} filled={n.unit.filled} over={unitOver(n.unit)} showFull={false} />
          </span>
        )}
      />
    </div>
  );
}
