import { Tooltip } from 'antd';
import { useLocale } from '../../i18n';
import { headOf, positions, positionTitle, staffing, unitName, unitOver, type ChartPosition, type ChartUnit } from './model';
import { StaffTag } from './StaffTag';

// UnitBox is one box of the chart: unit name, who heads it, and each
// position with filled/headcount, vacancies orange and overstaffing red.
export function UnitBox({ unit, onOpen }: { unit: ChartUnit; onOpen?: (id: string) => void }) {
  const { t, locale } = useLocale();
  const head = headOf(unit);
  const over = unitOver(unit);
  const tone = over > 0 ? 'is-over' : unit.vacant > 0 ? 'is-vacant' : '';
  return (
    <div className={`org-box org-kind-${unit.kind} ${tone}`} data-testid={`chart-unit-${unit.id}`}>
      <div className="org-box-head" onClick={() => onOpen?.(unit.id)} role={onOpen ? 'button' : undefined}>
        <span className="org-box-name" title={unitName(unit, locale)}>{unitName(unit, locale)}</span>
        <span className="org-box-kind">{t(`org.kind.${unit.kind}`)}</span>
      </div>
      <div className="org-box-meta">
        <span>
          {t('org.chart.headLabel')}
          {head.names.length ? <span className="org-head-name">{head.names.join('、')}</span> : <span className="org-head-none">{t('org.chart.noHead')}</span>}
        </span>
        <StaffTag headcount={unit.headcount} filled={unit.filled} over={over} showFull={false} />
      </div>
      {positions(unit).length === 0 ? (
        <div className="org-box-empty">{t('org.chart.noPositions')}</div>
      ) : (
        <ul className="org-box-positions">
          {positions(unit).map((p) => <PositionLine key={p.id} p={p} />)}
        </ul>
      )}
    </div>
  );
}

function PositionLine({ p }: { p: ChartPosition }) {
  const { t, locale } = useLocale();
  const s = staffing(p);
  const holders = (p.holders ?? []).map((h) => (h.kind === 'primary' ? h.name : `${h.name}（${t(`org.assign.${h.kind}`)}）`));
  return (
    <li className={`org-pos ${s.over ? 'is-over' : s.vacant ? 'is-vacant' : ''}`} data-testid={`chart-pos-${p.id}`}>
      <Tooltip title={holders.length ? holders.join('、') : undefined}>
        <span className="org-pos-title">
          {positionTitle(p, locale)}
          {holders.length > 0 && <span className="org-pos-holders">{holders.join('、')}</span>}
        </span>
      </Tooltip>
      <span className="org-pos-count" data-testid="pos-count">{t('org.pos.staffing', { filled: p.filled, headcount: p.headcount })}</span>
      <StaffTag headcount={p.headcount} filled={p.filled} showFull={false} />
    </li>
  );
}
