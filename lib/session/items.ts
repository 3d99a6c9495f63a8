import { SessionError } from './errors';
import { keyProblem } from './keys';
import { isNamespaceName, NAMESPACES, type NamespaceName, type Namespaces } from './types';
import { cloneNamespace } from './clone';

/**
 * The `?items=` selector of the Sessions API: `ns.key` lists, `ns.*` for a whole
 * namespace (our extension) and `*` for everything. As on VTEX, a well-formed entry
 * naming a namespace this kit does not have (`shopper.firstName`, asked for by
 * FastStore; `creditControl.deadlines`, by render-session) selects nothing: apps add
 * namespaces of their own, so clients ask for them everywhere. Bad syntax is a 400.
 */
export type ItemSelector =
  | { kind: 'all' }
  | { kind: 'some'; namespaces: ReadonlySet<NamespaceName>; keys: ReadonlyMap<NamespaceName, ReadonlySet<string>> };

export const MAX_ITEMS_LENGTH = 2048;
export const MAX_ITEMS = 100;

const NONE: ItemSelector = { kind: 'some', namespaces: new Set(), keys: new Map() };

function invalid(message: string): SessionError {
  return new SessionError(400, 'invalid_items', message);
}

/** Parses `items`; a missing or empty selector selects nothing. */
export function parseItems(raw: string | null | undefined): ItemSelector {
  if (raw == null || raw.trim() === '') return NONE;
  if (raw.length > MAX_ITEMS_LENGTH) throw invalid(`items is longer than ${MAX_ITEMS_LENGTH} characters`);
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length > MAX_ITEMS) throw invalid(`items lists more than ${MAX_ITEMS} entries`);

  const namespaces = new Set<NamespaceName>();
  const keys = new Map<NamespaceName, Set<string>>();
  for (const part of parts) {
    if (part === '*') return { kind: 'all' };
    const dot = part.indexOf('.');
    if (part === '' || dot <= 0 || dot === part.length - 1) {
      throw invalid(`"${part}" is not an item: use ns.key, ns.* or * (e.g. items=account.id,public.*)`);
    }
    const ns = part.slice(0, dot);
    const key = part.slice(dot + 1);
    const problem = keyProblem(ns, 'namespace') ?? (key === '*' ? null : keyProblem(key));
    if (problem) throw invalid(`"${part}": ${problem}`);
    // Well formed, but a namespace of some other app: absent from the answer.
    if (!isNamespaceName(ns)) continue;
    if (key === '*') {
      namespaces.add(ns);
      continue;
    }
    let set = keys.get(ns);
    if (!set) keys.set(ns, (set = new Set()));
    set.add(key);
  }
  return { kind: 'some', namespaces, keys };
}

/** The part of `namespaces` the selector asks for; namespaces with nothing selected are left out. */
export function selectItems(namespaces: Namespaces, selector: ItemSelector): Namespaces {
  const out: Namespaces = {};
  for (const ns of NAMESPACES) {
    const source = namespaces[ns];
    if (!source) continue;
    if (selector.kind === 'all' || selector.namespaces.has(ns)) {
      if (Object.keys(source).length > 0) out[ns] = cloneNamespace(source);
      continue;
    }
    const wanted = selector.keys.get(ns);
    if (!wanted) continue;
    for (const key of wanted) {
      if (Object.hasOwn(source, key)) (out[ns] ??= {})[key] = { ...source[key]! };
    }
  }
  return out;
}
