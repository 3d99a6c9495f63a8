import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'vtex-sessions-next';

/**
 * The kit's own version, from its package.json, found by walking up from this file:
 * `cli/` in the repository, `dist/cli/` in an installed package. The walk skips
 * package.json files of other names, such as `dist/package.json`, which only says
 * `"type": "module"`.
 */
export function packageVersion(from: string = import.meta.url): string {
  let dir = path.dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (name === PACKAGE_NAME && typeof version === 'string') return version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: its package.json was not found above ${from}`);
    dir = parent;
  }
}
