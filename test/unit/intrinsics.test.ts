import { createRequire } from 'node:module';
import vm from 'node:vm';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it } from 'vitest';
import { withIntrinsics } from '@/lib/session/intrinsics';
import { ironPassword, ironPasswords, sealText, unsealText, verifyText } from '@/lib/session/iron';
import { scriptBundle } from '../../bench/lib/bundle.mjs';

const SECRET = 'intrinsics-test-secret-0123456789abcdef';
const TEXT = JSON.stringify({ id: 'shopper-1', v: 1, note: 'ünïcødé ✓ 🛒'.repeat(20) });
const INTRINSIC_BYTES = Uint8Array;
const INTRINSIC_BUFFER = ArrayBuffer;

/**
 * The globals as `next start`'s Edge sandbox leaves them (edge-runtime's patchInstanceOf):
 * Proxies of the constructors whose traps run on every use. Counts each trap.
 */
function sandboxLikeGlobals() {
  const traps = { count: 0 };
  const proxied = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(on, property, receiver) {
        traps.count++;
        return Reflect.get(on, property, receiver);
      },
    });
  Object.assign(globalThis, { Uint8Array: proxied(INTRINSIC_BYTES), ArrayBuffer: proxied(INTRINSIC_BUFFER) });
  return { traps, bytes: globalThis.Uint8Array, buffer: globalThis.ArrayBuffer };
}

afterEach(() => {
  Object.defineProperty(globalThis, 'Uint8Array', { value: INTRINSIC_BYTES, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, 'ArrayBuffer', { value: INTRINSIC_BUFFER, writable: true, configurable: true, enumerable: false });
});

describe('withIntrinsics', () => {
  it('runs with the realm’s own constructors and puts the Proxies back', () => {
    const sandbox = sandboxLikeGlobals();
    new Uint8Array(1);
    expect(sandbox.traps.count, 'the stand-in Proxy traps as the sandbox’s does').toBeGreaterThan(0);

    const seen = withIntrinsics(() => [globalThis.Uint8Array, globalThis.ArrayBuffer]);
    expect(seen).toEqual([INTRINSIC_BYTES, INTRINSIC_BUFFER]);
    expect(globalThis.Uint8Array).toBe(sandbox.bytes);
    expect(globalThis.ArrayBuffer).toBe(sandbox.buffer);
  });

  it('puts the Proxies back when the step throws', () => {
    const sandbox = sandboxLikeGlobals();
    expect(() =>
      withIntrinsics(() => {
        throw new Error('bad bytes');
      }),
    ).toThrow('bad bytes');
    expect(globalThis.Uint8Array).toBe(sandbox.bytes);
    expect(globalThis.ArrayBuffer).toBe(sandbox.buffer);
  });

  it('seals and opens tokens without a single trap, the same tokens as outside', () => {
    const password = ironPassword(1, SECRET);
    const passwords = ironPasswords([password]);
    const sandbox = sandboxLikeGlobals();
    const before = sandbox.traps.count;
    const token = sealText(TEXT, password, { label: 'a.b' });
    const verified = verifyText(token, passwords);
    const opened = unsealText(token, passwords);
    expect(sandbox.traps.count - before).toBe(0);
    expect(verified).toEqual({ ok: true, label: 'a.b', passwordId: '1' });
    expect(opened).toEqual({ ok: true, text: TEXT });
  });

  it('lets @noble take another realm’s arrays, as it does through the Proxies', () => {
    const foreign = vm.runInNewContext('new Uint8Array([1, 2, 3, 250])') as Uint8Array;
    expect(foreign instanceof INTRINSIC_BYTES).toBe(false);
    const expected = sha256(Uint8Array.from(foreign));
    sandboxLikeGlobals();
    expect(withIntrinsics(() => sha256(foreign))).toEqual(expected);
  });

  it('only runs the step where the globals cannot be written', () => {
    sandboxLikeGlobals();
    const frozen = globalThis.Uint8Array;
    Object.defineProperty(globalThis, 'Uint8Array', { value: frozen, writable: false, configurable: true });
    expect(withIntrinsics(() => globalThis.Uint8Array)).toBe(frozen);
    expect(globalThis.Uint8Array).toBe(frozen);
  });
});

describe('in the Edge sandbox `next start` runs middleware in', () => {
  it('seals tokens the kit opens on Node, and leaves the sandbox’s Proxies in place', async () => {
    const { EdgeRuntime } = createRequire(import.meta.url)('next/dist/compiled/edge-runtime') as {
      EdgeRuntime: new (options: { initialCode: string }) => { evaluate<T>(code: string): T };
    };
    const edge = new EdgeRuntime({ initialCode: await scriptBundle('lib/session/iron.ts', 'iron') });
    const result = edge.evaluate<{ token: string; opened: unknown; proxied: boolean; crossRealm: boolean }>(`(() => {
      const password = iron.ironPassword(1, ${JSON.stringify(SECRET)});
      const token = iron.sealText(${JSON.stringify(TEXT)}, password, { label: 'a.b' });
      const opened = iron.unsealText(token, iron.ironPasswords([password]));
      return {
        token,
        opened,
        proxied: Uint8Array !== Reflect.getPrototypeOf(new Uint8Array(0)).constructor,
        crossRealm: new TextEncoder().encode('x') instanceof Uint8Array,
      };
    })()`);
    expect(result.opened).toEqual({ ok: true, text: TEXT });
    expect(unsealText(result.token, ironPasswords([ironPassword(1, SECRET)]))).toEqual({ ok: true, text: TEXT });
    expect(result.proxied, 'the sandbox’s own Uint8Array is back').toBe(true);
    expect(result.crossRealm, 'and still accepts Node’s arrays').toBe(true);
  });
});
