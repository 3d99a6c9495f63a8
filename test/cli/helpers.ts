import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Output } from '../../cli/output';

/** An Output that keeps what the CLI prints, for assertions. */
export function captureOutput(): Output & { text(): string } {
  const lines: string[] = [];
  return {
    log: (line = '') => lines.push(line),
    error: (line) => lines.push(line),
    text: () => lines.join('\n'),
  };
}

/** The store as if `next@version` were installed in it: what init and doctor read to know what the store's Next accepts. */
export function withInstalledNext(dir: string, version: string): void {
  mkdirSync(path.join(dir, 'node_modules/next'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules/next/package.json'), JSON.stringify({ name: 'next', version }));
}
