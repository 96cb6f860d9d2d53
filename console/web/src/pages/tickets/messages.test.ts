import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import desk from '../../i18n/messages/desk';

// Every literal desk.* key the desk pages use exists in both languages, and
// both languages have the same keys.
const dirs = ['tickets', 'callbacks', 'customers'].map((d) => join(__dirname, '..', d));
const used = new Set<string>();
for (const dir of dirs) {
  for (const f of readdirSync(dir).filter((n) => /\.tsx?$/.test(n) && !n.includes('.test.'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(desk\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]);
  }
}

describe('desk messages', () => {
  it('define every key the pages use', () => {
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in desk['zh-CN']) || !(k in desk.en));
    expect(missing).toEqual([]);
  });
  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(desk.en).sort()).toEqual(Object.keys(desk['zh-CN']).sort());
  });
});
