// Ticket categories arrive flat with parent ids; the pickers want a tree and
// the detail page a "报修 / 电梯故障" path.
import type { Schemas } from '../../api/client';

type Category = Schemas['CategoryView'];

export interface CategoryNode {
  value: string;
  title: string;
  children: CategoryNode[];
}

const label = (c: Category, locale: string) => (locale === 'en' && c.name_en ? c.name_en : c.name);

export function categoryTree(items: Category[], locale: string): CategoryNode[] {
  const nodes = new Map(items.map((c) => [c.id, { value: c.id, title: label(c, locale), children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  const sorted = [...items].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
  for (const c of sorted) {
    const parent = c.parent_id ? nodes.get(c.parent_id) : undefined;
    // An orphan (parent deleted or out of view) still shows, at the top.
    (parent ? parent.children : roots).push(nodes.get(c.id)!);
  }
  return roots;
}

export function categoryPath(items: Category[], id: string | undefined, locale: string): string {
  if (!id) return '';
  const byId = new Map(items.map((c) => [c.id, c]));
  const parts: string[] = [];
  for (let c = byId.get(id); c && parts.length < 10; c = c.parent_id ? byId.get(c.parent_id) : undefined) parts.unshift(label(c, locale));
  return parts.join(' / ');
}
