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
  /**
   * encrypt() under a key fixed once, for a key that seals many tokens: the same bytes
   * as encrypt(key, iv, plaintext) for every iv and plaintext, in any order.
   */
  keyed(key: Uint8Array): KeyedAesCbcEncrypt;
  /** Throws on a wrong key, iv or padding: the caller turns that into a refusal. */
  decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

export type KeyedAesCbcEncrypt = (iv: Uint8Array, plaintext: Uint8Array) => Uint8Array;

const ALGORITHM = 'aes-256-cbc';
const BLOCK_BYTES = 16;

/** PKCS#7: 1 to 16 bytes, each the count, to a whole number of blocks. */
function padded(plaintext: Uint8Array): Uint8Array {
  const pad = BLOCK_BYTES - (plaintext.length % BLOCK_BYTES);
  const bytes = new Uint8Array(plaintext.length + pad);
  bytes.set(plaintext);
  bytes.fill(pad, plaintext.length);
  return bytes;
}

/** The part of node:crypto used here. */
interface NodeCipher {
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  setAutoPadding(autoPadding: boolean): unknown;
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
    keyed: (key) => runningCbc(crypto.createCipheriv(ALGORITHM, key, new Uint8Array(BLOCK_BYTES))),
  };
}

/**
 * One OpenSSL context for every token a key seals. Making a cipher object per token
 * (a stream object around a native one, which the garbage collector must finalise)
 * cost about 4 % of a Sessions API PATCH's main-thread time under `next start`, where
 * the encryption itself is a few microseconds (docs/session-token.md).
 *
 * CBC chains each block into the next, and a context left open after a token goes on
 * chaining from that token's last ciphertext block (`chain`). So the first block of the
 * next token is XORed with `iv ^ chain` before it goes in: the context XORs `chain` in
 * again, and the block is encrypted as E(P1 ^ iv), exactly as a fresh context with
 * that iv would. Padding is added here, never by OpenSSL, so no token ends the context.
 */
function runningCbc(cipher: NodeCipher): KeyedAesCbcEncrypt {
  cipher.setAutoPadding(false);
  const chain = new Uint8Array(BLOCK_BYTES);
  let broken = false;
  return (iv, plaintext) => {
    if (iv.length !== BLOCK_BYTES) throw new Error(`AES-CBC takes a ${BLOCK_BYTES}-byte iv`);
    if (broken) throw new Error('This AES-CBC context failed earlier; make another');
    const input = padded(plaintext);
    for (let i = 0; i < BLOCK_BYTES; i++) input[i]! ^= iv[i]! ^ chain[i]!;
    let output: Uint8Array;
    try {
      output = cipher.update(input);
    } catch (error) {
      broken = true;
      throw error;
    }
    // Whole blocks in, unpadded: OpenSSL holds nothing back. Anything else would leave
    // `chain` out of step, so the context is not used again.
    if (output.length !== input.length) {
      broken = true;
      throw new Error('AES-CBC held back part of a token');
    }
    chain.set(output.subarray(output.length - BLOCK_BYTES));
    return output;
  };
}

export const nobleAesCbc: AesCbc = {
  name: 'noble',
  encrypt: (key, iv, plaintext) => cbc(key, iv).encrypt(plaintext),
  decrypt: (key, iv, ciphertext) => cbc(key, iv).decrypt(ciphertext),
  keyed: (key) => (iv, plaintext) => cbc(key, iv).encrypt(plaintext),
};

/** This runtime's AES-256-CBC, chosen once. */
export const aesCbc: AesCbc = (() => {
  const node = nodeBuiltin<NodeCrypto>('node:crypto', (found) => typeof found?.createCipheriv === 'function' && typeof found.createDecipheriv === 'function');
  return node ? nodeAesCbc(node) : nobleAesCbc;
})();
