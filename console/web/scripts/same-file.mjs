// Fails when the committed generated client differs from a fresh generation.
import { readFileSync, rmSync } from 'node:fs';
const [committed, fresh] = process.argv.slice(2);
const same = readFileSync(committed, 'utf8') === readFileSync(fresh, 'utf8');
rmSync(fresh, { force: true });
if (!same) {
  console.error(`${committed} is stale: run "npm run gen:api" in console/web (or go tool task gen)`);
  process.exit(1);
}
