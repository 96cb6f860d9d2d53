// The org chart as the desk needs it: names for user and unit ids.
import type { Schemas } from '../../api/client';

type ChartUnit = Schemas['ChartUnitView'];

export interface Directory {
  userName: Record<string, string>;
  unitName: Record<string, string>;
  // Units in tree order with their depth, for pickers.
  units: { id: string; name: string; depth: number }[];
}

export function buildDirectory(chart: ChartUnit[], users: Schemas['UserView'][], locale: string): Directory {
  const userName: Record<string, string> = {};
  const unitName: Record<string, string> = {};
  const units: Directory['units'] = [];
  const walk = (u: ChartUnit, depth: number) => {
    const name = locale === 'en' && u.name_en ? u.name_en : u.name;
    unitName[u.id] = name;
    units.push({ id: u.id, name, depth });
    for (const p of u.positions ?? []) {
      for (const h of p.holders ?? []) userName[h.user_id] = h.name;
    }
    for (const c of u.children ?? []) walk(c, depth + 1);
  };
  chart.forEach((u) => walk(u, 0));
  for (const u of users) userName[u.id] = u.name;
  return { userName, unitName, units };
}
