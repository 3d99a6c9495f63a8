import { readSegmentToken } from '../session/segment';
import type { Segment } from '../session/types';

/** One cookie's raw value from `document.cookie`, or null (also on the server). */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A broken cookie is no segment rather than a crash: it is only informational. */
export function decodeSegment(token: string | null): Segment | null {
  if (!token) return null;
  try {
    const read = readSegmentToken(decodeURIComponent(token));
    return read.ok ? read.segment : null;
  } catch {
    // decodeURIComponent refuses a lone `%`.
    return null;
  }
}

/**
 * The segment cookie as an external store for useSyncExternalStore. Nothing tells a
 * page that a response set a cookie, so whoever knows (an update, another tab) calls
 * `changed()`.
 */
export function createSegmentSource(cookieName: string) {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    read: () => readCookie(cookieName),
    changed() {
      for (const listener of listeners) listener();
    },
  };
}

export type SegmentSource = ReturnType<typeof createSegmentSource>;
