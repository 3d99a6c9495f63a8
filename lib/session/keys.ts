import { SessionError } from './errors';

/**
 * What a namespace key may look like. Letters first, then letters, digits, `_` or
 * `-` (VTEX uses both: `utm_source`, `vtex-impersonated-customer-email`).
 */
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const MAX_KEY_LENGTH = 64;

/** Names that would reach Object.prototype if they ever became property names. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with a key (or, with `noun`, a namespace) name, or null when it is fine. */
export function keyProblem(key: string, noun: 'key' | 'namespace' = 'key'): string | null {
  if (key.length === 0) return `a ${noun} may not be empty`;
  if (key.length > MAX_KEY_LENGTH) return `the ${noun} "${key.slice(0, 20)}…" is longer than ${MAX_KEY_LENGTH} characters`;
  if (RESERVED_KEYS.has(key)) return `"${key}" is a reserved name and may not be used as a ${noun}`;
  if (!KEY_PATTERN.test(key)) return `the ${noun} "${key}" may only hold letters, digits, "_" and "-", starting with a letter`;
  return null;
}

export function assertValidKey(key: string, where: string): void {
  const problem = keyProblem(key);
  if (problem) throw new SessionError(400, 'invalid_key', `${where}: ${problem}`);
}
