'use client';
import { useCallback, useSyncExternalStore } from 'react';

const values = new Map<string, unknown>();
const listeners = new Set<() => void>();

/**
 * useState that outlives a re-mount. Next keys app/[variant] by the variant code, so
 * when a write changes the variant, every component below it starts afresh; state
 * that should survive that (the inspector's trace) lives here, per page load.
 */
export function useSurvivingState<T>(key: string, initial: T): [T, (value: T) => void] {
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  const read = () => (values.has(key) ? (values.get(key) as T) : initial);
  const value = useSyncExternalStore(subscribe, read, () => initial);
  const set = useCallback(
    (next: T) => {
      values.set(key, next);
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [value, set];
}
