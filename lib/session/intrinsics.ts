/**
 * Runs a synchronous crypto step with the realm's own `Uint8Array` and `ArrayBuffer`
 * in the globals.
 *
 * Why: `next start` runs Edge middleware in edge-runtime's sandbox, which replaces those
 * globals (with Object, Array, RegExp and the Error types) by Proxies, so that
 * `instanceof Uint8Array` also accepts the arrays of Node's realm (TextEncoder's, for
 * one). Every `new Uint8Array(n)`, `x instanceof Uint8Array` and `ArrayBuffer.isView(x)`
 * then runs a Proxy trap, about a microsecond each against a few nanoseconds, and
 * @noble's argument checks make some 25 of them per seal: half of a seal's time in that
 * sandbox (docs/middleware.md, "The Edge sandbox's Proxies"). Real Edge isolates, Node
 * and browsers have no such Proxies; there this only calls `run`.
 *
 * Safe because `run` is synchronous: nothing else runs before the globals are put back
 * (in `finally`, so a throw restores them too). Inside, `instanceof Uint8Array` is the
 * realm's own check, and noble's `isBytes` falls back to `ArrayBuffer.isView` and the
 * constructor's name for another realm's arrays, so it accepts the same arrays.
 */

const BYTES: Uint8ArrayConstructor = Reflect.getPrototypeOf(new Uint8Array(0))!.constructor as Uint8ArrayConstructor;
const BUFFER: ArrayBufferConstructor = Reflect.getPrototypeOf(new ArrayBuffer(0))!.constructor as ArrayBufferConstructor;

export function withIntrinsics<T>(run: () => T): T {
  const bytes: unknown = Reflect.get(globalThis, 'Uint8Array');
  if (bytes === BYTES) return run();
  const buffer: unknown = Reflect.get(globalThis, 'ArrayBuffer');
  // Reflect.set answers false, where an assignment would throw, on frozen globals.
  if (!Reflect.set(globalThis, 'Uint8Array', BYTES)) return run();
  try {
    Reflect.set(globalThis, 'ArrayBuffer', BUFFER);
    return run();
  } finally {
    Reflect.set(globalThis, 'Uint8Array', bytes);
    Reflect.set(globalThis, 'ArrayBuffer', buffer);
  }
}
