import { SessionEngine } from '@/lib/session/engine';
import { staticCustomerDirectory } from '@/lib/session/customers/directory';
import type { RegionResolver } from '@/lib/session/regions/types';
import { cookieStore } from '@/lib/session/stores/cookie';
import { memoryStore } from '@/lib/session/stores/memory';
import type { SessionStore } from '@/lib/session/stores/types';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import type { Transform } from '@/lib/session/transforms/types';
import type { Namespaces } from '@/lib/session/types';
import { storeConfig } from '@/store.config';

export const SECRET = 'commerce-secret-0123456789-0123456789-abc';

/** The demo's directory, built once: records are checked at construction. */
export const demoDirectory = staticCustomerDirectory(storeConfig.customers);

export function commerceEngine(
  options: { store?: SessionStore; regionResolver?: RegionResolver; extra?: Transform[] } = {},
): SessionEngine {
  return new SessionEngine({
    secrets: [SECRET],
    store: options.store ?? memoryStore(),
    transforms: [
      ...builtInTransforms(storeConfig, { customerDirectory: demoDirectory, regionResolver: options.regionResolver }),
      ...(options.extra ?? []),
    ],
    account: storeConfig.account,
  });
}

export const stores = [
  ['memory', () => memoryStore()],
  ['cookie', () => cookieStore()],
] as const;

/** A value by `ns.key`, or undefined. */
export function valueAt(namespaces: Namespaces, path: string): string | undefined {
  const [ns, key] = path.split('.') as [keyof Namespaces, string];
  return namespaces[ns]?.[key]?.value;
}

/** The current token of a written session, as the browser would hold it. */
export async function tokenOf(engine: SessionEngine, result: { session: Parameters<SessionEngine['issue']>[0]; storedVersion: number | null }) {
  return (await engine.issue(result.session, result.storedVersion)).sessionToken;
}
