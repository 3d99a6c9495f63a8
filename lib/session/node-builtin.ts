/**
 * A Node built-in module found at run time through `process.getBuiltinModule`
 * (Node 20.16 and later), never imported: a bundle for the Edge stays free of Node
 * built-ins, and the Edge runtime, which has no such function, gets null and keeps
 * the portable code. `usable` checks that what came back has what the caller needs.
 */
export function nodeBuiltin<T>(id: `node:${string}`, usable: (found: Partial<T> | undefined) => boolean): T | null {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const found = runtime?.getBuiltinModule?.(id) as Partial<T> | undefined;
    return usable(found) ? (found as T) : null;
  } catch {
    return null;
  }
}
