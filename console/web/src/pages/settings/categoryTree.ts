import type { Schemas } from '../../api/client';

export type Category = Schemas['CategoryView'];
export interface CategoryNode { category: Category; children: CategoryNode[] }

// buildTree nests the flat category list by parent_id, ordered by sort and
// otherwise as the API lists them (the template's own order); a child whose
// parent is missing is shown at the top level.
export function buildTree(items: Category[]): CategoryNode[] {
  const nodes = new Map(items.map((c) => [c.id, { category: c, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.category.parent_id ? nodes.get(n.category.parent_id) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const order = (xs: CategoryNode[]) => {
    xs.sort((a, b) => a.category.sort - b.category.sort);
    xs.forEach((x) => order(x.children));
  };
  order(roots);
  return roots;
}

// countDescendants says how many categories go with one when deleting.
export function countDescendants(n: CategoryNode): number {
  return n.children.reduce((s, c) => s + 1 + countDescendants(c), 0);
}
