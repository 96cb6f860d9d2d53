import { useLayoutEffect, useRef, useState } from 'react';
import { Button, Slider, Space, Tooltip } from 'antd';
import { MinusOutlined, PlusOutlined, ShrinkOutlined, ArrowsAltOutlined, ExpandOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { allUnitIds, children, type ChartUnit } from './model';
import { UnitBox } from './UnitBox';
import { clampZoom, fitZoom, ZOOM_MAX, ZOOM_MIN, ZOOM_STEP } from './zoom';
import './orgchart.css';

const INITIAL_ZOOM_MIN = 70;

// ChartView draws the whole org chart with zoom and per-subtree collapse.
export function ChartView({ roots, onOpenUnit }: { roots: ChartUnit[]; onOpenUnit?: (id: string) => void }) {
  const t = useT();
  const [zoom, setZoom] = useState(100);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const canvas = useRef<HTMLDivElement>(null);
  const tree = useRef<HTMLDivElement>(null);
  const setZoomTo = (z: number) => setZoom(clampZoom(z));
  const fittingZoom = (current: number) => {
    if (!canvas.current || !tree.current) return current;
    const style = getComputedStyle(canvas.current);
    const available = canvas.current.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return fitZoom(available, tree.current.getBoundingClientRect().width / (current / 100));
  };
  const fit = () => setZoom(fittingZoom(zoom));
  // First view: shrink a wide chart to fit, but not below a legible size.
  useLayoutEffect(() => {
    setZoom(Math.max(INITIAL_ZOOM_MIN, fittingZoom(100)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const collapseAll = () => setCollapsed(new Set(allUnitIds(roots).filter((id) => id !== roots[0]?.id)));

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between', marginBottom: 12 }}>
        <Space size={4} align="center">
          <span style={{ color: '#5b6b82', marginRight: 4 }}>{t('org.chart.zoom')}</span>
          <Tooltip title={t('org.chart.zoomOut')}>
            <Button size="small" icon={<MinusOutlined />} aria-label={t('org.chart.zoomOut')} data-testid="zoom-out" disabled={zoom <= ZOOM_MIN} onClick={() => setZoomTo(zoom - ZOOM_STEP)} />
          </Tooltip>
          <Slider style={{ width: 140, margin: '0 8px' }} min={ZOOM_MIN} max={ZOOM_MAX} step={ZOOM_STEP} value={zoom} onChange={setZoomTo} tooltip={{ formatter: (v) => `${v}%` }} />
          <Tooltip title={t('org.chart.zoomIn')}>
            <Button size="small" icon={<PlusOutlined />} aria-label={t('org.chart.zoomIn')} data-testid="zoom-in" disabled={zoom >= ZOOM_MAX} onClick={() => setZoomTo(zoom + ZOOM_STEP)} />
          </Tooltip>
          <Button size="small" type="text" onClick={() => setZoom(100)} data-testid="zoom-value">{zoom}%</Button>
          <Button size="small" icon={<ExpandOutlined />} onClick={fit} data-testid="zoom-fit">{t('org.chart.fit')}</Button>
        </Space>
        <Space size={12} wrap>
          <span className="org-legend">
            <span><i style={{ background: '#fa8c16' }} />{t('org.chart.legendVacant')}</span>
            <span><i style={{ background: '#f5222d' }} />{t('org.chart.legendOver')}</span>
          </span>
          <Button size="small" icon={<ArrowsAltOutlined />} onClick={() => setCollapsed(new Set())}>{t('org.chart.expandAll')}</Button>
          <Button size="small" icon={<ShrinkOutlined />} onClick={collapseAll}>{t('org.chart.collapseAll')}</Button>
        </Space>
      </div>
       <div className="org-canvas" data-testid="org-canvas" ref={canvas}>
        <div className="org-tree" ref={tree} style={{ zoom: zoom / 100 }} data-zoom={zoom}>
          <ul className="org-branch">
            {roots.map((u) => <ChartNode key={u.id} unit={u} collapsed={collapsed} onToggle={toggle} onOpen={onOpenUnit} />)}
          </ul>
        </div>
      </div>
    </div>
  );
}

function ChartNode({ unit, collapsed, onToggle, onOpen }: { unit: ChartUnit; collapsed: Set<string>; onToggle: (id: string) => void; onOpen?: (id: string) => void }) {
  const t = useT();
  const kids = children(unit);
  const isCollapsed = collapsed.has(unit.id);
  return (
    <li className="org-node">
      <div className="org-node-stack">
        <UnitBox unit={unit} onOpen={onOpen} />
        {kids.length > 0 && (
          <button
            type="button"
            className="org-toggle"
            data-testid={`chart-toggle-${unit.id}`}
            aria-expanded={!isCollapsed}
            title={isCollapsed ? t('org.chart.expand', { n: kids.length }) : t('org.chart.collapse')}
            onClick={() => onToggle(unit.id)}
          >
            {isCollapsed ? `+${kids.length}` : '−'}
          </button>
        )}
      </div>
      {kids.length > 0 && !isCollapsed && (
        <ul className="org-branch">
          {kids.map((c) => <ChartNode key={c.id} unit={c} collapsed={collapsed} onToggle={onToggle} onOpen={onOpen} />)}
        </ul>
      )}
    </li>
  );
}
