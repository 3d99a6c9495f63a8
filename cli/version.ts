import { createRequire } from 'node:module';

const PACKAGE_NAME = 'vtex-sessions-next';

/**
 * The kit's own version, from its package.json as Node resolves it from this file:
 * by the package's own name in the repository (`cli/`), through the store's
 * node_modules in an installed package (`dist/cli/`, whose nearest package.json only
 * says `"type": "module"`). The package exports `./package.json` for this.
 */
export function packageVersion(from: string = import.meta.url): string {
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = createRequire(from)(`${PACKAGE_NAME}/package.json`) as typeof manifest;
  } catch (error) {
    throw new Error(`${PACKAGE_NAME}: its package.json was not found above ${from}`, { cause: error });
  }
  if (manifest.name !== PACKAGE_NAME || typeof manifest.version !== 'string') throw new Error(`${PACKAGE_NAME}: its package.json has no version`);
  return manifest.version;
}
