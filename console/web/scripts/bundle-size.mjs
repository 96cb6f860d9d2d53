// Fails the build when the entry chunk the browser must load before the first
// paint grows past the budget (600 kB gzipped, issue #6).
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = 600 * 1024;
const html = readFileSync('dist/index.html', 'utf8');
const entries = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const f of entries) total += gzipSync(readFileSync(`dist/${f}`)).length;
const all = readdirSync('dist/assets').length;
console.log(`console: entry ${entries.length} files, ${(total / 1024).toFixed(1)} kB gzipped (budget ${budget / 1024} kB); ${all} assets in all`);
if (total > budget) {
  console.error('console: entry bundle over budget');
  process.exit(1);
}
