import { cbc } from '@noble/ciphers/aes.js';
import { nodeBuiltin } from './node-builtin';

/**
 * AES-256-CBC with PKCS#7 padding, as Fe26.2 seals with it: OpenSSL's (AES-NI, no
 * lookup tables) where the runtime is Node, @noble/ciphers' anywhere else (an Edge
 * sandbox, a worker).
 *
 * Why not noble everywhere: its AES looks bytes up in two 256 KiB tables, fast while
 * they sit in the CPU's caches (a tight loop: about 0.2 µs a block) and slow once a
 * request's other work has pushed them out. Under `next start`, the table lookups of
 * one Sessions API PATCH took 74 µs (about 45 blocks), most of what the PATCH cost
 * on top of a JSON route (docs/session-token.md). OpenSSL has no tables to lose.
 *
 * Node's is found at run time (node-builtin.ts), so the Edge runtime takes noble's.
 */
export interface AesCbc {
  readonly name: 'node' | 'noble';
  encrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Throws on a wrong key, iv or padding: the caller turns that into a refusal. */
  decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

const ALGORITHM = 'aes-256-cbc';

/** The part of node:crypto used here. */
interface NodeCipher {
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
}
interface NodeCrypto {
  createCipheriv(algorithm: string, key: Uint8Array, iv: Uint8Array): NodeCipher;
  createDecipheriv(algorithm: string, key: Uint8Array, iv: Uint8Array): NodeCipher;
}

function joined(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (tail.length === 0) return head;
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return bytes;
}

export function nodeAesCbc(crypto: NodeCrypto): AesCbc {
  const run = (cipher: NodeCipher, data: Uint8Array) => joined(cipher.update(data), cipher.final());
  return {
    name: 'node',
    encrypt: (key, iv, plaintext) => run(crypto.createCipheriv(ALGORITHM, key, iv), plaintext),
    decrypt: (key, iv, ciphertext) => run(crypto.createDecipheriv(ALGORITHM, key, iv), ciphertext),
  };
}

export const nobleAesCbc: AesCbc = {
  name: 'noble',
  encrypt: (key, iv, plaintext) => cbc(key, iv).encrypt(plaintext),
  decrypt: (key, iv, ciphertext) => cbc(key, iv).decrypt(ciphertext),
};

/** This runtime's AES-256-CBC, chosen once. */
export const aesCbc: AesCbc = (() => {
  const node = nodeBuiltin<NodeCrypto>('node:crypto', (found) => typeof found?.createCipheriv === 'function' && typeof found.createDecipheriv === 'function');
  return node ? nodeAesCbc(node) : nobleAesCbc;
})();
