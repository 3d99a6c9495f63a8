import { SessionError } from './errors';
import { assertValidKey } from './keys';
import type { SessionLimits } from './limits';
import type { NamespaceName, Namespaces } from './types';

/** A change to a session's values: a string sets, null removes. */
export type ValueEdit = Readonly<Record<string, string | null>>;

/** What a write asks for. Clients may only produce `public`; server code any namespace. */
export type SessionEdit = Partial<Record<NamespaceName, ValueEdit>>;

/**
 * Applies an edit in place and returns the key paths it changed. An empty string
 * removes a key as null does (VTEX clients clear keys by writing "").
 */
export function applyEdit(namespaces: Namespaces, edit: SessionEdit, limits: SessionLimits): string[] {
  const changed: string[] = [];
  for (const [ns, values] of Object.entries(edit) as [NamespaceName, ValueEdit][]) {
    for (const [key, value] of Object.entries(values)) {
      assertValidKey(key, `${ns}.${key}`);
      if (value !== null && typeof value !== 'string') {
        throw new SessionError(400, 'invalid_value', `${ns}.${key}: values must be strings`);
      }
      if (value !== null && value.length > limits.maxValueLength) {
        throw new SessionError(400, 'value_too_long', `${ns}.${key} is longer than ${limits.maxValueLength} characters`);
      }
      const target = namespaces[ns];
      const current = target && Object.hasOwn(target, key) ? target[key]!.value : undefined;
      if (value === null || value === '') {
        if (current !== undefined) {
          delete target![key];
          if (Object.keys(target!).length === 0) delete namespaces[ns];
          changed.push(`${ns}.${key}`);
        }
      } else if (current !== value) {
        (namespaces[ns] ??= {})[key] = { value };
        changed.push(`${ns}.${key}`);
      }
    }
    const count = Object.keys(namespaces[ns] ?? {}).length;
    if (count > limits.maxKeysPerNamespace) {
      throw new SessionError(400, 'too_many_keys', `Namespace "${ns}" would hold ${count} keys; the limit is ${limits.maxKeysPerNamespace}`);
    }
  }
  return changed;
}
