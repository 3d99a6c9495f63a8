import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../fixtures');
export type FixtureName = 'cache-components-store' | 'isr-store';

/** A fresh copy of a fixture store in a temp dir (removed by the returned cleanup). */
export function copyFixture(name: FixtureName, into?: string): { dir: string; remove(): void } {
  const dir = into ?? mkdtempSync(path.join(tmpdir(), `${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under dir (node_modules and builds aside) with a hash of its content: a tree to compare. */
export function snapshotTree(dir: string, base = dir): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', '.git'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(tree, snapshotTree(full, base));
    else tree[path.relative(base, full)] = createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 16);
  }
  return tree;
}
